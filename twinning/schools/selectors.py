"""Reads on countries and the school registry. Query shape (joins, prefetches) is decided here."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from twinning.core.text import latin_key, normalize_search

from . import matching, policies
from .models import School, SchoolImport, SchoolMembership, SchoolStatus

# A search uses at most this many words (each must match the name or the city).
_MAX_SEARCH_WORDS = 6
# A national code typed in part matches from its start ("05510" finds "0551010") once it has this many
# characters; a shorter one must be the whole code.
_CODE_PREFIX_MIN = 3

# Lists order by the natural sort key ("1ο" before "12ο"). With a text term, order by an expression no
# b-tree provides: PostgreSQL then takes the trigram indexes and sorts the matches, instead of walking the
# whole name index hoping to meet them early (the order shown is the same, sort_name is already
# lower-case). See docs/performance.md.
_LIST_ORDER = ("sort_name", "pk")
_TEXT_SEARCH_ORDER = (Lower("sort_name"), "pk")


def _word_filter(word: str) -> Q:
    """One folded word: in the name or the city as written, or in their Latin key (its own spelling, or the
    Greek name of the place it is the English name of: "athens" -> "athina")."""
    condition = Q(search_name__contains=word) | Q(search_city__contains=word)
    for key in matching.word_keys(word):
        condition |= Q(search_latin__contains=key)
    return condition


def _text_filter(q: str) -> Q | None:
    """Every word must appear in the name or the city (in Greek or Latin letters); a text of one word may
    also be a national code, or its beginning."""
    term = normalize_search(q)
    if not term:
        return None
    words = Q()
    for word in term.split()[:_MAX_SEARCH_WORDS]:
        words &= _word_filter(word)
    code = q.strip()
    if " " in code:
        return words
    if len(code) >= _CODE_PREFIX_MIN:
        return words | Q(national_code__startswith=code)
    return words | Q(national_code=code)


@dataclass(frozen=True)
class ResultCount:
    """How many rows a list has, counted up to a cap: ``more`` says there are more than ``number``."""

    number: int
    more: bool


# Lists count their rows up to this many, then say "more than 1,000".
COUNT_CAP = 1000


def count_up_to(queryset: QuerySet, cap: int | None = None) -> ResultCount:
    """Count a list's rows, stopping after ``cap`` (default ``COUNT_CAP``; one query, ``SELECT COUNT(*) FROM
    (… LIMIT cap + 1)``): at European scale a search may match half a million schools, never all counted."""
    cap = COUNT_CAP if cap is None else cap
    n = queryset.order_by().values("pk")[: cap + 1].count()
    return ResultCount(number=min(n, cap), more=n > cap)


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
    return qs.order_by(*_LIST_ORDER)


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
    return qs.order_by(*_LIST_ORDER)


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
    return list(qs.order_by(*_LIST_ORDER)[:limit])


def imports_for_staff(staff, *, limit: int = 50) -> list[SchoolImport]:
    return list(policies.imports_visible_to(staff, imports_with_people()).order_by("-created_at", "-pk")[:limit])


def imports_with_people() -> QuerySet[SchoolImport]:
    """Imports with their country and uploader, as the import pages show them."""
    return SchoolImport.objects.select_related("country", "created_by")


def schools_with_places() -> QuerySet[School]:
    """Schools with their country, region and directorate, as the school pages show them."""
    return School.objects.select_related("country", "region", "directorate")


def schools_of_country(country_id) -> QuerySet[School]:
    """The registry of one country, with the country (a school picked on an import's page)."""
    return School.objects.filter(country_id=country_id).select_related("country")


def schools_to_attach() -> QuerySet[School]:
    """Schools a person may pick for their profile: validated ones, and proposed ones (a colleague's proposal
    offered under "Did you mean…?"; the service decides who may take which)."""
    return School.objects.filter(status__in=(SchoolStatus.VALIDATED, SchoolStatus.PROPOSED)).select_related("country")


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
        .order_by(*_LIST_ORDER)[:limit]
    )


def school_status(school_id) -> str | None:
    """A school's status as it is now (after a write that may have changed it), or None."""
    return School.objects.filter(pk=school_id).values_list("status", flat=True).first()


# --- Similar schools (duplicates) -------------------------------------------------------------------------

# At most this many schools of the place are compared by name in Python.
_SIMILAR_CANDIDATES = 400
_WORD = re.compile(r"\w{4,}")
# Words of school names too common to narrow the candidates ("γυμνασιο", "school", …), as Latin keys.
_COMMON_NAME_WORDS = frozenset(
    latin_key(word)
    for word in [
        "σχολείο",
        "σχολική",
        "μονάδα",
        "δημοτικό",
        "γυμνάσιο",
        "λύκειο",
        "γενικό",
        "νηπιαγωγείο",
        "επαγγελματικό",
        "εσπερινό",
        "ειδικό",
        "μουσικό",
        "καλλιτεχνικό",
        "πειραματικό",
        "πρότυπο",
        "ιδιωτικό",
        "δημόσιο",
        "ολοήμερο",
        "κέντρο",
        "school",
        "primary",
        "secondary",
        "high",
        "college",
        "lyceum",
        "gymnasium",
        "kindergarten",
        "nursery",
        "academy",
        "scuola",
        "liceo",
        "istituto",
        "comprensivo",
        "escuela",
        "colegio",
        "instituto",
        "lycée",
        "lycee",
        "collège",
        "college",
        "ecole",
        "école",
        "schule",
        "grundschule",
        "gymnasium",
        "szkoła",
        "szkola",
        "liceum",
    ]
)


def similar_schools(
    *,
    country,
    name: str,
    city: str,
    region=None,
    limit: int = 5,
    statuses=(SchoolStatus.VALIDATED, SchoolStatus.PROPOSED),
    exclude_pk=None,
) -> list[School]:
    """Schools of the same country and the same city (or region) whose name is like ``name``: the "did you
    mean…?" of a proposal. Best match first; numbers in the names must agree ("1ο" is not "2ο").

    The database narrows to the place and to names sharing the numbers or a distinctive word (at most
    400 rows); the names are compared here (``matching.similarity``). Two queries at most.
    """
    if not (name or "").strip() or not (city or "").strip():
        return []
    place = Q(search_city=normalize_search(city))
    for key in {latin_key(city), matching.city_key(city)} - {""}:
        place |= Q(search_latin__endswith=" " + key)
    greek = matching.greek_place(city)
    if greek:
        place |= Q(search_city=normalize_search(greek))
    if region is not None:
        place |= Q(region=region)
    qs = School.objects.filter(place, country=country, status__in=statuses)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    wanted = matching.NameProfile.of(name)
    if wanted.numbers:
        for number in wanted.numbers:
            qs = qs.filter(search_name__regex=rf"(^|[^0-9]){number}([^0-9]|$)")
    else:
        words = [w for w in _WORD.findall(wanted.key) if w not in _COMMON_NAME_WORDS]
        if words:
            any_word = Q()
            for word in words[:_MAX_SEARCH_WORDS]:
                any_word |= Q(search_latin__contains=word)
            qs = qs.filter(any_word)
    candidates = list(qs.select_related("country", "region").order_by(*_LIST_ORDER)[:_SIMILAR_CANDIDATES])
    scored = [(matching.similarity(wanted, matching.NameProfile.of(school.name)), school) for school in candidates]
    scored = [(score, school) for score, school in scored if score >= matching.SIMILARITY_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[0], pair[1].sort_name, pair[1].pk))
    return [school for _score, school in scored[:limit]]
