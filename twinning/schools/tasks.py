"""Background work for the school registry: checking and applying registry imports. Safe to run twice."""

from django_tasks import task

from . import registry_import


@task()
def school_import_validate(import_id: int) -> dict:
    """Check every row of an uploaded registry file and store the preview (writes no school)."""
    return registry_import.run_validation(import_id)


@task()
def school_import_apply(import_id: int, actor_id: int | None = None) -> dict:
    """Write a confirmed registry import in one transaction."""
    return registry_import.run_apply(import_id, actor_id)
