"""Background work of the Moodle import: the daily sweep of uploaded backups never confirmed (the import's
own job, ``learning.moodle_import``, runs through ``core.jobs``). Safe to run twice."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def sweep_moodle_uploads() -> int:
    from .services import sweep_uploads

    return sweep_uploads()


register_periodic("learning.moodle_uploads", sweep_moodle_uploads, timedelta(days=1))
