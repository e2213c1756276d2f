"""Staff duties in a person's data: the roles they held (export); erasure revokes those in force."""

from django.utils import timezone

from twinning.core import privacy as core_privacy

from . import policies
from .models import StaffRole


def _iso(value):
    return value.isoformat() if value else None


def export_staff_roles(user) -> list[dict]:
    roles = StaffRole.objects.filter(user=user).select_related("country", "region").order_by("granted_at", "pk")
    return [
        {
            "kind": r.kind,
            "country": r.country.code if r.country_id else None,
            "region": r.region.name_en if r.region_id else None,
            "term_start": _iso(r.term_start),
            "term_end": _iso(r.term_end),
            "granted_at": _iso(r.granted_at),
            "revoked_at": _iso(r.revoked_at),
        }
        for r in roles
    ]


def erase_staff_roles(user) -> None:
    """Roles are revoked, not deleted: who held a duty, and when, stays on record."""
    StaffRole.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    policies.forget_staff_roles(user)


core_privacy.register_exporter("staff_roles", export_staff_roles, position=30)
core_privacy.register_eraser("staff_roles", erase_staff_roles)
