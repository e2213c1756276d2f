"""Background work of certificates: issuing a batch of source ids, and the daily sweep that completes the
certificates a dead worker left without PDF or badge. Both are safe to run twice."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def issue_certificates(source: str, source_ids: list[int]) -> int:
    from .services import issue_many

    return len(issue_many(source=source, source_ids=source_ids))


@task()
def complete_pending() -> int:
    from .services import complete_pending as run

    return run()


register_periodic("certificates.complete_pending", complete_pending, timedelta(days=1))
