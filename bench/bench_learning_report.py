"""A cycle's report (issue 11, "Reports"): a cycle of the bench's own with 25,500 enrolments of generated Greek
people (about 78% enrolled, 12% completed, 5% waiting, 5% withdrawn) in groups of 25 with the population's
trainers, and activity progress for most of those holding a place (half of it in the last 30 days); then
``reports.cycle_report`` + ``reports.label`` (the figures, by group, region and country, named), in seconds
(median and worst of the runs). Target: ≤ 2 s on PostgreSQL. ``LEARNING_REPORT_PEOPLE`` sets the number of
enrolments (the population's generated Greek people are the limit: fewer at ``--scale tiny``). Also the
report page as the Greek NSO's staff, from the stored result of a background build (p50/p95, queries).
Everything it creates is deleted afterwards."""

import os
import random
import statistics
import time
from datetime import timedelta

BENCH = "learning_report"
PEOPLE = 25_500
GROUP = 25


def run(ctx) -> list[dict]:
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from twinning.accounts.population import generated_users
    from twinning.core import jobs
    from twinning.core.models import Job
    from twinning.core.rules import rule
    from twinning.learning import reports
    from twinning.learning.models import (
        Activity,
        ActivityKind,
        ActivityProgress,
        Course,
        Enrolment,
        LearnerGroup,
        Module,
        Status,
        Trainer,
    )
    from twinning.learning.report_extensions import INLINE_MAX, JOB_KIND, job_key
    from twinning.reference.models import Country

    wanted = int(os.environ.get("LEARNING_REPORT_PEOPLE") or PEOPLE)
    greece = Country.objects.filter(code="GR").first()
    if greece is None or ctx.nso is None:
        return [{"bench": BENCH, "metric": "error", "value": "no Greece or no NSO staff: generate the population"}]
    people = list(generated_users().filter(country=greece).order_by("pk").values_list("pk", flat=True)[:wanted])
    if not people:
        return [{"bench": BENCH, "metric": "error", "value": "no Greek people generated"}]
    size = len(people)
    trainers = list(Trainer.objects.filter(country=greece).values_list("pk", flat=True)[: -(-size // GROUP)])
    rng = random.Random(2026)
    now = timezone.now()
    course = Course.objects.create(title="Bench: cycle report", country=greece, created_by=ctx.nso)
    cycle = course.cycles.create(
        name="bench", starts_on=(now - timedelta(days=60)).date(), ends_on=(now + timedelta(days=100)).date(),
        enrolment_opens_at=now - timedelta(days=90), enrolment_closes_at=now - timedelta(days=61),
    )  # fmt: skip
    try:
        started = time.perf_counter()
        with transaction.atomic():
            groups = LearnerGroup.objects.bulk_create(
                LearnerGroup(cycle=cycle, number=n + 1, trainer_id=trainers[n % len(trainers)] if trainers else None)
                for n in range(-(-size // GROUP))
            )
            module = Module.objects.create(cycle=cycle, title="Module 1")
            activities = Activity.objects.bulk_create(
                Activity(cycle=cycle, module=module, kind=ActivityKind.PAGE, title=f"Page {n}", position=n)
                for n in range(4)
            )
            rows = []
            for index, person_id in enumerate(people):
                draw = rng.random()
                status = (Status.ENROLLED if draw < 0.78 else Status.COMPLETED if draw < 0.90
                          else Status.WAITING if draw < 0.95 else Status.WITHDRAWN)  # fmt: skip
                placed = status in (Status.ENROLLED, Status.COMPLETED)
                rows.append(Enrolment(
                    cycle=cycle, user_id=person_id, status=status, enrolled_at=now - timedelta(days=80),
                    group=groups[index // GROUP] if placed else None,
                    position=index if status == Status.WAITING else None,
                    started_at=now - timedelta(days=50) if placed and draw < 0.85 else None,
                    completed_at=now - timedelta(days=5) if status == Status.COMPLETED else None,
                ))  # fmt: skip
            enrolments = Enrolment.objects.bulk_create(rows, batch_size=2000)
            progress = []
            for enrolment in enrolments:
                if enrolment.started_at is None:
                    continue
                for activity in activities[: rng.randint(1, len(activities))]:
                    progress.append(ActivityProgress(enrolment=enrolment, activity=activity))
            ActivityProgress.objects.bulk_create(progress, batch_size=5000)
            # Half of the progress is old: its learners are not active (unless they completed).
            old = [p.pk for p in progress[::2]]
            for start in range(0, len(old), 5000):
                ActivityProgress.objects.filter(pk__in=old[start : start + 5000]).update(
                    updated_at=now - timedelta(days=45)
                )
        write_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE learning_enrolment; ANALYZE learning_activityprogress")
            else:
                cursor.execute("ANALYZE")
        totals = []
        for _ in range(ctx.warmup + max(3, min(ctx.repeat, 10))):
            started = time.perf_counter()
            report = reports.label(reports.cycle_report(cycle.pk))
            totals.append(time.perf_counter() - started)
        totals = totals[ctx.warmup :]
        started = time.perf_counter()
        job = jobs.start(kind=JOB_KIND, owner=ctx.nso, key=job_key(cycle.pk), params={"cycle": cycle.pk},
                         country_code="GR", total=reports.STEPS)  # fmt: skip
        jobs.run(job.pk)
        job_seconds = time.perf_counter() - started
        lines = [
            {"bench": BENCH, "case": f"cycle_{size}", "metric": "seconds", "value": round(statistics.median(totals), 3),
             "worst": round(max(totals), 3), "enrolled": report.totals.enrolled, "active": report.totals.active,
             "completed": report.totals.completed, "groups": len(report.groups), "regions": len(report.regions),
             "progress_rows": len(progress), "job_seconds": round(job_seconds, 3),
             "write_seconds": round(write_seconds, 1), "target_seconds": 2},
        ]  # fmt: skip
        case = "page_inline" if size <= rule(INLINE_MAX) else "page_stored"  # computed on the page, or the job's
        lines += ctx.measure(BENCH, case, reverse("learning:cycle_report", args=[cycle.pk]), user=ctx.nso)
        return lines
    finally:
        Job.objects.filter(kind=JOB_KIND, key=job_key(cycle.pk)).delete()
        course.delete()  # the cycle, its enrolments, groups, activities and progress go with it
