"""Background work of self-reflection: the daily invitations to a cycle's phases and the reminders.
Safe to run twice (nobody is invited or reminded twice)."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def invitations_sweep() -> dict:
    from .services import sweep

    return sweep()


register_periodic("competences.invitations", invitations_sweep, timedelta(days=1))
