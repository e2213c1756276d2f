"""The magazine's articles and the news offered to the newsletter (``twinning.newsletter.sources``)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from twinning.newsletter.sources import NewsletterItem, register_source

from .models import ArticlePage, NewsPage


def _recent(model, since: datetime, language: str):
    return (
        model.objects.live()
        .public()
        .filter(locale__language_code=language, first_published_at__gte=since)
        .order_by("-first_published_at")[:20]
    )


def recent_articles(since: datetime, language: str) -> list[NewsletterItem]:
    return [
        NewsletterItem(
            title=p.title, summary=p.summary, url=p.url or "", date=p.first_published_at, kind="publishing.articles"
        )
        for p in _recent(ArticlePage, since, language)
    ]


def recent_news(since: datetime, language: str) -> list[NewsletterItem]:
    return [
        NewsletterItem(title=p.title, summary=p.summary, url=p.url or "", date=p.date, kind="publishing.news")
        for p in _recent(NewsPage, since, language)
    ]


register_source("publishing.articles", _("Articles of the WELCOME magazine"), recent_articles)
register_source("publishing.news", _("News"), recent_news)
