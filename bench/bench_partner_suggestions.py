"""Suggested partners (/en/partners/suggestions/): for a profile, for a post, for an idea."""

from twinning.partners.models import Post
from twinning.reference.models import AgeBand, Country, Language, Subject

from .partners_common import bench_teacher

PATH = "/en/partners/suggestions/"


def run(ctx) -> list[dict]:
    teacher = bench_teacher(ctx)
    post = Post.objects.filter(author=teacher).order_by("pk").first()
    biology = Subject.objects.get(code="biology").pk
    ages = AgeBand.objects.get(code="12-15").pk
    english = Language.objects.get(code="en").pk
    italy = Country.objects.get(code="IT").pk
    cases = [
        ("profile", {}),
        (
            "idea",
            {"subjects": biology, "age_bands": ages, "languages": english, "countries_wanted": italy, "q": "climate"},
        ),
    ]
    if post is not None:
        cases.append(("post", {"post": post.pk}))
    lines = []
    for case, params in cases:
        lines += ctx.measure("partner_suggestions", case, PATH, user=teacher, params=params)
    return lines
