"""The partner search (/en/partners/) as a Greek eTwinner: free text (Greek, English, no accents), filters,
both, the Erasmus+ filter, a later page. Each case also prints ``raw_sql_ms``: the page's main query alone."""

import time

from django.core.cache import cache

from bench.common import percentile
from twinning.partners import selectors
from twinning.reference.models import AgeBand, Country, Language, Subject

from .partners_common import bench_teacher, raw_sql

PATH = "/en/partners/"


def run(ctx) -> list[dict]:
    teacher = bench_teacher(ctx)
    biology = Subject.objects.get(code="biology").pk
    ages = AgeBand.objects.get(code="12-15").pk
    english = Language.objects.get(code="en").pk
    italy = Country.objects.get(code="IT").pk
    cases = [
        ("browse", {}),
        ("greek_word", {"q": "βιοποικιλότητα"}),
        ("greek_no_accents", {"q": "ρομποτικη"}),
        ("english_words", {"q": "climate detectives"}),
        ("prefix", {"q": "robot"}),
        ("subject", {"subjects": biology}),
        ("subject_age_language", {"subjects": biology, "age_bands": ages, "languages": english}),
        ("wanted_country", {"countries_wanted": italy}),
        ("text_and_filters", {"q": "climate", "subjects": biology, "languages": english}),
        ("erasmus", {"purpose": "erasmus", "order": "newest"}),
        ("no_match", {"q": "ξυλοκόπος"}),
        ("page_3", {"q": "art", "page": 3}),
    ]
    lines = []
    for case, params in cases:
        lines += ctx.measure("partner_search", case, PATH, user=teacher, params=params)
        filters = {
            k: ([v] if k in ("subjects", "age_bands", "languages", "countries_wanted") else v)
            for k, v in params.items()
        }
        page = int(filters.pop("page", 1))
        qs = selectors.post_search(filters).prefetch_related(None)[(page - 1) * 20 : page * 20 + 1]
        lines += raw_sql(ctx, "partner_search", case, qs)
        if page == 1:
            lines.append(_facets_uncached(ctx, case, filters))
    return lines


def _facets_uncached(ctx, case: str, filters: dict) -> dict:
    """The facet counts computed without the cache (what the first visitor of a filter combination pays)."""
    samples = []
    for _ in range(max(5, ctx.repeat // 5)):
        cache.delete(selectors._facet_key({k: v for k, v in filters.items() if k not in ("order", "page")}))
        started = time.perf_counter()
        selectors.post_facets(filters)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "bench": "partner_search",
        "case": case,
        "metric": "facets_uncached_p95_ms",
        "value": round(percentile(samples, 95), 2),
    }
