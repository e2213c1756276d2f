"""The events' source of certificates of attendance (``twinning.certificates``): a registration qualifies when
its person is marked present at an event that was not cancelled. Recording attendance asks for the
certificates (``issue_certificates``); removing attendance later does not revoke one (staff revoke it in the
certificates app)."""

from __future__ import annotations

from twinning.certificates.sources import Facts, register_source

from .models import Registration, Status

SOURCE = "events.attendance"


def facts(ids: list[int]) -> dict[int, Facts]:
    rows = Registration.objects.filter(
        pk__in=ids, status=Status.REGISTERED, attended=True, event__cancelled_at__isnull=True
    ).select_related("event")
    found: dict[int, Facts] = {}
    for row in rows:
        event = row.event
        started = event.starts_at.astimezone(_zone(event.time_zone)).date()
        ended = event.ends_at.astimezone(_zone(event.time_zone)).date()
        found[row.pk] = Facts(
            user_id=row.user_id,
            kind="event",
            title_el=event.title,
            title_en=event.title,
            hours=event.hours,
            started_on=started,
            ended_on=ended,
            country_id=event.country_id,
        )
    return found


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def issue_certificates(ids: list[int]) -> None:
    """Ask the certificates app to issue a certificate of attendance for these registrations (it enqueues the
    work once the transaction commits, and asks ``facts`` again then). Nothing when the list is empty."""
    if not ids:
        return
    try:
        from twinning.certificates.services import request_issue
    except ImportError:  # the certificates app is not there (yet): attendance is still recorded
        return
    request_issue(source=SOURCE, source_ids=list(ids))


register_source(SOURCE, facts)
