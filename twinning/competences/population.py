"""Self-reflections of the synthetic population (``core.population``, position 84, after the courses and their
content): every current school year's cycle of the generated courses (``learning.population``: 25,500
enrolments at ``--scale greece``, proportionally fewer at ``tiny``) gets a before and an after phase, as
trainees (the enrolled learners) and as volunteer trainers (the cycle's ``CycleTrainer`` rows), with their
invitations.

The pattern is drawn, never built in: each person has a latent level (trainees around A2+/B1-, trainers around
B2), every item varies around it (per-area offsets: assessment and learners' digital competence lower, digital
resources higher; a fixed difficulty per item; noise per answer) and is clipped to 1..6. About 75 % of the
trainees answer before and about 65 % of those after (those who started lower drop out more often); the after
level grows by a random amount that shrinks with the starting level, some do not move or slip back, trainers
gain less. About 8 % of the people answer anonymously: their rows have no person, no key and only the day, so
they count in distributions and never in pairs. The after phase is dated at the end of the cycle, as the real
one would be, even when that end is still ahead (the current year's cycles run until May).

The region is that of the person's primary school (generated people all have one; one query per cycle). Each
reflection's scores come from ``scoring.scores`` of its answers, on the current framework version.

Idempotent: a cycle that already has reflections or invitations is left alone. Rows go through the
population's ``Writer`` (COPY on PostgreSQL, ``bulk_create`` elsewhere), one cycle per transaction, with the
ids reserved first so that the answers point at their reflection without reading it back.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.utils import timezone

from twinning.core.population import Run, register_population
from twinning.learning.models import Cycle, CycleTrainer, Enrolment, Status
from twinning.learning.population import _first_year, generated_courses
from twinning.schools.models import SchoolMembership

from . import framework, scoring
from .models import Answer, Invitation, Phase, Reflection, Role

ANSWER_DAYS = 30  # an invitation closes a month after it is sent
TRAINEE_LEVEL = (2.6, 0.7)  # latent level (mean, spread) on 1..6: between A2 and B1
TRAINER_LEVEL = (3.9, 0.55)  # around B2
AREA_OFFSET = {1: 0.2, 2: 0.3, 3: 0.0, 4: -0.45, 5: 0.1, 6: -0.4}  # 4 Assessment and 6 learners' competence lower
NOISE = 0.55  # spread of one answer around the person's level in that area
ANONYMOUS = 0.08
BEFORE = {Role.TRAINEE: 0.75, Role.TRAINER: 0.95}
AFTER_ONLY = 0.06  # trainees who skipped the before phase but answer after
PLACE = (Status.ENROLLED, Status.COMPLETED, Status.WITHDRAWN)  # had a place at the start
AT_THE_END = (Status.ENROLLED, Status.COMPLETED)  # still there at the end

REFLECTION_FIELDS = [
    "id", "version_id", "person_id", "pseudonym", "anonymous", "phase", "role", "cycle_id", "group_id",
    "country_id", "region_id", "started_at", "completed_at", "answered", "overall", "level_overall",
    *[f"{kind}_{n}" for n in range(1, 7) for kind in ("area", "level")],
]  # fmt: skip
INVITATION_FIELDS = ["person_id", "cycle_id", "phase", "role", "invited_at", "closes_at", "answered_at"]


def _after_probability(role: str, latent: float) -> float:
    """Of those who answered before, who answers after: lower starters drop out more often."""
    if role == Role.TRAINER:
        return 0.85
    return min(0.9, max(0.3, 0.65 + 0.15 * (latent - TRAINEE_LEVEL[0])))


def _gain(rng: random.Random, role: str, latent: float) -> float:
    """How much the latent level moves over the course: more for lower starters, nothing or a slip for some."""
    if role == Role.TRAINER:
        return rng.gauss(0.2, 0.2)
    if rng.random() < 0.12:
        return rng.gauss(-0.05, 0.15)  # no change, or a little lower (a more critical look at oneself)
    return max(-0.3, rng.gauss(0.85 - 0.3 * (latent - TRAINEE_LEVEL[0]), 0.4))


def _levels(rng: random.Random, latent: float, items: list[tuple[int, float]]) -> list[int]:
    return [
        min(6, max(1, round(latent + AREA_OFFSET[area] + difficulty + rng.gauss(0, NOISE))))
        for area, difficulty in items
    ]


def _answered_on(rng: random.Random, invited: datetime) -> datetime:
    """A moment within the invitation's month, most in its first days, in waking hours."""
    day = min(ANSWER_DAYS - 1, int(rng.expovariate(1 / 6)))
    return invited.replace(hour=0, minute=0) + timedelta(days=day, minutes=rng.randrange(8 * 60, 23 * 60))


def _midnight(moment: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localtime(moment).date(), clock.min))


def _at_nine(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(9, 0)))


def generate_reflections(run: Run) -> None:
    started = time.perf_counter()
    first = _first_year(timezone.now().date())
    cycles = list(
        Cycle.objects.filter(course__in=generated_courses(), starts_on__year=first)
        .select_related("course")
        .order_by("pk")
    )
    done = set(Reflection.objects.filter(cycle__in=cycles).values_list("cycle_id", flat=True).distinct())
    done |= set(Invitation.objects.filter(cycle__in=cycles).values_list("cycle_id", flat=True).distinct())
    todo = [c for c in cycles if c.pk not in done]
    if not todo:
        for kind in ("self-reflections", "self-reflection answers", "self-reflection invitations"):
            run.count(kind, 0)
        run.totals["self-reflections"] = Reflection.objects.filter(cycle__in=cycles).count()
        return
    version = framework.current()
    frame = framework.framework(version)
    # A fixed difficulty per item (from the run's seed): some statements are harder to claim than others.
    rng = random.Random(run.rng.getrandbits(64))
    items = [(item.area_number, rng.gauss(0, 0.25)) for item in frame.items]
    item_ids = [item.pk for item in frame.items]
    totals = {"reflections": 0, "answers": 0, "invitations": 0}
    for cycle in todo:
        with transaction.atomic():
            counts = _cycle(run, rng, cycle, version.pk, items, item_ids)
        for key, n in counts.items():
            totals[key] += n
    run.count("self-reflections", totals["reflections"])
    run.count("self-reflection answers", totals["answers"])
    run.count("self-reflection invitations", totals["invitations"])
    run.log(
        f"+{totals['reflections']} self-reflections ({totals['answers']} answers), +{totals['invitations']} "
        f"invitations in {len(todo)} cycles in {time.perf_counter() - started:.1f}s"
    )
    run.totals["self-reflections"] = Reflection.objects.filter(cycle__in=cycles).count()


def _cycle(run: Run, rng: random.Random, cycle: Cycle, version_id: int, items, item_ids) -> dict[str, int]:
    """One cycle's reflections, answers and invitations."""
    # (person, role, group, had a place at the start, still there at the end)
    people: list[tuple[int, str, int | None, bool, bool]] = [
        (user_id, Role.TRAINEE, group_id, status in PLACE, status in AT_THE_END)
        for user_id, group_id, status in Enrolment.objects.filter(cycle=cycle, status__in=PLACE)
        .order_by("pk")
        .values_list("user_id", "group_id", "status")
    ]
    trainers = CycleTrainer.objects.filter(cycle=cycle).order_by("pk").values_list("trainer__user_id", flat=True)
    people += [(user_id, Role.TRAINER, None, True, True) for user_id in trainers]
    regions = dict(
        SchoolMembership.objects.filter(user_id__in=[p[0] for p in people], is_primary=True).values_list(
            "user_id", "school__region_id"
        )
    )
    start_invite, end_invite = _at_nine(cycle.starts_on), _at_nine(cycle.ends_on)
    closes = timedelta(days=ANSWER_DAYS)
    reflections: list[tuple] = []
    answers: list[list[int]] = []
    invitations: list[tuple] = []

    def reflect(person: int, role: str, group, phase: str, latent: float, anonymous: bool, invited: datetime):
        levels = _levels(rng, latent, items)
        completed = _answered_on(rng, invited)
        fields = scoring.scores(zip((area for area, _ in items), levels, strict=True))
        if anonymous:
            who, key, began, completed = None, "", None, _midnight(completed)
        else:
            who, key = person, scoring.pseudonym(person, cycle.pk, role)
            began = completed - timedelta(minutes=rng.randrange(10, 50))
        reflections.append(
            (None, version_id, who, key, anonymous, phase, role, cycle.pk, group, cycle.course.country_id,
             regions.get(person), began, completed, len(levels), fields["overall"], fields["level_overall"],
             *[fields[f"{kind}_{n}"] for n in range(1, 7) for kind in ("area", "level")])
        )  # fmt: skip
        answers.append(levels)
        return _midnight(completed)

    for person, role, group, had_place, at_end in people:
        mean, spread = TRAINER_LEVEL if role == Role.TRAINER else TRAINEE_LEVEL
        latent = rng.gauss(mean, spread)
        anonymous = rng.random() < ANONYMOUS
        answered_before = None
        if had_place:
            if rng.random() < BEFORE[role]:
                answered_before = reflect(person, role, group, Phase.BEFORE, latent, anonymous, start_invite)
            invitations.append((person, cycle.pk, Phase.BEFORE, role, start_invite, start_invite + closes,
                                answered_before))  # fmt: skip
        if not at_end:
            continue
        answers_after = (
            rng.random() < _after_probability(role, latent)
            if answered_before is not None
            else role == Role.TRAINEE and rng.random() < AFTER_ONLY
        )
        answered_after = None
        if answers_after:
            after = latent + _gain(rng, role, latent)
            answered_after = reflect(person, role, group, Phase.AFTER, after, anonymous, end_invite)
        invitations.append((person, cycle.pk, Phase.AFTER, role, end_invite, end_invite + closes, answered_after))

    writer = run.writer
    ids = writer.reserve_ids(Reflection, len(reflections))
    writer.write(Reflection, REFLECTION_FIELDS, [(pk, *row[1:]) for pk, row in zip(ids, reflections, strict=True)])
    writer.write(
        Answer,
        ["reflection_id", "item_id", "level"],
        (
            (pk, item_id, level)
            for pk, levels in zip(ids, answers, strict=True)
            for item_id, level in zip(item_ids, levels, strict=True)
        ),
    )
    writer.write(Invitation, INVITATION_FIELDS, invitations)
    return {
        "reflections": len(reflections),
        "answers": len(reflections) * len(item_ids),
        "invitations": len(invitations),
    }


def reset_reflections() -> dict[str, int]:
    """The generated courses' reflections, their answers and invitations (the courses' own reset would cascade
    too; this keeps the counts by model)."""
    cycles = Cycle.objects.filter(course__in=generated_courses()).values("pk")
    reflections = Reflection.objects.filter(cycle_id__in=cycles).values("pk")
    deleted: dict[str, int] = {}
    for model, qs in (
        (Answer, Answer.objects.filter(reflection_id__in=reflections)),
        (Reflection, Reflection.objects.filter(cycle_id__in=cycles)),
        (Invitation, Invitation.objects.filter(cycle_id__in=cycles)),
    ):
        n = qs._raw_delete(qs.db)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("competences", generate_reflections, reset=reset_reflections, position=84)
