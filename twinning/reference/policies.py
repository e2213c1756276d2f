"""Who may edit reference data.

CSS staff (and administrators) keep the federation's taxonomies and set countries up (programme type,
dates, languages). NSO staff tune only the operational settings of their own country; another
country's page does not exist for them (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from twinning.staff import policies as staff_policies

from .models import Country

# What a country's own NSO tunes: what validators are shown and what waiting teachers are told.
COUNTRY_OPERATIONAL_FIELDS = frozenset({"school_email_domains", "typical_validation_days", "age_of_digital_consent"})
# Country set-up, kept by the CSS.
COUNTRY_SETUP_FIELDS = frozenset(
    {
        "name_en",
        "name_el",
        "programme_type",
        "valid_from",
        "valid_to",
        "languages",
        "ambassador_term_months",
        "hosted_here",
    }
)


def can_edit_taxonomies(user) -> bool:
    return staff_policies.is_css_staff(user)


def can_create_countries(user) -> bool:
    return staff_policies.is_css_staff(user)


def countries_editable_by(user) -> QuerySet[Country]:
    """Countries whose settings this staff member may open: all for the CSS, their own for NSO staff."""
    if not staff_policies.is_support_staff(user):
        return Country.objects.none()
    scope = staff_policies.staff_country_filter(user, field="pk")
    return Country.objects.all() if scope is None else Country.objects.filter(scope)


def country_for_reference_or_404(user, code) -> Country:
    try:
        return countries_editable_by(user).get(code=str(code).upper())
    except Country.DoesNotExist:
        raise Http404 from None


def country_editable_fields(user, country: Country) -> frozenset[str]:
    if staff_policies.is_css_staff(user):
        return COUNTRY_SETUP_FIELDS | COUNTRY_OPERATIONAL_FIELDS
    if country.pk in staff_policies.nso_country_ids(user):
        return COUNTRY_OPERATIONAL_FIELDS
    return frozenset()
