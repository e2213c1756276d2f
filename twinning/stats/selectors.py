"""Reads for the public pages: what is new in the community, and whom a visitor contacts.

Stats sits at the top of the stack and may read every app; the reads it needs that no app offers are
written here, small and with their query shape decided (``select_related``), never a ``COUNT(*)``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from twinning.core.text import normalize_search
from twinning.reference.models import SupportOrganisation
from twinning.schools.models import School, SchoolStatus

# The home page is the busiest page and ``registered_on`` has no index: the ids of the newest schools
# are computed at most this often (the schools themselves are then read by primary key).
LATEST_SCHOOLS_SECONDS = 300

# Whom an anonymous visitor sees first on the contact page (the installation's home country).
DEFAULT_CONTACT_COUNTRY = "GR"


def latest_validated_schools(*, limit: int = 6) -> list[School]:
    """The schools added to the registry most recently (validated, newest first), with country and region."""
    key = f"stats:latest-schools:{limit}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        ids = list(
            School.objects.filter(status=SchoolStatus.VALIDATED)
            .order_by("-registered_on", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
        cache.set(key, ids, LATEST_SCHOOLS_SECONDS)
    schools = {
        school.pk: school
        for school in School.objects.filter(pk__in=ids, status=SchoolStatus.VALIDATED).select_related(
            "country", "region"
        )
    }
    return [schools[pk] for pk in ids if pk in schools]


def national_support_organisations() -> list[SupportOrganisation]:
    """The support organisation (NSO or PSA) of every country taking part today, by country name."""
    today = timezone.localdate()
    organisations = (
        SupportOrganisation.objects.filter(country__isnull=False, country__valid_from__lte=today)
        .filter(Q(country__valid_to__isnull=True) | Q(country__valid_to__gte=today))
        .select_related("country")
    )
    return sorted(organisations, key=lambda organisation: normalize_search(str(_country_name(organisation))))


def _country_name(organisation: SupportOrganisation) -> str:
    return str(organisation.country.name) if organisation.country is not None else ""


def central_support_service() -> SupportOrganisation | None:
    return SupportOrganisation.objects.filter(kind=SupportOrganisation.Kind.CSS).first()


def contact_organisation(
    organisations: list[SupportOrganisation], *, code: str = "", country_id: int | None = None
) -> SupportOrganisation | None:
    """The organisation to show first: the country asked for, else the person's own, else the default one."""
    by_code = {o.country.code: o for o in organisations if o.country is not None}
    if code.upper() in by_code:
        return by_code[code.upper()]
    for organisation in organisations:
        if country_id is not None and organisation.country_id == country_id:
            return organisation
    return by_code.get(DEFAULT_CONTACT_COUNTRY) or (organisations[0] if organisations else None)
