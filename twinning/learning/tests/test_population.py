"""The learning part of the synthetic population: 18 courses of four cycles, enrolments proportional to the
scale (25,500 this year and 72,000 over four years at the Greek scale), a second run adds nothing, and the
reset removes exactly the generated rows."""

import pytest

from twinning.core import population
from twinning.learning import population as learning_population
from twinning.learning.models import Course, Cycle, Enrolment, Status
from twinning.reference import population as reference_population

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_tiny_population_has_courses_cycles_and_proportional_enrolments(greece):
    mine, _staff = make_course(greece, title="Not generated")
    population.generate(scale="tiny", seed=3)
    courses = learning_population.generated_courses()
    assert courses.count() == 18 and Cycle.objects.filter(course__in=courses).count() == 72
    factor = reference_population.greek_factor("tiny")
    total = Enrolment.objects.filter(cycle__course__in=courses).count()
    assert total == round(25_500 * factor) + round((72_000 - 25_500) * factor)
    current = max(Cycle.objects.filter(course__in=courses).values_list("starts_on", flat=True)).year
    this_year = Enrolment.objects.filter(cycle__course__in=courses, cycle__starts_on__year=current)
    assert this_year.count() == round(25_500 * factor)
    assert set(this_year.values_list("status", flat=True)) == {Status.ENROLLED}
    cycle = Cycle.objects.filter(course__in=courses, starts_on__year=current).first()
    assert cycle.enrolled_count == Enrolment.objects.filter(cycle=cycle).count()

    again = population.generate(scale="tiny", seed=4)
    assert again.created["course enrolments"] == 0 and Enrolment.objects.count() == total

    deleted = population.reset_population()
    assert deleted["learning.Enrolment"] == total and deleted["learning.Course"] == 18
    assert list(Course.objects.all()) == [mine]


def test_the_population_has_trainers_and_balanced_current_cycles(greece):
    from twinning.learning.models import CycleTrainer, LearnerGroup, Trainer

    population.generate(scale="tiny", seed=3)
    factor = reference_population.greek_factor("tiny")
    assert Trainer.objects.count() == round(1_500 * factor)
    courses = learning_population.generated_courses()
    current = max(Cycle.objects.filter(course__in=courses).values_list("starts_on", flat=True)).year
    this_year = Enrolment.objects.filter(cycle__course__in=courses, cycle__starts_on__year=current)
    assert not this_year.filter(group__isnull=True).exists()
    assert max(LearnerGroup.objects.values_list("size", flat=True)) <= 25
    groups, links = LearnerGroup.objects.count(), CycleTrainer.objects.count()
    population.generate(scale="tiny", seed=4)
    assert (Trainer.objects.count(), LearnerGroup.objects.count(), CycleTrainer.objects.count()) == (
        round(1_500 * factor),
        groups,
        links,
    )
    deleted = population.reset_population()
    assert deleted["learning.Trainer"] == round(1_500 * factor)
    assert not Trainer.objects.exists() and not LearnerGroup.objects.exists() and not CycleTrainer.objects.exists()


def test_the_current_cycles_have_content_and_counters_that_match_the_progress_rows(greece):
    from decimal import Decimal

    from twinning.learning import progress
    from twinning.learning.models import Activity, ActivityProgress, Module

    population.generate(scale="tiny", seed=5)
    courses = learning_population.generated_courses()
    current = max(Cycle.objects.filter(course__in=courses).values_list("starts_on", flat=True)).year
    cycles = Cycle.objects.filter(course__in=courses, starts_on__year=current)
    assert Module.objects.filter(cycle__in=cycles).count() == 18 * 8
    cycle = cycles.order_by("-enrolled_count").first()
    assert cycle.required_total == Activity.objects.filter(cycle=cycle, required=True).count() > 0
    rows = ActivityProgress.objects.filter(activity__cycle=cycle)
    assert rows.exists()
    for enrolment in Enrolment.objects.filter(cycle=cycle, started_at__isnull=False)[:40]:
        mine = rows.filter(enrolment=enrolment, activity__required=True).select_related("activity")
        assert enrolment.required_done == sum(1 for r in mine if r.state == "completed")
        graded = [progress.percent(r.points, r.activity) for r in mine if r.points is not None]
        assert enrolment.graded_count == len(graded)
        assert enrolment.percent_sum == sum(graded, Decimal(0))
    again = population.generate(scale="tiny", seed=6)
    assert again.created.get("course activities", 0) == 0
    population.reset_population()
    assert not Module.objects.exists() and not ActivityProgress.objects.exists()
