"""Saving one self-reflection answer (issue 12): the page's script posts each statement chosen; server time of
that POST through the whole stack (p50, p95, queries), for a generated Greek teacher's reflection in progress,
and the questionnaire page of an area (GET). Target: saving p95 ≤ 50 ms. The reflection is deleted after."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

BENCH = "competence_answer"


def run(ctx) -> list[dict]:
    from django.urls import reverse

    from bench.common import percentile
    from twinning.accounts.population import generated_users
    from twinning.competences import services
    from twinning.competences.models import Item, Reflection

    person = generated_users().filter(country__code="GR", is_active=True).order_by("-pk").first()
    if person is None:
        return [{"bench": BENCH, "metric": "error", "value": "no generated Greek teacher: generate the population"}]
    Reflection.objects.filter(person=person, phase="free", completed_at__isnull=True).delete()
    reflection = services.reflection_start(person=person, anonymous=False)
    try:
        items = list(Item.objects.filter(version=reflection.version).order_by("position").values_list("pk", flat=True))
        client = ctx.client(person)
        url = reverse("competences:answer", args=[reflection.pk])
        samples = []
        for i in range(ctx.warmup + ctx.repeat):
            data = {"item": items[i % len(items)], "level": 1 + i % 6}
            started = time.perf_counter()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                return [{"bench": BENCH, "metric": "error", "value": f"HTTP {response.status_code}"}]
            if i >= ctx.warmup:
                samples.append(elapsed)
        with CaptureQueriesContext(connection) as captured:
            client.post(url, {"item": items[0], "level": 3})
        base = {"bench": BENCH, "case": "save_one_answer", "url": url}
        lines = [
            {**base, "metric": "p50_ms", "value": round(statistics.median(samples), 2)},
            {**base, "metric": "p95_ms", "value": round(percentile(samples, 95), 2)},
            {**base, "metric": "queries", "value": len(captured.captured_queries)},
        ]
        page = reverse("competences:take", args=[reflection.pk])
        lines += ctx.measure(BENCH, "questionnaire_area", page, user=person, params={"area": 3})
        return lines
    finally:
        reflection.delete()
