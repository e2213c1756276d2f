"""The helpdesk's housekeeping: visitors' requests never confirmed are deleted once their link has expired (an
unconfirmed address and its message are kept no longer than the link that could confirm them)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic

from . import services


@task()
def sweep_visitor_requests() -> int:
    """Every hour: delete the visitors' requests whose confirmation link has expired; how many were."""
    return services.delete_expired_visitor_requests()


register_periodic("support.sweep_visitor_requests", sweep_visitor_requests, timedelta(hours=1))
