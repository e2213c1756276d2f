"""The reference-data policies called directly: who keeps the taxonomies and sets countries up, which
countries each member of staff may open and which of their fields each may change."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.reference import policies
from twinning.reference.models import Country
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db

SET_UP_ONLY = {"name_en", "name_el", "programme_type", "valid_from", "valid_to", "languages"}
OPERATIONAL = {"school_email_domains", "typical_validation_days", "age_of_digital_consent"}


def _codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("css", True), ("administrator", True), ("nso", False), ("ambassador", False), ("teacher", False)],
)
def test_only_the_css_keeps_taxonomies_and_adds_countries(greece, administrator, attica_ambassador, who, allowed):
    user = {
        "css": lambda: css_staff(),
        "administrator": lambda: administrator,
        "nso": lambda: nso_staff(greece),
        "ambassador": lambda: attica_ambassador,
        "teacher": lambda: teacher(country=greece, status=ValidationStatus.VALIDATED),
    }[who]()
    assert policies.can_edit_taxonomies(user) is allowed
    assert policies.can_create_countries(user) is allowed


def test_nso_staff_open_their_own_country_only(greece, italy, greek_nso):
    assert _codes(policies.countries_editable_by(greek_nso)) == {"GR"}
    assert policies.country_for_reference_or_404(greek_nso, "gr") == greece  # codes in any case
    with pytest.raises(Http404):
        policies.country_for_reference_or_404(greek_nso, "IT")
    StaffRole.objects.create(user=greek_nso, kind=StaffRole.Kind.NSO, country=italy)
    both = type(greek_nso).objects.get(pk=greek_nso.pk)
    assert _codes(policies.countries_editable_by(both)) == {"GR", "IT"}


@pytest.mark.parametrize("who", ["css", "administrator"])
def test_the_css_opens_every_country(greece, italy, administrator, who):
    user = css_staff() if who == "css" else administrator
    assert _codes(policies.countries_editable_by(user)) == _codes(Country.objects.all())
    assert policies.country_for_reference_or_404(user, "it") == italy


@pytest.mark.parametrize("code", ["XX", "abc", "", None, "G R"])
def test_an_unknown_or_malformed_code_is_404_even_for_the_css(greece, code):
    with pytest.raises(Http404):
        policies.country_for_reference_or_404(css_staff(), code)


def test_people_without_a_staff_duty_open_no_country(greece, attica_ambassador):
    revoked = nso_staff(greece)
    StaffRole.objects.filter(user=revoked).update(revoked_at=timezone.now())
    for user in (
        AnonymousUser(),
        teacher(country=greece, status=ValidationStatus.VALIDATED),
        attica_ambassador,
        type(revoked).objects.get(pk=revoked.pk),
    ):
        assert not policies.countries_editable_by(user).exists()
        with pytest.raises(Http404):
            policies.country_for_reference_or_404(user, "GR")


def test_nso_staff_change_only_the_operational_settings_of_their_own_country(greece, italy, greek_nso):
    fields = policies.country_editable_fields(greek_nso, greece)
    assert fields == OPERATIONAL
    assert not fields & SET_UP_ONLY  # programme, dates, names and languages stay with the CSS
    assert policies.country_editable_fields(greek_nso, italy) == frozenset()


def test_the_css_changes_set_up_and_operational_settings_of_every_country(greece, italy, administrator):
    for user in (css_staff(), administrator):
        for country in (greece, italy):
            fields = policies.country_editable_fields(user, country)
            assert fields >= SET_UP_ONLY | OPERATIONAL
            assert "ambassador_term_months" in fields


def test_ambassadors_and_teachers_change_no_country_field(greece, attica_ambassador):
    assert policies.country_editable_fields(attica_ambassador, greece) == frozenset()
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert policies.country_editable_fields(person, greece) == frozenset()


def test_every_editable_field_is_a_field_of_the_country_and_code_is_never_one(greece):
    fields = policies.country_editable_fields(css_staff(), greece)
    model_fields = {f.name for f in Country._meta.get_fields() if f.concrete or f.many_to_many}
    assert fields <= model_fields, fields - model_fields
    assert "code" not in fields  # the ISO code identifies the country in URLs and the audit log
