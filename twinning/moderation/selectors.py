"""Reads of the moderation queue: one query per page whatever the number of reports, shaped here."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from twinning.core.registries import QueueState

from . import policies
from .models import Report, ReportStatus


def queue(*, staff: Any, filters: dict | None = None) -> QuerySet[Report]:
    """Reports in the staff member's countries; open ones the oldest first, decided ones the latest first."""
    filters = filters or {}
    status = filters.get("status") or ReportStatus.OPEN
    qs = policies.reports_visible_to(
        staff, Report.objects.select_related("reporter", "author", "author_country").filter(status=status)
    )
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if status == ReportStatus.OPEN:
        return qs.order_by("created_at", "id")
    return qs.select_related("decided_by").order_by("-decided_at", "-id")


def queue_state(staff: Any) -> QueueState:
    """The staff card: open reports in the staff member's countries and since when the oldest waits."""
    qs = policies.reports_visible_to(staff, Report.objects.filter(status=ReportStatus.OPEN))
    summary = qs.aggregate(oldest=Min("created_at"), waiting=Count("id"))
    return QueueState(waiting=summary["waiting"] or 0, oldest=summary["oldest"])


def report_for_page() -> QuerySet[Report]:
    return Report.objects.select_related("reporter", "author", "author__country", "author_country", "decided_by")


def other_reports(report: Report, *, limit: int = 20) -> list[Report]:
    """The other reports on the same item (from other people), for the report page."""
    return list(
        Report.objects.filter(kind=report.kind, object_id=report.object_id)
        .filter(~Q(pk=report.pk))
        .select_related("reporter")
        .order_by("created_at")[:limit]
    )


def reports_by(user: Any) -> QuerySet[Report]:
    return Report.objects.filter(reporter_id=user.pk).order_by("created_at", "id")
