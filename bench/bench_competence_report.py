"""Group impact report of a full cycle (issue 12): a cycle of the bench's own with 25,500 participants who
answered before and 25,500 after (every one paired but the anonymous 8%), in 1,020 groups of 25 over the
Greek regions, then ``report.build`` for the whole cycle with a breakdown by group, in seconds (median and
worst of the runs), and the same aggregation as raw SQL alone (its two queries). Target: ≤ 2 s on PostgreSQL.
Reports read the reflections' stored scores, never the answers: the bench writes the reflection rows only
(``COMPETENCE_REPORT_PEOPLE`` scales the number of people). Everything it creates is deleted afterwards.
Also the report page itself (p50/p95, queries) as the Greek NSO's staff."""

import os
import random
import statistics
import time
from datetime import timedelta

BENCH = "competence_report"
PEOPLE = 25_500
GROUP = 25


def _rows(cycle, people, groups, regions, version, rng):
    from twinning.competences import scoring
    from twinning.competences.models import Phase, Reflection, Role

    rows = []
    now = cycle.starts_on
    for index, person_id in enumerate(people):
        start = rng.gauss(2.7, 0.7)
        gain = max(-0.5, rng.gauss(0.6 - 0.15 * (start - 2.7), 0.4))
        anonymous = rng.random() < 0.08
        group = groups[index // GROUP]
        region = regions[index % len(regions)]
        for phase, base in ((Phase.BEFORE, start), (Phase.AFTER, start + gain)):
            answers = [(1 + i * 6 // 32, min(6, max(1, round(rng.gauss(base, 0.8))))) for i in range(32)]
            fields = scoring.scores(answers)
            rows.append(Reflection(
                version=version, person_id=None if anonymous else person_id, anonymous=anonymous, phase=phase,
                role=Role.TRAINEE, cycle=cycle, group_id=group, region_id=region, country_id=cycle.course.country_id,
                pseudonym="" if anonymous else scoring.pseudonym(person_id, cycle.pk, Role.TRAINEE),
                started_at=None, completed_at=now, answered=32, **fields,
            ))  # fmt: skip
    return rows


def run(ctx) -> list[dict]:
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from twinning.accounts.population import generated_users
    from twinning.competences import framework, report
    from twinning.competences.models import Reflection
    from twinning.learning.models import Course, LearnerGroup
    from twinning.reference.models import Country, Region

    wanted = int(os.environ.get("COMPETENCE_REPORT_PEOPLE") or PEOPLE)
    greece = Country.objects.filter(code="GR").first()
    if greece is None or ctx.nso is None:
        return [{"bench": BENCH, "metric": "error", "value": "no Greece or no NSO staff: generate the population"}]
    people = list(generated_users().filter(country=greece).order_by("pk").values_list("pk", flat=True)[:wanted])
    if len(people) < wanted:
        return [{"bench": BENCH, "metric": "error", "value": f"only {len(people)} Greek people generated"}]
    regions = list(Region.objects.filter(country=greece).values_list("pk", flat=True)) or [None]
    now = timezone.now()
    course = Course.objects.create(title="Bench: impact report", country=greece, created_by=ctx.nso)
    cycle = course.cycles.create(
        name="bench", starts_on=(now - timedelta(days=200)).date(), ends_on=(now - timedelta(days=5)).date(),
        enrolment_opens_at=now - timedelta(days=230), enrolment_closes_at=now - timedelta(days=201),
    )  # fmt: skip
    try:
        groups = [g.pk for g in LearnerGroup.objects.bulk_create(
            LearnerGroup(cycle=cycle, number=n + 1) for n in range(-(-wanted // GROUP))
        )]  # fmt: skip
        version = framework.current()
        started = time.perf_counter()
        rows = _rows(cycle, people, groups, regions, version, random.Random(2026))
        with transaction.atomic():
            Reflection.objects.bulk_create(rows, batch_size=5000)
        write_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE competences_reflection" if connection.vendor == "postgresql" else "ANALYZE")
        totals, raw = [], []
        for _ in range(ctx.warmup + max(3, min(ctx.repeat, 10))):
            started = time.perf_counter()
            result = report.build([cycle.pk], {"cycle": cycle.pk}, breakdown="group")
            totals.append(time.perf_counter() - started)
            started = time.perf_counter()
            query = report._phase_query([cycle.pk])
            sql, params = query.query.sql_with_params()
            pairs_sql, pairs_params = report._pairs_sql([cycle.pk])
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
                cursor.execute(pairs_sql, pairs_params)
                cursor.fetchall()
            raw.append(time.perf_counter() - started)
        totals, raw = totals[ctx.warmup :], raw[ctx.warmup :]
        base = {"bench": BENCH, "case": f"cycle_{wanted}_by_group"}
        lines = [
            {**base, "metric": "seconds", "value": round(statistics.median(totals), 3),
             "worst": round(max(totals), 3), "pairs": result.pairs.n, "before": result.before.n,
             "after": result.after.n, "slices": len(result.slices), "write_seconds": round(write_seconds, 1)},
            {**base, "metric": "raw_sql_seconds", "value": round(statistics.median(raw), 3),
             "worst": round(max(raw), 3)},
        ]  # fmt: skip
        url = reverse("competences:course_report", args=[course.pk])
        lines += ctx.measure(BENCH, "page_whole_cycle", url, user=ctx.nso, params={"cycle": cycle.pk})
        lines += ctx.measure(BENCH, "page_one_group", url, user=ctx.nso, params={"cycle": cycle.pk, "group": groups[3]})
        return lines
    finally:
        Reflection.objects.filter(cycle=cycle).delete()
        course.delete()
