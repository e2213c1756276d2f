"""Reads on countries and the school registry. Query shape (joins, prefetches) is decided here."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from twinning.core.text import normalize_search

from . import policies
from .models import School, SchoolImport, SchoolMembership, SchoolStatus

# A search uses at most this many words (each must match the name or the city).
_MAX_SEARCH_WORDS = 6


# With a text term, order by an expression no b-tree provides: PostgreSQL then takes the trigram index
# and sorts the matches, instead of walking the whole name index hoping to meet them early (the order
# shown is the same, search_name is already lower-case). See docs/performance.md.
_TEXT_SEARCH_ORDER = (Lower("search_name"), "pk")


def _text_filter(q: str) -> Q | None:
    """Every word must appear in the name or the city; the whole text may also be a national code."""
    term = normalize_search(q)
    if not term:
        return None
    words = Q()
    for word in term.split()[:_MAX_SEARCH_WORDS]:
        words &= Q(search_name__contains=word) | Q(search_city__contains=word)
    return words | Q(national_code=q.strip())


def school_search(
    *,
    q: str = "",
    country=None,
    region=None,
    level=None,
    city: str = "",
    school_type: str = "",
    statuses=(SchoolStatus.VALIDATED,),
) -> QuerySet[School]:
    """Schools by name, city or national code; accent- and case-insensitive."""
    qs = School.objects.filter(status__in=statuses).select_related("country", "region")
    if country is not None:
        qs = qs.filter(country=country)
    if region is not None:
        qs = qs.filter(region=region)
    if level is not None:
        qs = qs.filter(levels=level)
    if school_type:
        qs = qs.filter(school_type=school_type)
    if city:
        qs = qs.filter(search_city__startswith=normalize_search(city))
    text = _text_filter(q)
    if text is not None:
        return qs.filter(text).order_by(*_TEXT_SEARCH_ORDER)
    return qs.order_by("search_name", "pk")


def public_school_search(filters: dict) -> QuerySet[School]:
    """The public search: validated schools with their levels (one extra query per page)."""
    return school_search(
        q=filters.get("q") or "",
        country=filters.get("country"),
        region=filters.get("region"),
        level=filters.get("level"),
        school_type=filters.get("school_type") or "",
    ).prefetch_related("levels")


def schools_of(user) -> list[School]:
    return [
        m.school
        for m in SchoolMembership.objects.filter(user=user)
        .select_related("school__country", "school__region")
        .order_by("-is_primary", "created_at")
    ]


def school_levels(school: School) -> list:
    return list(school.levels.order_by("position"))


# --- Staff ------------------------------------------------------------------------------------


def schools_for_staff(*, staff, filters: dict | None = None) -> QuerySet[School]:
    """The registry of the staff member's countries, with the list filters applied."""
    filters = filters or {}
    qs = policies.schools_visible_to_staff(staff)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("region"):
        qs = qs.filter(region=filters["region"])
    qs = qs.select_related("country", "region")
    text = _text_filter(filters.get("q") or "")
    if text is not None:
        return qs.filter(text).order_by(*_TEXT_SEARCH_ORDER)
    return qs.order_by("search_name", "pk")


def school_members_for_staff(school: School, *, limit: int = 100) -> tuple[list[SchoolMembership], bool]:
    """Everyone attached to the school, whatever their status (staff view); one query."""
    rows = list(
        SchoolMembership.objects.filter(school=school)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit


def merge_candidates(*, staff, school: School, q: str = "", limit: int = 20) -> list[School]:
    """Schools the duplicate could be merged into: same country, validated or proposed.

    Without a search text, schools of the same city come first (the usual duplicates).
    """
    qs = (
        policies.schools_visible_to_staff(staff)
        .filter(country_id=school.country_id, status__in=(SchoolStatus.VALIDATED, SchoolStatus.PROPOSED))
        .exclude(pk=school.pk)
        .select_related("region")
    )
    text = _text_filter(q)
    qs = qs.filter(text) if text is not None else qs.filter(search_city=school.search_city)
    return list(qs.order_by("search_name", "pk")[:limit])


def imports_for_staff(staff, *, limit: int = 50) -> list[SchoolImport]:
    return list(policies.imports_visible_to(staff, imports_with_people()).order_by("-created_at", "-pk")[:limit])


def imports_with_people() -> QuerySet[SchoolImport]:
    """Imports with their country and uploader, as the import pages show them."""
    return SchoolImport.objects.select_related("country", "created_by")


def schools_with_places() -> QuerySet[School]:
    """Schools with their country, region and directorate, as the school pages show them."""
    return School.objects.select_related("country", "region", "directorate")


def schools_to_attach() -> QuerySet[School]:
    """Schools a person may pick from the registry for their profile (validated ones)."""
    return School.objects.filter(status=SchoolStatus.VALIDATED).select_related("country")


def schools_of_person(user) -> QuerySet[School]:
    """The schools on this person's profile."""
    return School.objects.filter(memberships__user=user).select_related("country")


def schools_in_regions(region_ids, *, limit: int = 100) -> list[School]:
    """Validated and proposed schools of these regions, by name (an ambassador's view)."""
    return list(
        School.objects.filter(
            region_id__in=list(region_ids), status__in=(SchoolStatus.VALIDATED, SchoolStatus.PROPOSED)
        )
        .select_related("region")
        .order_by("search_name", "pk")[:limit]
    )
