"""The eTwinner search for teachers (/en/partners/people/): names, filters, both; with ``raw_sql_ms``."""

from twinning.partners import selectors
from twinning.reference.models import AgeBand, Country, Language, Subject

from .partners_common import bench_teacher, raw_sql

PATH = "/en/partners/people/"


def run(ctx) -> list[dict]:
    teacher = bench_teacher(ctx)
    greece = Country.objects.get(code="GR").pk
    italy = Country.objects.get(code="IT").pk
    biology = Subject.objects.get(code="biology").pk
    ages = AgeBand.objects.get(code="12-15").pk
    english = Language.objects.get(code="en").pk
    other = ctx.sample_person("IT")
    cases = [
        ("browse", {}),
        ("surname", {"q": "Παπαδοπούλου"}),
        ("full_name", {"q": f"{other.first_name} {other.last_name}" if other else "Giulia Rossi"}),
        ("country", {"country": italy}),
        ("country_subject", {"country": italy, "subjects": biology}),
        ("subject_age_language", {"subjects": biology, "age_bands": ages, "languages": english}),
        ("name_and_country", {"q": "Maria", "country": greece}),
        ("no_match", {"q": "Ξυλοκόπου"}),
    ]
    lines = []
    for case, params in cases:
        lines += ctx.measure("people_search", case, PATH, user=teacher, params=params)
        filters = {k: ([v] if k in ("subjects", "age_bands", "languages") else v) for k, v in params.items()}
        qs = selectors.people_search(viewer=teacher, filters=filters).prefetch_related(None)[:26]
        lines += raw_sql(ctx, "people_search", case, qs)
    return lines
