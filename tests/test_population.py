"""The synthetic population (``generate_population``) at its tiny scale, on the test database.

Cross-app: core runs the generators that reference data (countries), schools and accounts (people)
register from their ``ready()``; these tests check what they produce together.
"""

import io
import json
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core import population
from twinning.core.text import normalize_search
from twinning.reference import population as countries
from twinning.reference.models import Country, EducationDirectorate, Region
from twinning.schools.models import School, SchoolMembership
from twinning.schools.population import generated_schools
from twinning.schools.tests.factories import SchoolFactory
from twinning.twinspace.population import PUPIL_PREFIX

from .services import require_env

pytestmark = pytest.mark.django_db

TINY = countries.SCALES["tiny"]
TINY_TEACHERS = TINY.greece[0] + TINY.others[0]
TINY_SCHOOLS = TINY.greece[1] + TINY.others[1]


def _generate(**kwargs) -> str:
    out = io.StringIO()
    call_command("generate_population", scale="tiny", seed=7, stdout=out, **kwargs)
    return out.getvalue()


def _per_country(qs) -> dict[str, int]:
    return dict(qs.values_list("country__code").annotate(n=Count("pk")).values_list("country__code", "n"))


# The checks of teachers, schools and memberships need only the foundation's generators; the whole chain
# (projects, workspaces, pupils, courses…) runs in the tests marked ``every_generator`` and in each app's own
# population tests. A domain generator costs seconds even at the tiny scale, and this module generates often.
FOUNDATION = ("countries", "schools", "teachers")


@pytest.fixture(autouse=True)
def _foundation_generators(request):
    if request.node.get_closest_marker("every_generator"):
        yield
        return
    saved = population.snapshot()
    population.restore({name: g for name, g in saved.items() if name in FOUNDATION})
    yield
    population.restore(saved)


@pytest.fixture
def registry():
    """Generators registered by a test are gone afterwards."""
    saved = population.snapshot()
    yield
    population.restore(saved)


@pytest.mark.every_generator
def test_every_app_registers_its_generator_in_stack_order():
    names = [g.name for g in population.generators()]
    # The foundation's generators come first, in stack order; domain apps add theirs after the people.
    assert names[:3] == ["countries", "schools", "teachers"]
    assert set(countries.SCALES) == set(population.SCALES)


def test_tiny_scale_creates_the_planned_counts_per_country():
    _generate()

    targets = countries.plan_targets(TINY)
    users = _per_country(generated_users())
    schools = _per_country(generated_schools())
    assert users == {code: t for code, (t, _s) in targets.items() if t}
    assert schools == {code: s for code, (_t, s) in targets.items() if s}
    assert users["GR"] == TINY.greece[0] and schools["GR"] == TINY.greece[1]
    assert sum(users.values()) == TINY_TEACHERS


def test_result_counts_what_was_created_per_kind_and_country():
    result = population.generate(scale="tiny", seed=7)

    assert result.scale == "tiny" and result.database == connection.vendor
    assert result.created["teachers"] == TINY_TEACHERS == result.totals["teachers"]
    assert result.created["schools"] == TINY_SCHOOLS == result.totals["schools"]
    assert result.created["memberships"] == SchoolMembership.objects.count()
    assert result.by_country["GR"]["teachers"] == TINY.greece[0]
    assert result.by_country["GR"]["schools"] == TINY.greece[1]
    assert sum(c["teachers"] for c in result.by_country.values()) == TINY_TEACHERS
    assert not result.nothing_created and result.seconds > 0


def test_json_summary_keeps_its_keys_and_a_second_run_creates_nothing():
    first = json.loads(_generate(json=True))
    second = json.loads(_generate(json=True))

    keys = {
        "scale",
        "db",
        "seconds",
        "teachers_created",
        "schools_created",
        "memberships_created",
        "teachers_total",
        "schools_total",
    }
    # Domain apps add their own kinds (contacts_created…) to the foundation's keys.
    assert set(first) == set(second) and keys <= set(first)
    assert (first["scale"], first["db"]) == ("tiny", connection.vendor)
    assert (first["teachers_created"], first["schools_created"]) == (TINY_TEACHERS, TINY_SCHOOLS)
    assert first["memberships_created"] == SchoolMembership.objects.count() >= TINY_TEACHERS
    assert (second["teachers_created"], second["schools_created"], second["memberships_created"]) == (0, 0, 0)
    assert (second["teachers_total"], second["schools_total"]) == (TINY_TEACHERS, TINY_SCHOOLS)


def test_second_run_adds_nothing_and_says_so():
    _generate()
    before = (User.objects.count(), School.objects.count(), SchoolMembership.objects.count())

    output = _generate()

    assert "already present" in output
    assert (User.objects.count(), School.objects.count(), SchoolMembership.objects.count()) == before


def test_a_larger_scale_tops_each_country_up_and_keeps_the_rows_already_there(monkeypatch):
    _generate()
    before_users, before_schools = _per_country(generated_users()), _per_country(generated_schools())
    first_users = set(generated_users().values_list("pk", "email"))
    first_schools = set(generated_schools().values_list("pk", "national_code"))
    # A small stand-in for "greece" (the real one is 55,000 teachers): more Greeks, one more country.
    larger = countries.Scale("greece", (230, 70), (120, 36), ("CY", "IT", "ES"))
    monkeypatch.setitem(countries.SCALES, "greece", larger)

    result = population.generate(scale="greece", seed=8)

    # Topped up, never trimmed: a country already above its new target keeps what it has.
    targets = countries.plan_targets(larger)
    want_users = {code: max(t, before_users.get(code, 0)) for code, (t, _s) in targets.items()}
    want_schools = {code: max(s, before_schools.get(code, 0)) for code, (_t, s) in targets.items()}
    assert _per_country(generated_users()) == want_users
    assert _per_country(generated_schools()) == want_schools
    assert result.created["teachers"] == sum(want_users.values()) - TINY_TEACHERS > 0
    assert result.created["schools"] == sum(want_schools.values()) - TINY_SCHOOLS > 0
    assert first_users <= set(generated_users().values_list("pk", "email"))
    assert first_schools <= set(generated_schools().values_list("pk", "national_code"))
    # Numbering continues after the last generated row of each country.
    assert generated_users().filter(email=f"pop.gr.{230:07d}@population.invalid").exists()
    assert generated_schools().filter(national_code=f"POP-GR-{70:07d}").exists()
    assert population.generate(scale="greece", seed=9).nothing_created


def test_teachers_have_search_name_username_and_an_unusable_password():
    _generate()

    for user in generated_users():
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
    assert set(per_user) == set(generated_users().values_list("pk", flat=True))
    for memberships in per_user.values():
        assert len(memberships) in (1, 2)
        assert sum(m.is_primary for m in memberships) == 1
        assert len({m.school_id for m in memberships}) == len(memberships)


def test_greek_schools_are_spread_over_the_greek_regions_with_unique_codes():
    _generate()
    greece = Country.objects.get(code="GR")
    schools = generated_schools().filter(country=greece)

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
    users = generated_users()

    statuses = set(users.values_list("validation_status", flat=True))
    assert ValidationStatus.VALIDATED in statuses
    assert users.filter(validation_status=ValidationStatus.VALIDATED).count() > users.count() / 2
    month_ago = timezone.now() - timedelta(days=30, minutes=1)
    for user in users.filter(validation_status=ValidationStatus.PENDING):
        assert user.submitted_at is not None and user.submitted_at >= month_ago
    assert not users.filter(validation_status=ValidationStatus.REJECTED, rejection_reason="").exists()
    assert not users.filter(validation_status=ValidationStatus.REGISTERED, submitted_at__isnull=False).exists()
    assert not users.filter(last_seen_at__isnull=True).exists()


@pytest.mark.every_generator
def test_reset_deletes_only_generated_rows():
    real_school = SchoolFactory()
    real_user = User.objects.create_user(email="real@example.org", password="x-long-password-1")
    _generate()

    output = _generate(reset=True)

    assert "reset" in output
    assert generated_users().count() == TINY_TEACHERS
    pupils = User.objects.filter(username__startswith=PUPIL_PREFIX).count()  # the workspaces' generated pupils
    assert pupils > 0
    deleted = population.reset_population()
    assert deleted["accounts.User"] == TINY_TEACHERS + pupils
    assert not User.objects.filter(username__startswith=PUPIL_PREFIX).exists()
    assert deleted["schools.School"] == TINY_SCHOOLS
    assert deleted["schools.SchoolMembership"] > 0
    assert not generated_users().exists()
    assert not generated_schools().exists()
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
    codes = [c.code for c in Country.objects.all() if c.is_participating()] or list(countries.COUNTRY_SPECS)

    targets = countries.plan_targets(countries.SCALES["europe"], codes)

    assert sum(t for t, _s in targets.values()) == 1_800_000
    assert sum(s for _t, s in targets.values()) == 500_000
    assert targets["GR"] == (50_000, 15_000)
    assert set(codes) <= set(targets)
    assert targets["TR"][0] > targets["IT"][0] > targets["AT"][0] > targets["LI"][0] > 0


def test_unknown_scale_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="unknown scale"):
        population.generate(scale="galaxy")
    assert not generated_schools().exists()


def test_a_generator_registered_elsewhere_runs_in_its_position_order_and_resets_in_reverse(registry):
    seen = []  # what had been created when the probe ran
    resets = []  # whether generated people were still there when the probe's reset ran
    # Between schools (20) and people (30): it must see every school and not one teacher yet.
    population.register_population(
        "probe",
        lambda run: seen.append((run.created["schools"], run.created["teachers"], run.scale)),
        reset=lambda: resets.append(generated_users().exists()),
        position=25,
    )

    result = population.generate(scale="tiny", seed=7)

    assert seen == [(TINY_SCHOOLS, 0, "tiny")]
    assert result.created["teachers"] == TINY_TEACHERS
    assert [g.name for g in population.generators()][:4] == ["countries", "schools", "probe", "teachers"]

    population.reset_population()

    assert resets == [False]  # people (30) were reset before the probe (25)
    assert not generated_schools().exists()


def test_until_runs_the_named_generator_and_those_before_it_only(registry):
    ran = []
    population.register_population("probe", lambda run: ran.append("probe"), position=25)
    population.register_population("later", lambda run: ran.append("later"), position=40)

    result = population.generate(scale="tiny", seed=7, until="probe")

    assert ran == ["probe"]
    assert result.created["schools"] == TINY_SCHOOLS
    assert "teachers" not in result.created  # people (30) come after the probe (25)
    assert not generated_users().exists()


def test_until_an_unknown_generator_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="unknown generator"):
        population.generate(scale="tiny", until="nothing")
    with pytest.raises(CommandError, match="Unknown generator 'nothing'"):
        _generate(until="nothing")
    assert not generated_schools().exists()


def test_until_on_the_command_line_stops_after_that_step():
    out = _generate(until="schools", json=True)

    summary = json.loads(out)
    assert summary["schools_created"] == TINY_SCHOOLS
    assert "teachers_created" not in summary
    assert generated_schools().count() == TINY_SCHOOLS
    assert not generated_users().exists()


@pytest.mark.services
@pytest.mark.every_generator
def test_postgresql_writes_through_copy_and_keeps_the_sequences_ahead(monkeypatch):
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"
    copied = Counter()
    copy_rows = population.Writer._copy_rows

    def spy(self, model, attnames, rows):
        n = copy_rows(self, model, attnames, rows)
        copied[model._meta.label] += n
        return n

    def no_bulk(*args, **kwargs):
        raise AssertionError("bulk_create used on PostgreSQL")

    monkeypatch.setattr(population.Writer, "_copy_rows", spy)
    monkeypatch.setattr(population.Writer, "_bulk_rows", no_bulk)

    result = population.generate(scale="tiny", seed=7)

    assert result.created["teachers"] == TINY_TEACHERS and result.created["pupils"] > 0
    assert copied["accounts.User"] == TINY_TEACHERS + result.created["pupils"]  # teachers, then pupils
    assert copied["schools.School"] == result.created["schools"] == TINY_SCHOOLS
    assert copied["schools.SchoolMembership"] == result.created["memberships"] > 0
    assert copied["schools.School_levels"] > 0
    # Ids came from the sequences (nextval): rows created afterwards through the ORM do not collide.
    later_user = User.objects.create_user(email="later@example.org", password="x-long-password-1")
    later_school = SchoolFactory()
    assert later_user.pk > max(generated_users().values_list("pk", flat=True))
    assert later_school.pk > max(generated_schools().values_list("pk", flat=True))
    # Columns COPY fills without save(): model defaults, empty text, NULL, auto timestamps.
    user = generated_users().get(email="pop.gr.0000001@population.invalid")
    assert (user.bio, user.decided_by_id, user.anonymised_at, str(user.photo)) == ("", None, None, "")
    school = generated_schools().get(national_code="POP-GR-0000001")
    assert (school.address, school.merged_into_id, school.proposed_by_id) == ("", None, None)
    assert school.created_at is not None and school.updated_at is not None
