"""Shared by the partner-finding benches: an eTwinner to search as, and the raw SQL timing of a query."""

from __future__ import annotations

import statistics
import time

from django.db import connection

from bench.common import percentile


def bench_teacher(ctx, country_code: str = "GR"):
    """A generated, validated Greek teacher with teaching data (subjects, languages, age bands)."""
    from twinning.accounts.models import ValidationStatus

    person = ctx.sample_person(country_code, validation_status=ValidationStatus.VALIDATED, visibility="members")
    if person is None:
        raise RuntimeError("no generated eTwinner: generate the population first")
    return person


def raw_sql(ctx, bench: str, case: str, queryset_or_sql, params=None) -> list[dict]:
    """The page's main query executed alone (p95 and p50 over the same number of runs as the page)."""
    if isinstance(queryset_or_sql, str):
        sql, sql_params = queryset_or_sql, params or []
    else:
        sql, sql_params = queryset_or_sql.query.sql_with_params()
    samples: list[float] = []
    with connection.cursor() as cursor:
        for i in range(ctx.warmup + ctx.repeat):
            started = time.perf_counter()
            cursor.execute(sql, sql_params)
            cursor.fetchall()
            if i >= ctx.warmup:
                samples.append((time.perf_counter() - started) * 1000)
    return [
        {"bench": bench, "case": case, "metric": "raw_sql_ms", "value": round(percentile(samples, 95), 2)},
        {"bench": bench, "case": case, "metric": "raw_sql_p50_ms", "value": round(statistics.median(samples), 2)},
    ]
