"""The content and progress of the synthetic courses (``core.population``, position 81, after the courses):
each current cycle gets eight modules of four activities (a page, a quiz, an assignment and a forum task, the
last module's assignment the final project) released a month apart, and each of its enrolled learners has
got through a random number of them (more for the early modules), with grades; the enrolments' counters are
written to match, as ``learning.progress`` keeps them. This is what the gradebooks read at scale.

Idempotent: cycles that already have modules are left alone.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from twinning.core.population import Run, register_population

from .models import Activity, ActivityKind, ActivityProgress, Cycle, Enrolment, Module, ProgressState, Status
from .population import _first_year, generated_courses
from .schedule import cycle_start

MODULES = 8
KINDS = (ActivityKind.PAGE, ActivityKind.QUIZ, ActivityKind.ASSIGNMENT, ActivityKind.FORUM)
POINTS = {ActivityKind.QUIZ: Decimal(10), ActivityKind.ASSIGNMENT: Decimal(20)}
MODULE_TITLES = (
    "Γνωριμία και εργαλεία", "Σχεδιασμός δραστηριότητας", "Συνεργασία με ψηφιακά μέσα", "Αξιολόγηση",
    "Μάθηση με έργα", "Ασφάλεια και δεοντολογία", "Εφαρμογή στην τάξη", "Τελική εργασία",
)  # fmt: skip


def _content(cycle: Cycle, start) -> list[Activity]:
    modules = Module.objects.bulk_create(
        [Module(cycle=cycle, title=title, position=n, opens_at=start + timedelta(days=28 * n))
         for n, title in enumerate(MODULE_TITLES)]
    )  # fmt: skip
    activities = []
    for module in modules:
        for position, kind in enumerate(KINDS):
            activities.append(
                Activity(
                    cycle=cycle, module=module, kind=kind, title=f"{module.title}: {kind.label}", position=position,
                    required=kind != ActivityKind.FORUM or module.position % 2 == 0, max_points=POINTS.get(kind, 0),
                    pass_percent=50 if kind in POINTS else None,
                    due_at=module.opens_at + timedelta(days=21) if kind in POINTS else None,
                )
            )  # fmt: skip
    Activity.objects.bulk_create(activities)
    Cycle.objects.filter(pk=cycle.pk).update(required_total=sum(1 for a in activities if a.required))
    return activities


def generate_content(run: Run) -> None:
    started = time.perf_counter()
    now = timezone.now()
    first = _first_year(now.date())
    cycles = list(
        Cycle.objects.filter(course__in=generated_courses(), starts_on__year=first, modules__isnull=True).order_by("pk")
    )
    rng, rows, counters = run.rng, [], {}
    with transaction.atomic():
        for cycle in cycles:
            start = cycle_start(cycle)
            activities = _content(cycle, start)
            learners = Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED).values_list("pk", flat=True)
            for enrolment_id in learners.iterator(chunk_size=5000):
                reached = min(len(activities), int(rng.triangular(0, len(activities), len(activities) * 0.3)))
                done = graded = 0
                total = Decimal(0)
                for activity in activities[:reached]:
                    points, state = None, ProgressState.COMPLETED
                    if activity.max_points:
                        points = (activity.max_points * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal("0.01"))
                        state = ProgressState.COMPLETED if points * 2 >= activity.max_points else ProgressState.FAILED
                    if activity.kind == ActivityKind.ASSIGNMENT and rng.random() < 0.15:
                        points, state = None, ProgressState.SUBMITTED  # waiting for the trainer
                    at = start + timedelta(days=rng.randrange(1, 200))
                    rows.append((enrolment_id, activity.pk, state, points, at if state == "completed" else None, at))
                    if activity.required:
                        done += state == ProgressState.COMPLETED
                        if points is not None:
                            graded += 1
                            total += (points * 100 / activity.max_points).quantize(Decimal("0.01"))
                if reached:
                    counters[enrolment_id] = (done, graded, total, start + timedelta(days=rng.randrange(1, 20)))
        run.writer.write(
            ActivityProgress, ["enrolment_id", "activity_id", "state", "points", "completed_at", "updated_at"], rows
        )
        _write_counters(counters)
    run.count("course activities", len(cycles) * MODULES * len(KINDS))
    run.count("learners' progress rows", len(rows))
    run.log(f"+{len(cycles)} cycles' content, +{len(rows)} progress rows in {time.perf_counter() - started:.1f}s")


def _write_counters(counters: dict) -> None:
    """The enrolments' counters in one UPDATE per 2,000 learners (a CASE on the id)."""
    items = list(counters.items())
    for offset in range(0, len(items), 2000):
        chunk = dict(items[offset : offset + 2000])

        def case(index, field, chunk=chunk):
            whens = [When(pk=pk, then=Value(values[index])) for pk, values in chunk.items()]
            return Case(*whens, default=F(field), output_field=Enrolment._meta.get_field(field))

        Enrolment.objects.filter(pk__in=list(chunk)).update(
            required_done=case(0, "required_done"), graded_count=case(1, "graded_count"),
            percent_sum=case(2, "percent_sum"), started_at=case(3, "started_at"),
        )  # fmt: skip


def reset_content() -> dict[str, int]:
    cycles = Cycle.objects.filter(course__in=generated_courses())
    deleted = {}
    for model, qs in (
        (ActivityProgress, ActivityProgress.objects.filter(activity__cycle__in=cycles)),
        (Activity, Activity.objects.filter(cycle__in=cycles)),
        (Module, Module.objects.filter(cycle__in=cycles)),
    ):
        n, _ = qs.delete()
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("learning.content", generate_content, reset=reset_content, position=81)
