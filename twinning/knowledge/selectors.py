"""Reads of the knowledge base: the published articles a person sees (every country's and their own
country's), one article, the most helpful ones, the staff's list, the suggestions shown while a ticket is
typed, and how many tickets the articles spared.

The text search has two paths behind the same functions (as partner finding):

- PostgreSQL: the stored weighted ``search_vector`` (titles A, summaries B, bodies C; GIN index on the
  published articles) matched with a prefix ``tsquery`` over the folded words, ranked by ``ts_rank``;
- other databases (SQLite): each folded word scores in SQL (``CASE WHEN … LIKE``): three points when it is
  in a title, one when it is anywhere in the text; the articles are ranked by the sum.

Either way a title match ranks above a match in the body only, and the ranking is done by the database.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from twinning.core.text import normalize_search

from .models import Article, Category, Deflection, Status

MAX_WORDS = 12
MIN_WORD = 3
MAX_TEXT = 2000
_WORD = re.compile(r"[^\W_]+")
# Common words of a ticket that say nothing about its subject (folded: no accents, final sigma as sigma).
STOP_WORDS = frozenset(
    """
    the and for you your with this that have has not can cannot how what when where why who are was were
    from but all any our out there their they them then than its into also get got does did just been
    please hello thanks thank would could should will want need
    και για του της την των τον στο στη στην στον στα στισ στουσ απο που πωσ τι οι τα το με σε να θα δεν
    μη μην ειναι εχω εχει ενα μια μου σασ μασ σου αλλα ομωσ οταν ποτε γιατι αυτο αυτη αυτοσ ηδη ακομη
    παρακαλω ευχαριστω καλησπερα καλημερα γεια
    """.split()  # noqa: SIM905 - a readable list of words
)


def search_words(text: str) -> list[str]:
    """The folded words of ``text`` worth searching for (no short or common words), first ones first."""
    seen: list[str] = []
    for word in _WORD.findall(normalize_search((text or "")[:MAX_TEXT])):
        if len(word) >= MIN_WORD and word not in STOP_WORDS and word not in seen:
            seen.append(word)
        if len(seen) >= MAX_WORDS:
            break
    return seen


def categories() -> list[Category]:
    return list(Category.objects.order_by("position", "key"))


def category_by_key(key: str) -> Category | None:
    return Category.objects.filter(key=key).first()


def _visible(country_id: int | None) -> QuerySet[Article]:
    """Published articles for a person of ``country_id``: every country's and their own country's."""
    scope = Q(country__isnull=True)
    if country_id is not None:
        scope |= Q(country_id=country_id)
    return Article.objects.filter(scope, status=Status.PUBLISHED)


# The pages never show the folded search columns.
_LIST_DEFERRED = ("search_title", "search_text", "search_vector", "body_en", "body_el")


def _scored(qs: QuerySet[Article], words: list[str], *, any_word: bool) -> Any:
    """``qs`` narrowed to articles matching the words (any, or all) and annotated with ``score``."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        joiner = " | " if any_word else " & "
        query = SearchQuery(joiner.join(f"{w}:*" for w in words), search_type="raw", config="simple")
        return qs.filter(search_vector=query).annotate(score=SearchRank(F("search_vector"), query))
    score: Any = Value(0, output_field=IntegerField())
    for word in words:
        score = (
            score
            + Case(When(search_title__contains=word, then=Value(3)), default=Value(0), output_field=IntegerField())
            + Case(When(search_text__contains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    qs = qs.annotate(score=score)
    if any_word:
        return qs.filter(score__gt=0)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


def published(
    language: str, country_id: int | None, category: Category | None = None, q: str | None = None
) -> QuerySet[Article]:
    """The published articles a person of ``country_id`` sees (optionally of one category, or matching every
    word of ``q``, best match first), those written in ``language`` first; page it with ``core.paging``."""
    qs = _visible(country_id).select_related("category").defer(*_LIST_DEFERRED)
    if category is not None:
        qs = qs.filter(category=category)
    in_language = Case(
        When(**{f"title_{'el' if language == 'el' else 'en'}": ""}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    qs = qs.annotate(in_language=in_language)
    words = search_words(q or "")
    if words:
        return _scored(qs, words, any_word=False).order_by("-in_language", "-score", "-helpful_count", "pk")
    return qs.order_by("-in_language", "-published_at", "pk")


def most_helpful(country_id: int | None, *, limit: int = 6) -> list[Article]:
    qs = _visible(country_id).select_related("category").defer(*_LIST_DEFERRED)
    return list(qs.order_by("-helpful_count", "unhelpful_count", "-published_at", "pk")[:limit])


def article_by_slug(slug: str) -> Article | None:
    """Any article by its address (drafts too: the policy decides who sees it)."""
    return Article.objects.select_related("category", "country").filter(slug=slug).first()


def suggest(text: str, *, language: str, country_id: int | None, limit: int = 5) -> list[Article]:
    """Up to ``limit`` published articles for a person of ``country_id`` that best match ``text`` (a ticket
    being typed): any of its words, title matches above body matches, then the most helpful."""
    words = search_words(text)
    if not words or limit <= 0:
        return []
    qs = _visible(country_id).select_related("category").defer(*_LIST_DEFERRED)
    in_language = Case(
        When(**{f"title_{'el' if language == 'el' else 'en'}": ""}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    qs = _scored(qs, words, any_word=True).annotate(in_language=in_language)
    return list(qs.order_by("-score", "-in_language", "-helpful_count", "pk")[:limit])


def deflected_count(since: datetime, country_id: int | None = None) -> int:
    """How many times since ``since`` a person read a suggested article and did not send a ticket."""
    qs = Deflection.objects.filter(created_at__gte=since)
    if country_id is not None:
        qs = qs.filter(country_id=country_id)
    return qs.count()


def staff_articles(country_ids: set[int] | None, *, status: str = "") -> QuerySet[Article]:
    """The articles staff may edit (``None``: all), drafts included, with their deflections counted."""
    qs = Article.objects.select_related("category", "country").defer(*_LIST_DEFERRED)
    if country_ids is not None:
        qs = qs.filter(country_id__in=country_ids)
    if status in (Status.DRAFT, Status.PUBLISHED):
        qs = qs.filter(status=status)
    deflections = (
        Deflection.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(deflection_count=Coalesce(Subquery(deflections, output_field=IntegerField()), 0)).order_by(
        "-updated_at", "pk"
    )
