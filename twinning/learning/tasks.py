"""Background work of the courses: the daily balancing into groups of the cycles whose enrolment has closed.
Safe to run twice (balancing keeps existing placements)."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def balance_closed_cycles() -> int:
    from .services import balance_closed_cycles as run

    return run()


register_periodic("learning.balance_groups", balance_closed_cycles, timedelta(days=1))
