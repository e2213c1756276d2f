"""The synthetic population generator (generate_population) at its tiny scale, on the test database."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from twinning.accounts import population
from twinning.accounts.models import User, ValidationStatus
from twinning.core.text import normalize_search
from twinning.reference.models import Country, EducationDirectorate, Region
from twinning.schools.models import School, SchoolMembership
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

TINY = population.SCALES["tiny"]


def _generate(**kwargs) -> str:
    out = io.StringIO()
    call_command("generate_population", scale="tiny", seed=7, stdout=out, **kwargs)
    return out.getvalue()


def test_tiny_scale_creates_the_planned_counts_per_country():
    _generate()

    targets = population.plan_targets(TINY)
    users = dict(
        population.generated_users()
        .values_list("country__code")
        .annotate(n=Count("pk"))
        .values_list("country__code", "n")
    )
    schools = dict(
        population.generated_schools()
        .values_list("country__code")
        .annotate(n=Count("pk"))
        .values_list("country__code", "n")
    )
    assert users == {code: t for code, (t, _s) in targets.items() if t}
    assert schools == {code: s for code, (_t, s) in targets.items() if s}
    assert users["GR"] == TINY.greece[0] and schools["GR"] == TINY.greece[1]
    assert sum(users.values()) == TINY.greece[0] + TINY.others[0]


def test_second_run_adds_nothing_and_says_so():
    _generate()
    before = (User.objects.count(), School.objects.count(), SchoolMembership.objects.count())

    output = _generate()

    assert "already present" in output
    assert (User.objects.count(), School.objects.count(), SchoolMembership.objects.count()) == before


def test_teachers_have_search_name_username_and_an_unusable_password():
    _generate()

    for user in population.generated_users():
        assert user.search_name == normalize_search(f"{user.first_name} {user.last_name}")
        assert user.search_name
        assert user.username == user.email
        assert not user.has_usable_password()
        assert not user.is_staff and user.is_active


def test_memberships_point_to_schools_of_the_teachers_country():
    _generate()

    per_user = {}
    for m in SchoolMembership.objects.select_related("user", "school"):
        assert m.school.country_id == m.user.country_id
        per_user.setdefault(m.user_id, []).append(m)
    assert set(per_user) == set(population.generated_users().values_list("pk", flat=True))
    for memberships in per_user.values():
        assert len(memberships) in (1, 2)
        assert sum(m.is_primary for m in memberships) == 1
        assert len({m.school_id for m in memberships}) == len(memberships)


def test_greek_schools_are_spread_over_the_greek_regions_with_unique_codes():
    _generate()
    greece = Country.objects.get(code="GR")
    schools = population.generated_schools().filter(country=greece)

    region_codes = set(schools.values_list("region__code", flat=True))
    assert region_codes <= {f"GR-{letter}" for letter in "ABCDEFGHIJKLM"}
    assert len(region_codes) >= 5
    codes = list(schools.values_list("national_code", flat=True))
    assert len(codes) == len(set(codes)) and all(c.startswith("POP-GR-") for c in codes)
    for school in schools:
        assert school.search_name == normalize_search(school.name)
        assert school.search_city == normalize_search(school.city)
        assert school.status == "validated"


def test_pending_teachers_have_waited_at_most_thirty_days_and_statuses_are_mixed():
    _generate()
    users = population.generated_users()

    statuses = set(users.values_list("validation_status", flat=True))
    assert ValidationStatus.VALIDATED in statuses
    assert users.filter(validation_status=ValidationStatus.VALIDATED).count() > users.count() / 2
    month_ago = timezone.now() - timedelta(days=30, minutes=1)
    for user in users.filter(validation_status=ValidationStatus.PENDING):
        assert user.submitted_at is not None and user.submitted_at >= month_ago
    assert not users.filter(validation_status=ValidationStatus.REJECTED, rejection_reason="").exists()
    assert not users.filter(validation_status=ValidationStatus.REGISTERED, submitted_at__isnull=False).exists()
    assert not users.filter(last_seen_at__isnull=True).exists()


def test_reset_deletes_only_generated_rows():
    real_school = SchoolFactory()
    real_user = User.objects.create_user(email="real@example.org", password="x-long-password-1")
    _generate()

    output = _generate(reset=True)

    assert "reset" in output
    assert population.generated_users().count() == TINY.greece[0] + TINY.others[0]
    population.reset_population()
    assert not population.generated_users().exists()
    assert not population.generated_schools().exists()
    assert not SchoolMembership.objects.exists()
    assert User.objects.filter(pk=real_user.pk).exists()
    assert School.objects.filter(pk=real_school.pk).exists()


def test_missing_reference_rows_are_created_by_code():
    greece = Country.objects.filter(code="GR").first()
    if greece is not None:
        School.objects.filter(country=greece).delete()
        EducationDirectorate.objects.filter(region__country=greece, region__code="GR-A").delete()
        Region.objects.filter(country=greece, code="GR-A").delete()

    _generate()

    assert Region.objects.filter(country__code="GR", code="GR-A").exists()
    assert Country.objects.filter(code="CY").exists()


def test_europe_plan_spreads_over_every_participating_country():
    codes = [c.code for c in Country.objects.all() if c.is_participating()] or list(population.COUNTRY_SPECS)

    targets = population.plan_targets(population.SCALES["europe"], codes)

    assert sum(t for t, _s in targets.values()) == 1_800_000
    assert sum(s for _t, s in targets.values()) == 500_000
    assert targets["GR"] == (50_000, 15_000)
    assert set(codes) <= set(targets)
    assert targets["TR"][0] > targets["IT"][0] > targets["AT"][0] > targets["LI"][0] > 0
