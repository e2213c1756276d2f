"""Pages for the tests: the section tree (no demo) and articles published or sent to the workflow."""

from __future__ import annotations

from django.utils import timezone

from twinning.publishing.models import ArticlePage, MagazineIndexPage, MagazineIssue
from twinning.publishing.tree import publish


def magazine(language: str = "el") -> MagazineIndexPage:
    return MagazineIndexPage.objects.get(locale__language_code=language)


def issue(number: int = 1) -> MagazineIssue:
    return MagazineIssue.objects.get_or_create(
        number=number, defaults={"date": timezone.localdate(), "title_el": "Τεύχος", "title_en": "Issue"}
    )[0]


def article(*, title: str = "Robots in class", language: str = "el", live: bool = True, **fields) -> ArticlePage:
    parent = magazine(language)
    fields.setdefault("body", "<p>Text.</p>")
    fields.setdefault("summary", "A summary.")
    page = ArticlePage(title=title, live=live, **fields)
    parent.add_child(instance=page)
    if live:
        publish(page)
    return page
