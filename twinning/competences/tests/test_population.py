"""The self-reflections of the synthetic population and of the demo: stored scores are those of the answers,
anonymous rows are unlinked, before and after pair on the key, the course helps on average but not everyone,
and a second run adds nothing."""

from collections import defaultdict
from datetime import time

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from twinning.competences import scoring
from twinning.competences.models import Answer, CourseArea, Invitation, Phase, Reflection, Role
from twinning.core import population
from twinning.learning import population as learning_population
from twinning.learning.models import Cycle, CycleTrainer, Enrolment

pytestmark = pytest.mark.django_db

SCORE_FIELDS = ["overall", "level_overall", *[f"{k}_{n}" for n in range(1, 7) for k in ("area", "level")]]


def _answers_by_reflection(reflections) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = Answer.objects.filter(reflection__in=reflections).values_list("reflection_id", "item__area_number", "level")
    for reflection_id, area, level in rows:
        out[reflection_id].append((area, level))
    return out


def _pairs(reflections) -> list[tuple[Reflection, Reflection]]:
    before = {r.pseudonym: r for r in reflections if r.phase == Phase.BEFORE and r.pseudonym}
    return [(before[r.pseudonym], r) for r in reflections if r.phase == Phase.AFTER and r.pseudonym in before]


def test_tiny_population_writes_scored_paired_reflections_once(greece):
    result = population.generate(scale="tiny", seed=3)
    assert result.created["self-reflections"] > 0
    courses = learning_population.generated_courses()
    current = max(Cycle.objects.filter(course__in=courses).values_list("starts_on", flat=True)).year
    cycles = Cycle.objects.filter(course__in=courses, starts_on__year=current)
    reflections = list(Reflection.objects.filter(cycle__in=cycles))
    assert {r.phase for r in reflections} == {Phase.BEFORE, Phase.AFTER}
    assert {r.role for r in reflections} == {Role.TRAINEE, Role.TRAINER}
    assert not Reflection.objects.exclude(cycle__in=cycles).exists()  # only the current year's cycles

    # Every stored score is the score of the reflection's 32 answers.
    answers = _answers_by_reflection(reflections)
    for reflection in reflections:
        assert len(answers[reflection.pk]) == reflection.answered == 32
        expected = scoring.scores(answers[reflection.pk])
        assert {f: getattr(reflection, f) for f in SCORE_FIELDS} == pytest.approx(expected)
        assert reflection.country_id == reflection.cycle.course.country_id
        assert reflection.completed_at is not None

    # Anonymous rows keep nothing that links them; named ones carry the pairing key and their person.
    anonymous = [r for r in reflections if r.anonymous]
    assert anonymous and len(anonymous) < len(reflections) * 0.2
    for r in anonymous:
        assert r.person_id is None and r.pseudonym == "" and r.started_at is None
        assert timezone.localtime(r.completed_at).time() == time(0, 0)
    for r in reflections:
        if not r.anonymous:
            assert r.pseudonym == scoring.pseudonym(r.person_id, r.cycle_id, r.role)
            assert r.started_at < r.completed_at
    enrolments = {(e.cycle_id, e.user_id): e.group_id for e in Enrolment.objects.filter(cycle__in=cycles)}
    for r in reflections:
        if r.role == Role.TRAINEE and not r.anonymous:
            assert r.group_id == enrolments[(r.cycle_id, r.person_id)]
        if r.role == Role.TRAINER:
            assert r.group_id is None
            assert (
                CycleTrainer.objects.filter(cycle_id=r.cycle_id, trainer__user_id=r.person_id).exists() or r.anonymous
            )

    # Pairs: the same key before and after; on average the after is higher, but not for everyone.
    pairs = _pairs(reflections)
    assert len(pairs) >= 10
    gains = [after.overall - before.overall for before, after in pairs]
    assert sum(gains) / len(gains) > 0.2
    assert any(g <= 0 for g in gains)
    trainees = [r for r in reflections if r.role == Role.TRAINEE and r.phase == Phase.BEFORE]
    trainers = [r for r in reflections if r.role == Role.TRAINER and r.phase == Phase.BEFORE]
    assert sum(r.overall for r in trainers) / len(trainers) > sum(r.overall for r in trainees) / len(trainees)

    # Invitations: everyone in the cycle was asked; an answered one says so (the day only).
    invited = Invitation.objects.filter(cycle__in=cycles, phase=Phase.BEFORE, role=Role.TRAINEE).count()
    assert invited == Enrolment.objects.filter(cycle__in=cycles).count()
    answered = Invitation.objects.filter(cycle__in=cycles, answered_at__isnull=False)
    assert answered.count() == len(reflections)
    assert all(timezone.localtime(a).time() == time(0, 0) for a in answered.values_list("answered_at", flat=True))

    counts = (Reflection.objects.count(), Answer.objects.count(), Invitation.objects.count())
    again = population.generate(scale="tiny", seed=4)
    assert again.created["self-reflections"] == 0
    assert (Reflection.objects.count(), Answer.objects.count(), Invitation.objects.count()) == counts

    deleted = population.reset_population()
    assert deleted["competences.Reflection"] == counts[0] and deleted["competences.Answer"] == counts[1]
    assert not Reflection.objects.exists() and not Invitation.objects.exists()


def test_the_same_seed_gives_the_same_reflections(greece):
    population.generate(scale="tiny", seed=8)
    first = sorted(Reflection.objects.values_list("phase", "role", "anonymous", "overall"))
    population.reset_population()
    population.generate(scale="tiny", seed=8)
    assert sorted(Reflection.objects.values_list("phase", "role", "anonymous", "overall")) == first


def test_the_demo_cycle_has_pairs_and_loads_twice_without_duplicates(demo_upto):
    demo_upto("competences")
    from twinning.competences import demo

    call_command("load_demo")
    cycle = demo._running_cycle()
    reflections = list(Reflection.objects.filter(cycle=cycle))
    pairs = _pairs(reflections)
    assert len(pairs) >= 5
    per_group = defaultdict(int)
    for before, after in pairs:
        assert before.group_id == after.group_id is not None
        per_group[before.group_id] += 1
    assert min(per_group.values()) >= 9
    # The impact report shows its headline and the paired change, for the cycle and for each group.
    from twinning.competences import report

    result = report.build([cycle.pk], {"cycle": cycle.pk}, breakdown="group")
    assert result.headline and result.pairs.shown and result.headline[0]["pairs"].shown
    assert result.slices and all(s.before.shown and s.after.shown and s.pairs.shown for s in result.slices)
    assert sum(1 for r in reflections if r.anonymous) >= 2
    assert all(r.person_id is None and r.pseudonym == "" for r in reflections if r.anonymous)
    paired = {b.pseudonym for b, _ in pairs}
    assert any(r.phase == Phase.BEFORE and r.pseudonym and r.pseudonym not in paired for r in reflections)
    answers = _answers_by_reflection(reflections)
    for r in reflections:
        assert {f: getattr(r, f) for f in SCORE_FIELDS} == pytest.approx(scoring.scores(answers[r.pk]))

    # The printed demo learner: a free-standing reflection of their own, and the before phase left to try.
    learner = Enrolment.objects.filter(group__isnull=False).order_by("pk").first().user
    assert Reflection.objects.filter(person=learner, phase=Phase.FREE, completed_at__isnull=False).count() == 1
    assert not Reflection.objects.filter(person=learner, cycle=cycle).exists()
    assert Invitation.objects.filter(person=learner, cycle=cycle, phase=Phase.BEFORE, answered_at=None).exists()
    assert CourseArea.objects.filter(course=cycle.course).count() == 2

    counts = (
        Reflection.objects.count(),
        Answer.objects.count(),
        Invitation.objects.count(),
        CourseArea.objects.count(),
        Enrolment.objects.count(),
    )
    call_command("load_demo")
    assert (
        Reflection.objects.count(),
        Answer.objects.count(),
        Invitation.objects.count(),
        CourseArea.objects.count(),
        Enrolment.objects.count(),
    ) == counts
    duplicates = Invitation.objects.values("person", "cycle", "phase", "role").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()


def test_a_demo_cycle_with_five_trainers_gets_their_before_and_after(greece):
    import random
    from datetime import timedelta

    from twinning.competences import demo, framework
    from twinning.learning.models import Trainer
    from twinning.learning.tests.factories import etwinner, make_course, make_cycle

    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)

    def assign():
        trainer = Trainer.objects.create(user=etwinner(greece), country=greece, since=timezone.localdate())
        CycleTrainer.objects.create(cycle=cycle, trainer=trainer)

    for _ in range(4):
        assign()
    start = timezone.now() - timedelta(days=14)
    args = (cycle, framework.framework(), random.Random(1), start, timezone.now() - timedelta(days=2))
    assert demo._trainers(*args) == [] and not Reflection.objects.exists()  # four: no trainers' rows

    assign()
    invitations = demo._trainers(*args)
    assert len(invitations) == 10 and all(i.answered_at for i in invitations)
    rows = Reflection.objects.filter(cycle=cycle, role=Role.TRAINER)
    assert rows.count() == 10 and len(_pairs(list(rows))) == 5
    assert all(r.group_id is None and r.answered == 32 for r in rows)
