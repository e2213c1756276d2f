"""The registry policies called directly: what the public sees, what each member of staff sees and manages
(schools and imports, by country), and the ``*_or_404`` fetches that answer 404 alike for "missing",
"not yours" and a malformed id."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.reference.models import Country
from twinning.schools import policies
from twinning.schools.models import School, SchoolImport, SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

MALFORMED_IDS = ["abc", "", None, "1.5", "1; DROP TABLE schools", [1], "99999999999999999999999"]


def _import(country, by):
    return SchoolImport.objects.create(
        country=country, created_by=by, original_name=f"{country.code}.csv", file=f"school-imports/{country.code}.csv"
    )


@pytest.fixture
def registry(greece, italy):
    """A school of each status in Greece, a validated one in Italy, and an import of each country."""
    schools = {status: SchoolFactory(country=greece, status=status) for status in SchoolStatus.values}
    schools["italian"] = SchoolFactory(country=italy)
    by = css_staff()
    return {**schools, "greek_import": _import(greece, by), "italian_import": _import(italy, by)}


# --- The public ---------------------------------------------------------------------------------------------


def test_the_public_sees_validated_schools_only(registry):
    public = set(policies.schools_public())
    assert public == {registry[SchoolStatus.VALIDATED], registry["italian"]}
    for status in (SchoolStatus.PROPOSED, SchoolStatus.MERGED, SchoolStatus.REJECTED):
        with pytest.raises(Http404):
            policies.school_public_or_404(registry[status].pk)
    assert policies.school_public_or_404(str(registry["italian"].pk)) == registry["italian"]


def test_the_public_scope_narrows_the_queryset_it_is_given(registry, greece):
    greek = School.objects.filter(country=greece)
    assert list(policies.schools_public(greek)) == [registry[SchoolStatus.VALIDATED]]
    with pytest.raises(Http404):
        policies.school_public_or_404(registry["italian"].pk, queryset=greek)


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_a_malformed_school_id_is_404_not_an_error(registry, bad):
    with pytest.raises(Http404):
        policies.school_public_or_404(bad)
    with pytest.raises(Http404):
        policies.school_for_staff_or_404(css_staff(), bad)
    with pytest.raises(Http404):
        policies.import_for_staff_or_404(css_staff(), bad)


# --- Staff: schools -----------------------------------------------------------------------------------------


def test_nso_staff_see_every_school_of_their_country_and_none_of_another(registry, greece, greek_nso):
    visible = set(policies.schools_visible_to_staff(greek_nso))
    assert visible == {registry[status] for status in SchoolStatus.values}  # proposed and merged too
    assert policies.school_for_staff_or_404(greek_nso, registry[SchoolStatus.PROPOSED].pk).country == greece
    with pytest.raises(Http404):
        policies.school_for_staff_or_404(greek_nso, registry["italian"].pk)
    with pytest.raises(Http404):
        policies.school_for_staff_or_404(nso_staff(registry["italian"].country), registry[SchoolStatus.VALIDATED].pk)


def test_the_staff_scope_narrows_the_queryset_it_is_given(registry, greek_nso):
    proposed = School.objects.filter(status=SchoolStatus.PROPOSED)
    assert list(policies.schools_visible_to_staff(greek_nso, proposed)) == [registry[SchoolStatus.PROPOSED]]
    assert not policies.schools_visible_to_staff(teacher(status=ValidationStatus.VALIDATED), proposed).exists()


@pytest.mark.parametrize("who", ["css", "administrator"])
def test_css_staff_see_the_schools_and_imports_of_every_country(registry, administrator, who):
    user = css_staff() if who == "css" else administrator
    assert policies.schools_visible_to_staff(user).count() == School.objects.count()
    assert policies.school_for_staff_or_404(user, registry["italian"].pk) == registry["italian"]
    assert set(policies.imports_visible_to(user)) == {registry["greek_import"], registry["italian_import"]}


def test_people_without_a_staff_duty_see_no_school_or_import_as_staff(registry, greece, attica_ambassador):
    for user in (AnonymousUser(), teacher(country=greece, status=ValidationStatus.VALIDATED), attica_ambassador):
        assert not policies.schools_visible_to_staff(user).exists()
        assert not policies.imports_visible_to(user).exists()
        assert not policies.staff_countries(user).exists()
        with pytest.raises(Http404):
            policies.school_for_staff_or_404(user, registry[SchoolStatus.VALIDATED].pk)
        with pytest.raises(Http404):
            policies.import_for_staff_or_404(user, registry["greek_import"].pk)


@pytest.mark.parametrize(
    ("who", "country", "allowed"),
    [
        ("greek_nso", "GR", True),
        ("greek_nso", "IT", False),
        ("greek_nso", None, False),
        ("css", "IT", True),
        ("css", None, True),
        ("ambassador", "GR", False),  # ambassadors support a region; they decide nothing
        ("teacher", "GR", False),
    ],
)
def test_who_manages_the_schools_of_a_country(greece, italy, greek_nso, attica_ambassador, who, country, allowed):
    user = {
        "greek_nso": greek_nso,
        "css": css_staff(),
        "ambassador": attica_ambassador,
        "teacher": teacher(country=greece, status=ValidationStatus.VALIDATED),
    }[who]
    target = {"GR": greece, "IT": italy, None: None}[country]
    assert policies.can_manage_schools(user, target.pk if target else None) is allowed
    if target is not None:
        assert policies.can_manage_school(user, SchoolFactory(country=target)) is allowed


# --- Staff: imports and countries ---------------------------------------------------------------------------


def test_nso_staff_see_the_imports_of_their_country_only(registry, greek_nso):
    assert list(policies.imports_visible_to(greek_nso)) == [registry["greek_import"]]
    assert policies.import_for_staff_or_404(greek_nso, registry["greek_import"].pk) == registry["greek_import"]
    with pytest.raises(Http404):
        policies.import_for_staff_or_404(greek_nso, registry["italian_import"].pk)


def test_the_registry_countries_of_each_member_of_staff(greece, italy, greek_nso, administrator):
    from twinning.staff.models import StaffRole

    assert list(policies.staff_countries(greek_nso)) == [greece]
    StaffRole.objects.create(user=greek_nso, kind=StaffRole.Kind.NSO, country=italy)
    both = type(greek_nso).objects.get(pk=greek_nso.pk)
    assert list(policies.staff_countries(both)) == [greece, italy]  # by English name
    assert policies.staff_countries(administrator).count() == Country.objects.count()
    assert policies.staff_countries(css_staff()).count() == Country.objects.count()
