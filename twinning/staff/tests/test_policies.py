"""The staff policies called directly: which roles are in force, whom each kind of staff serves, who needs
the second factor, who may give which duty, and whose roles and audit trail each may read."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff, teacher
from twinning.reference.models import Country
from twinning.reference.tests.factories import RegionFactory
from twinning.staff import policies
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db

NSO, CSS, AMBASSADOR = StaffRole.Kind.NSO, StaffRole.Kind.CSS, StaffRole.Kind.AMBASSADOR


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _fresh(user):
    """The same person as a new request sees them (roles are read once per user object)."""
    return type(user).objects.get(pk=user.pk)


def _ambassador_of(region, **term):
    person = teacher(country=region.country, status=ValidationStatus.VALIDATED)
    term = {"term_start": _days(-10), "term_end": _days(300), **term}
    StaffRole.objects.create(user=person, kind=AMBASSADOR, country=region.country, region=region, **term)
    return person


# --- Roles in force ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term_start", "term_end", "revoked", "in_force"),
    [
        (None, None, False, True),  # NSO and CSS roles usually have no term
        (-30, 0, False, True),  # the last day of the term still counts
        (0, 30, False, True),  # so does the first
        (-30, -1, False, False),  # ended yesterday
        (1, 30, False, False),  # starts tomorrow
        (None, None, True, False),  # revoked
        (-30, 30, True, False),  # revoked during its term
    ],
)
def test_only_a_role_not_revoked_and_within_its_term_gives_power(greece, term_start, term_end, revoked, in_force):
    person = UserFactory()
    StaffRole.objects.create(
        user=person,
        kind=NSO,
        country=greece,
        term_start=None if term_start is None else _days(term_start),
        term_end=None if term_end is None else _days(term_end),
        revoked_at=timezone.now() if revoked else None,
    )
    assert bool(policies.active_staff_roles(person)) is in_force
    assert policies.is_support_staff(person) is in_force
    assert policies.can_act_for_country(person, greece.pk) is in_force
    assert policies.requires_mfa(person) is in_force


def test_an_ambassador_whose_term_ended_supports_no_region_any_more(attica, attica_ambassador):
    assert policies.ambassador_region_ids(attica_ambassador) == {attica.pk}
    StaffRole.objects.filter(user=attica_ambassador).update(term_end=_days(-1))
    policies.forget_staff_roles(attica_ambassador)  # a bulk update bypasses save(): the cached roles are dropped
    assert policies.ambassador_region_ids(_fresh(attica_ambassador)) == set()
    assert not policies.is_ambassador(_fresh(attica_ambassador))


def test_anonymous_visitors_have_no_role_and_no_power(greece):
    visitor = AnonymousUser()
    assert policies.active_staff_roles(visitor) == []
    assert not policies.is_administrator(visitor)
    assert not policies.is_support_staff(visitor)
    assert not policies.requires_mfa(visitor)
    assert not policies.can_act_for_country(visitor, greece.pk)


def test_roles_are_read_once_per_user_object_until_forgotten(greece, django_assert_num_queries):
    staff = nso_staff(greece)
    staff = _fresh(staff)
    with django_assert_num_queries(1):
        assert policies.is_support_staff(staff)
        assert policies.nso_country_ids(staff) == {greece.pk}
        assert policies.requires_mfa(staff)
    StaffRole.objects.filter(user=staff).update(revoked_at=timezone.now())
    assert policies.is_support_staff(staff)  # still the roles read for this request
    policies.forget_staff_roles(staff)
    assert not policies.is_support_staff(staff)


# --- Whom each kind of staff serves -----------------------------------------------------------------------


def _countries_in_scope(user) -> set[str]:
    scope = policies.staff_country_filter(user, field="pk")
    qs = Country.objects.all() if scope is None else Country.objects.filter(scope)
    return set(qs.values_list("code", flat=True))


def test_nso_staff_serve_their_own_country_only(greece, italy):
    staff = nso_staff(greece)
    assert policies.nso_country_ids(staff) == {greece.pk}
    assert _countries_in_scope(staff) == {"GR"}
    assert policies.can_act_for_country(staff, greece.pk)
    assert not policies.can_act_for_country(staff, italy.pk)
    assert not policies.can_act_for_country(staff, None)  # a person without a country is nobody's
    assert not policies.is_css_staff(staff)


def test_nso_staff_of_two_countries_serve_both(greece, italy):
    staff = nso_staff(greece)
    StaffRole.objects.create(user=staff, kind=NSO, country=italy)
    staff = _fresh(staff)
    assert _countries_in_scope(staff) == {"GR", "IT"}
    assert policies.audit_country_codes(staff) == {"GR", "IT"}


@pytest.mark.parametrize("who", ["css", "administrator"])
def test_css_staff_and_administrators_serve_every_country(greece, italy, administrator, who):
    user = css_staff() if who == "css" else administrator
    assert policies.is_css_staff(user) and policies.is_support_staff(user)
    assert policies.staff_country_filter(user) is None
    assert policies.can_act_for_country(user, italy.pk)
    assert policies.can_act_for_country(user, None)
    assert _countries_in_scope(user) == set(Country.objects.values_list("code", flat=True))


def test_ambassadors_and_teachers_serve_no_country(greece, attica_ambassador):
    for person in (attica_ambassador, teacher(country=greece, status=ValidationStatus.VALIDATED)):
        assert not policies.is_support_staff(person)
        assert not policies.can_act_for_country(person, greece.pk)
        assert _countries_in_scope(person) == set()


# --- The second factor ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "needs_it"),
    [
        ("administrator", True),
        ("nso", True),
        ("css", True),
        ("ambassador", True),
        ("validated_teacher", False),
        ("registered", False),
        ("is_staff_flag_only", False),  # the Django flag alone is no staff duty
    ],
)
def test_staff_duties_and_only_they_need_the_second_factor(greece, administrator, attica_ambassador, who, needs_it):
    person = {
        "administrator": lambda: administrator,
        "nso": lambda: nso_staff(greece),
        "css": lambda: css_staff(),
        "ambassador": lambda: attica_ambassador,
        "validated_teacher": lambda: teacher(country=greece, status=ValidationStatus.VALIDATED),
        "registered": lambda: UserFactory(),
        "is_staff_flag_only": lambda: UserFactory(is_staff=True),
    }[who]()
    assert policies.requires_mfa(person) is needs_it


# --- Giving duties and reading them -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "kind", "country", "allowed"),
    [
        ("administrator", NSO, "GR", True),
        ("administrator", CSS, None, True),
        ("administrator", AMBASSADOR, "IT", True),
        ("greek_nso", AMBASSADOR, "GR", True),
        ("greek_nso", AMBASSADOR, "IT", False),
        ("greek_nso", AMBASSADOR, None, False),
        ("greek_nso", NSO, "GR", False),
        ("greek_nso", CSS, None, False),
        ("css", AMBASSADOR, "GR", False),  # the CSS serves every country but appoints nobody
        ("css", NSO, "GR", False),
        ("ambassador", AMBASSADOR, "GR", False),
        ("teacher", AMBASSADOR, "GR", False),
    ],
)
def test_who_may_give_which_role(
    greece, italy, administrator, greek_nso, attica_ambassador, who, kind, country, allowed
):
    person = {
        "administrator": administrator,
        "greek_nso": greek_nso,
        "css": css_staff(),
        "ambassador": attica_ambassador,
        "teacher": teacher(country=greece, status=ValidationStatus.VALIDATED),
    }[who]
    country_id = {"GR": greece.pk, "IT": italy.pk, None: None}[country]
    assert policies.can_grant_role(person, kind=kind, country_id=country_id) is allowed


def test_who_may_open_the_staff_roles_page(greece, administrator, greek_nso, attica_ambassador):
    assert policies.can_manage_staff_roles(administrator)
    assert policies.can_manage_staff_roles(greek_nso)
    assert not policies.can_manage_staff_roles(css_staff())
    assert not policies.can_manage_staff_roles(attica_ambassador)
    assert not policies.can_manage_staff_roles(teacher(country=greece, status=ValidationStatus.VALIDATED))


def test_nso_staff_see_the_ambassadors_of_their_country_and_administrators_see_every_role(
    greece, italy, attica, administrator, greek_nso, attica_ambassador
):
    italian_ambassador = _ambassador_of(RegionFactory(country=italy, code="IT-52"))
    italian_nso = nso_staff(italy)
    css = css_staff()
    greek_ambassador_role = attica_ambassador.staff_roles.get()

    assert list(policies.staff_roles_visible_to(greek_nso)) == [greek_ambassador_role]
    assert list(policies.staff_roles_visible_to(italian_nso)) == [italian_ambassador.staff_roles.get()]
    assert policies.staff_roles_visible_to(administrator).count() == 5  # two NSO, two ambassadors, the CSS
    assert not policies.staff_roles_visible_to(css).exists()
    assert not policies.staff_roles_visible_to(attica_ambassador).exists()


def test_ambassadors_support_the_regions_of_their_roles_in_force(greece, attica, greek_nso):
    crete = RegionFactory(country=greece, code="GR-M")
    person = _ambassador_of(attica)
    StaffRole.objects.create(
        user=person, kind=AMBASSADOR, country=greece, region=crete, term_start=_days(-10), term_end=_days(10)
    )
    StaffRole.objects.create(
        user=person, kind=AMBASSADOR, country=greece, region=crete, term_start=_days(30), term_end=_days(60)
    )
    assert policies.ambassador_region_ids(person) == {attica.pk, crete.pk}
    assert policies.is_ambassador(person)
    assert policies.ambassador_region_ids(greek_nso) == set()
    assert not policies.is_ambassador(greek_nso)


def test_whose_decisions_each_may_read_in_the_audit_log(greece, administrator, greek_nso, attica_ambassador):
    assert policies.audit_country_codes(greek_nso) == {"GR"}
    assert policies.audit_country_codes(css_staff()) is None  # every country
    assert policies.audit_country_codes(administrator) is None
    assert policies.audit_country_codes(attica_ambassador) == set()
    assert policies.audit_country_codes(teacher(country=greece, status=ValidationStatus.VALIDATED)) == set()
    StaffRole.objects.filter(user=greek_nso).update(revoked_at=timezone.now())
    policies.forget_staff_roles(greek_nso)
    assert policies.audit_country_codes(_fresh(greek_nso)) == set()
