"""Background work of the platform itself: a person's long job (``core.jobs``)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from .jobs import run

    return run(job_id)
