"""Help articles for tests, written through the service (by CSS staff unless a writer is given)."""

from __future__ import annotations

from twinning.accounts.tests.factories import css_staff
from twinning.knowledge import services
from twinning.knowledge.models import Article, Category

_counter = {"n": 0}


def category(key: str = "technical") -> Category:
    return Category.objects.get(key=key)


def make_article(*, by=None, country=None, key: str = "technical", publish: bool = True, slug: str = "",
                 title_en: str = "", title_el: str = "", body_en: str = "", body_el: str = "",
                 summary_en: str = "", summary_el: str = "") -> Article:  # fmt: skip
    _counter["n"] += 1
    n = _counter["n"]
    if not (title_en or title_el):
        title_en, body_en = f"Article {n}", body_en or f"<p>Text {n}.</p>"
    if title_en and not body_en:
        body_en = f"<p>{title_en}.</p>"
    if title_el and not body_el:
        body_el = f"<p>{title_el}.</p>"
    return services.article_save(
        by=by or css_staff(), category=category(key), country=country, slug=slug or f"article-{n}",
        title_en=title_en, title_el=title_el, summary_en=summary_en, summary_el=summary_el,
        body_en=body_en, body_el=body_el, publish=publish,
    )  # fmt: skip
