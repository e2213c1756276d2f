"""Reads on countries and the school registry. Query shape (joins, prefetches) is decided here."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import get_language

from twinning.accounts import policies as people_policies
from twinning.core.text import normalize_search

from . import policies
from .models import Country, EducationDirectorate, Region, School, SchoolImport, SchoolMembership, SchoolStatus

# A search uses at most this many words (each must match the name or the city).
_MAX_SEARCH_WORDS = 6


_CHOICES_VERSION_KEY = "reference_choices_version"
_CHOICES_SECONDS = 600


def reference_choices_changed() -> None:
    """Forget cached country/region choices (called when staff edit reference data)."""
    try:
        cache.incr(_CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(_CHOICES_VERSION_KEY, 2, None)


def _choices_key(kind: str, country_ids) -> str:
    version = cache.get_or_set(_CHOICES_VERSION_KEY, 1, None)
    scope = "all" if country_ids is None else ",".join(str(i) for i in sorted(country_ids))
    return f"choices:{kind}:v{version}:{get_language()}:{scope}"


def country_choices(country_ids=None) -> list[tuple[int, str]]:
    """(id, name) of countries in the active language, cached: filter forms render them on every page."""
    key = _choices_key("countries", country_ids)
    choices = cache.get(key)
    if choices is None:
        qs = Country.objects.all() if country_ids is None else Country.objects.filter(pk__in=country_ids)
        choices = sorted(((c.pk, c.name) for c in qs), key=lambda pair: pair[1])
        cache.set(key, choices, _CHOICES_SECONDS)
    return choices


def region_choices(country_ids=None) -> list[tuple[int, str]]:
    """(id, "region" or "country – region") in the active language, cached like country_choices."""
    key = _choices_key("regions", country_ids)
    choices = cache.get(key)
    if choices is None:
        qs = Region.objects.select_related("country")
        if country_ids is not None:
            qs = qs.filter(country_id__in=country_ids)
        regions = list(qs)
        one_country = len({r.country_id for r in regions}) <= 1
        labelled = [(r.pk, r.name if one_country else f"{r.country.name} – {r.name}") for r in regions]
        choices = sorted(labelled, key=lambda pair: pair[1])
        cache.set(key, choices, _CHOICES_SECONDS)
    return choices


def regions_for_choice(countries=None) -> QuerySet[Region]:
    """Regions for a drop-down, each labelled with its country (one query)."""
    qs = Region.objects.select_related("country").order_by("country__name_en", "name_en")
    return qs if countries is None else qs.filter(country__in=countries)


def directorates_for_choice(countries=None) -> QuerySet[EducationDirectorate]:
    qs = EducationDirectorate.objects.select_related("region__country").order_by(
        "region__country__name_en", "region__name_en", "name_en"
    )
    return qs if countries is None else qs.filter(region__country__in=countries)


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


def school_etwinners(*, school: School, viewer, limit: int = 50) -> tuple[list, bool]:
    """Validated eTwinners of a school whose profile the viewer may see: (first ``limit``, more exist?).

    One query whatever the number of members; no COUNT.
    """
    User = get_user_model()
    rows = list(
        User.objects.filter(
            school_memberships__school=school,
            validation_status="validated",
            anonymised_at__isnull=True,
            inactive_since__isnull=True,
            is_active=True,
            visibility__in=people_policies.profile_visibilities_for(viewer),
        )
        .only("pk", "first_name", "last_name", "community_role")
        .order_by("last_name", "first_name", "pk")[: limit + 1]
    )
    return rows[:limit], len(rows) > limit


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
    return list(policies.imports_visible_to(staff).order_by("-created_at", "-pk")[:limit])
