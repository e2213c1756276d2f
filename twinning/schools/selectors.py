"""Reads on countries and the school registry."""

from django.db.models import QuerySet

from twinning.core.text import normalize_search

from .models import Country, Region, School, SchoolMembership, SchoolStatus


def countries_participating() -> QuerySet[Country]:
    return Country.objects.all().order_by("name_en")


def regions_of(country) -> QuerySet[Region]:
    return Region.objects.filter(country=country).order_by("name_en")


def school_search(*, q: str = "", country=None, region=None, level=None, city: str = "",
                  statuses=(SchoolStatus.VALIDATED,)) -> QuerySet[School]:
    """Schools by name, city or national code; accent- and case-insensitive."""
    qs = School.objects.filter(status__in=statuses).select_related("country", "region")
    if country is not None:
        qs = qs.filter(country=country)
    if region is not None:
        qs = qs.filter(region=region)
    if level is not None:
        qs = qs.filter(levels=level)
    if city:
        qs = qs.filter(search_city__startswith=normalize_search(city))
    term = normalize_search(q)
    if term:
        code_hits = qs.filter(national_code=q.strip())
        qs = qs.filter(search_name__contains=term) | code_hits
    return qs.order_by("search_name", "pk")


def schools_of(user) -> list[School]:
    return [
        m.school
        for m in SchoolMembership.objects.filter(user=user)
        .select_related("school__country", "school__region")
        .order_by("-is_primary", "created_at")
    ]
