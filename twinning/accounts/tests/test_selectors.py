"""Reads on people that other pages use: the eTwinners section of a school page."""

import pytest

from twinning.accounts import selectors
from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, teacher
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewer_kind", "expected"),
    [
        ("anonymous", {"public"}),
        ("registered", {"public", "members"}),
        ("etwinner", {"public", "members", "etwinners"}),
    ],
)
def test_school_etwinners_follow_profile_visibility(greece, viewer_kind, expected):
    from django.contrib.auth.models import AnonymousUser

    school = SchoolFactory(country=greece)
    for visibility in Visibility.values:
        teacher(
            country=greece,
            school=school,
            status=ValidationStatus.VALIDATED,
            first_name=visibility,
            visibility=visibility,
        )
    teacher(
        country=greece,
        school=school,
        status=ValidationStatus.PENDING,
        first_name="pending",
        visibility=Visibility.PUBLIC,
    )
    viewer = {
        "anonymous": AnonymousUser(),
        "registered": UserFactory(),
        "etwinner": teacher(country=greece, status=ValidationStatus.VALIDATED),
    }[viewer_kind]
    section = selectors.school_etwinners(school, viewer)
    assert {p.first_name for p in section["people"]} == expected
    assert section["more"] is False


def test_school_etwinners_are_limited(greece):
    school = SchoolFactory(country=greece)
    for _ in range(4):
        teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, visibility=Visibility.PUBLIC)
    section = selectors.school_etwinners(school, UserFactory(), limit=3)
    assert len(section["people"]) == 3 and section["more"] is True


def test_a_school_without_visible_etwinners_shows_no_section(greece):
    school = SchoolFactory(country=greece)
    teacher(country=greece, school=school, status=ValidationStatus.PENDING, visibility=Visibility.PUBLIC)
    assert selectors.school_etwinners(school, UserFactory()) is None


@pytest.mark.parametrize(
    ("q", "found"), [("gmail", {"a"}), ("@gmail.com", {"a"}), ("sch.gr", {"b"}), ("ΜΑΡΙΑ", {"a", "b"})]
)
def test_staff_search_people_by_name_or_e_mail_domain(greece, greek_nso, q, found):
    people = {
        "a": teacher(country=greece, email="maria.k@gmail.com", first_name="Μαρία"),
        "b": teacher(country=greece, email="m.papa@sch.gr", first_name="Μαρία"),
    }
    listed = set(selectors.people_list(staff=greek_nso, filters={"q": q}).values_list("pk", flat=True))
    assert listed == {people[k].pk for k in found}
