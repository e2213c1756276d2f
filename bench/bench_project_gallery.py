"""The public project gallery (/en/projects/): visitors with and without filters, deep pages, text search."""

from twinning.reference.models import Country, Language, Subject

PATH = "/en/projects/"


def run(ctx) -> list[dict]:
    italy = Country.objects.filter(code="IT").values_list("pk", flat=True).first()
    english = Language.objects.filter(code="en").values_list("pk", flat=True).first()
    subject = Subject.objects.order_by("pk").values_list("pk", flat=True).first()
    cases = [
        ("visitor_default", None, None),
        ("visitor_page_20", None, {"page": 20}),
        ("country_italy", None, {"country": italy}),
        ("subject", None, {"subject": subject}),
        ("language_english_european", None, {"language": english, "scope": "european"}),
        ("year", None, {"year": 2024}),
        ("text_water", None, {"q": "water"}),
        ("national_greek_text", None, {"scope": "national", "q": "νερό"}),
    ]
    lines = []
    for case, user, params in cases:
        lines += ctx.measure("project_gallery", case, PATH, user=user, params=params)
    return lines
