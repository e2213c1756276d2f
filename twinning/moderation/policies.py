"""Who sees which reports: the NSO staff of the reported author's country (CSS staff: all); everyone else,
and staff of another country, gets 404 for a report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from twinning.core.lookups import get_or_404
from twinning.staff.policies import is_support_staff, staff_country_filter

from .models import Report


def reports_visible_to(user: Any, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    qs = Report.objects.all() if queryset is None else queryset
    if not is_support_staff(user):
        return qs.none()
    scope = staff_country_filter(user, field="author_country")
    return qs if scope is None else qs.filter(scope)


def report_for_staff_or_404(user: Any, report_id: Any, *, queryset: QuerySet[Report] | None = None) -> Report:
    return get_or_404(reports_visible_to(user, queryset), pk=report_id)
