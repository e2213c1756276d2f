"""The pupils' daily sweep (domain §6): logins switched off when their projects have closed, accounts
erased when the keeping time has passed. Safe to run twice."""

from django_tasks import task


@task()
def pupils_lifecycle_task() -> dict:
    from . import services

    return services.pupils_lifecycle()
