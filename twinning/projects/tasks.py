"""Background work of the projects app, and its periodic jobs."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def resolve_unhosted_approvals() -> int:
    """Daily: approvals of countries no longer hosted here stop waiting (idempotent)."""
    from . import services

    return services.approvals_resolve_unhosted()


register_periodic("projects.resolve_unhosted", resolve_unhosted_approvals, timedelta(days=1))
