"""Background work for the school registry: checking and applying registry imports, removing old files and
withdrawing proposals nobody is attached to. Safe to run twice."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic

from . import services


@task()
def school_import_validate(import_id: int) -> dict:
    """Check every row of an uploaded registry file and store the preview (writes no school)."""
    return services.run_validation(import_id)


@task()
def school_import_apply(import_id: int, actor_id: int | None = None) -> dict:
    """Write a confirmed registry import in one transaction."""
    return services.run_apply(import_id, actor_id)


@task()
def school_import_files_remove() -> int:
    """Delete uploaded registry files older than SCHOOL_IMPORT_FILE_DAYS (the import records stay)."""
    return services.remove_old_files()


register_periodic("schools.school_import_files_remove", school_import_files_remove, timedelta(hours=6))


@task()
def school_proposals_withdraw_memberless() -> dict:
    """Withdraw proposed schools that have had no member for a week (e.g. a teacher who left, an erased account)."""
    return services.proposals_withdraw_memberless()


register_periodic(
    "schools.school_proposals_withdraw_memberless", school_proposals_withdraw_memberless, timedelta(days=1)
)
