"""Who may do what with newsletters. CSS staff and administrators write to any audience; NSO staff write
only to the teachers of their own country and see only their country's newsletters (others answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from twinning.core.lookups import get_or_404
from twinning.staff import policies as staff_policies

from .models import AudienceKind, Newsletter


def is_newsletter_staff(user: Any) -> bool:
    return staff_policies.is_css_staff(user) or bool(staff_policies.nso_country_ids(user))


def allowed_audiences(user: Any) -> list[str]:
    """The audiences this staff member may send to."""
    if staff_policies.is_css_staff(user):
        return list(AudienceKind.values)
    if staff_policies.nso_country_ids(user):
        return [AudienceKind.TEACHERS_OF_COUNTRY.value]
    return []


def country_ids(user: Any) -> set[int] | None:
    """Countries whose teachers this staff member may write to; None for all."""
    if staff_policies.is_css_staff(user):
        return None
    return staff_policies.nso_country_ids(user)


def may_send_to(user: Any, *, audience: str, country_id: int | None) -> bool:
    if audience not in allowed_audiences(user):
        return False
    if audience == AudienceKind.TEACHERS_OF_COUNTRY:
        ids = country_ids(user)
        return country_id is not None and (ids is None or country_id in ids)
    return True


def newsletters_visible_to(user: Any, queryset: QuerySet[Newsletter] | None = None) -> QuerySet[Newsletter]:
    qs = Newsletter.objects.all() if queryset is None else queryset
    if staff_policies.is_css_staff(user):
        return qs
    ids = staff_policies.nso_country_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(country_id__in=ids)


def newsletter_or_404(user: Any, newsletter_id: Any) -> Newsletter:
    qs = newsletters_visible_to(user, Newsletter.objects.select_related("country", "created_by", "job"))
    return get_or_404(qs, pk=newsletter_id)
