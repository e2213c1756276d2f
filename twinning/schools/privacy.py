"""The school registry's part of a person's data: their school memberships (export and erasure)."""

from twinning.core import privacy as core_privacy

from .models import SchoolMembership
from .services import mark_memberless


def _iso(value):
    return value.isoformat() if value else None


def export_schools(user) -> list[dict]:
    memberships = (
        SchoolMembership.objects.filter(user=user)
        .select_related("school__country", "school__region")
        .order_by("-is_primary", "created_at")
    )
    return [
        {
            "school_id": m.school_id,
            "name": m.school.name,
            "city": m.school.city,
            "country": m.school.country.code,
            "region": m.school.region.name_en if m.school.region_id else None,
            "national_code": m.school.national_code,
            "is_primary": m.is_primary,
            "attached_at": _iso(m.created_at),
        }
        for m in memberships
    ]


def erase_school_memberships(user) -> None:
    memberships = SchoolMembership.objects.filter(user=user)
    school_ids = list(memberships.values_list("school_id", flat=True))
    memberships.delete()
    # Proposals left without members are withdrawn by the daily sweep, a week from now.
    mark_memberless(school_ids)


core_privacy.register_exporter("schools", export_schools, position=20)
core_privacy.register_eraser("school_memberships", erase_school_memberships)
