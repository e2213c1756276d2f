"""Reads on reference data: cached country and region choices for the many forms that list them."""

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils.translation import get_language

from twinning.core.text import normalize_search

from .models import Country, EducationDirectorate, EducationLevel, Region

_CHOICES_VERSION_KEY = "reference_choices_version"
_CHOICES_SECONDS = 600


def reference_choices_changed() -> None:
    """Forget cached country/region choices (called when staff edit reference data)."""
    try:
        cache.incr(_CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(_CHOICES_VERSION_KEY, 2, None)


def choices_version() -> int:
    """Changes whenever reference data does (``reference_choices_changed``): part of the key of anything
    cached from it."""
    return int(cache.get_or_set(_CHOICES_VERSION_KEY, 1, None) or 1)


def _choices_key(kind: str, country_ids) -> str:
    version = choices_version()
    scope = "all" if country_ids is None else ",".join(str(i) for i in sorted(country_ids))
    return f"choices:{kind}:v{version}:{get_language()}:{scope}"


def cached_choices(kind: str, build):
    """Any list built from reference data (taxonomy choices of a form), cached per language until reference
    data changes (``reference_choices_changed``)."""
    key = _choices_key(kind, None)
    choices = cache.get(key)
    if choices is None:
        choices = build()
        cache.set(key, choices, _CHOICES_SECONDS)
    return choices


def country_choices(country_ids=None) -> list[tuple[int, str]]:
    """(id, name) of countries in the active language, cached: filter forms render them on every page."""
    key = _choices_key("countries", country_ids)
    choices = cache.get(key)
    if choices is None:
        qs = Country.objects.all() if country_ids is None else Country.objects.filter(pk__in=country_ids)
        # In the interface language's alphabet: accents and case aside ("Ελλάδα" among the Ε, not after Ω).
        choices = sorted(((c.pk, c.name) for c in qs), key=lambda pair: normalize_search(pair[1]))
        cache.set(key, choices, _CHOICES_SECONDS)
    return choices


def region_options(country_ids=None) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """Region choices — (id, "region" or "country – region") in the active language — and each region's
    country id (for lists that follow the chosen country, ``FastSelect(parents=…)``), cached like
    country_choices: one cache read for both."""
    key = _choices_key("regions", country_ids)
    cached = cache.get(key)
    if cached is None:
        qs = Region.objects.select_related("country")
        if country_ids is not None:
            qs = qs.filter(country_id__in=country_ids)
        regions = list(qs)
        one_country = len({r.country_id for r in regions}) <= 1
        labelled = [(r.pk, r.name if one_country else f"{r.country.name} – {r.name}") for r in regions]
        cached = (
            sorted(labelled, key=lambda pair: normalize_search(pair[1])),
            {r.pk: r.country_id for r in regions},
        )
        cache.set(key, cached, _CHOICES_SECONDS)
    return cached


def region_choices(country_ids=None) -> list[tuple[int, str]]:
    """(id, "region" or "country – region") in the active language, sorted in its alphabet."""
    return region_options(country_ids)[0]


def regions_for_choice(countries=None) -> QuerySet[Region]:
    """Regions for a drop-down, each labelled with its country (one query)."""
    qs = Region.objects.select_related("country").order_by("country__name_en", "name_en")
    return qs if countries is None else qs.filter(country__in=countries)


def hosted_country_ids() -> frozenset[int]:
    """Countries whose NSO works on this installation (cached like the choices)."""
    key = _choices_key("hosted", None)
    ids = cache.get(key)
    if ids is None:
        ids = frozenset(Country.objects.filter(hosted_here=True).values_list("pk", flat=True))
        cache.set(key, ids, _CHOICES_SECONDS)
    return ids


def education_levels() -> QuerySet[EducationLevel]:
    """Education levels in their natural order (pre-primary first)."""
    return EducationLevel.objects.order_by("position")


def directorates_for_choice(countries=None) -> QuerySet[EducationDirectorate]:
    qs = EducationDirectorate.objects.select_related("region__country").order_by(
        "region__country__name_en", "region__name_en", "name_en"
    )
    return qs if countries is None else qs.filter(region__country__in=countries)


def countries_for_list(countries: QuerySet[Country]) -> QuerySet[Country]:
    """Countries as the country list shows them: organisation, languages, number of regions (3 queries)."""
    return (
        countries.select_related("support_organisation")
        .annotate(region_count=Count("regions", distinct=True))
        .prefetch_related("languages")
        .order_by("name_en")
    )
