"""Background work of the TwinSpace: making and importing archives (``archive``). Each is safe to run twice:
a job is taken only in the state that calls for it, and a finished job is never done again."""

from django_tasks import task

from . import archive


@task()
def archive_export(job_id: int) -> dict:
    """Make a workspace's archive (a zip on private storage) with its progress."""
    return archive.run_export(job_id)


@task()
def archive_import_check(job_id: int) -> dict:
    """Check an uploaded archive and keep what it holds for the founder to confirm; writes nothing."""
    return archive.run_import_check(job_id)


@task()
def archive_import(job_id: int) -> dict:
    """Import a confirmed archive into its workspace, in one transaction."""
    return archive.run_import(job_id)
