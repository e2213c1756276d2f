"""What a newsletter is made of and whom it may go to, offered by the apps above it.

    register_source("events", _("Events"), upcoming_events)          # items(since, language) -> [NewsletterItem]
    register_audience("trainers", _("Volunteer trainers"), trainer_ids)  # user_ids_query() -> QuerySet of user ids

The newsletter never imports the apps that register (publishing, events, learning): they declare the
dependency and register from their ``AppConfig.ready()``. An audience's query is a queryset of user ids,
used inside one ``IN (subquery)``, so that an audience of 100,000 people is never loaded into memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewsletterItem:
    """One thing a newsletter may tell: an article, a piece of news, an event."""

    title: str
    summary: str
    url: str  # an absolute path of this site ("/el/events/3/") or a full URL
    date: datetime | date
    kind: str  # the source's key ("events", "articles", "news")


ItemsFn = Callable[[datetime, str], list[NewsletterItem]]


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    items: ItemsFn


@dataclass(frozen=True)
class Audience:
    key: str
    label: Any
    user_ids_query: Callable[[], QuerySet]


_sources: dict[str, Source] = {}
_audiences: dict[str, Audience] = {}


def register_source(key: str, label: Any, items: ItemsFn) -> None:
    """Add (or replace) a source of items: ``items(since, language)`` gives the recent items in ``language``."""
    if not key or len(key) > 40:
        raise ValueError("A newsletter source is a short name such as 'events'.")
    _sources[key] = Source(key, label, items)


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.key)


def items_since(since: datetime, language: str) -> list[NewsletterItem]:
    """Every source's items since ``since`` in ``language``, newest first. A failing source is left out (and
    logged) so that one broken app never stops a newsletter."""
    found: list[NewsletterItem] = []
    for source in sources():
        try:
            found.extend(source.items(since, language))
        except Exception:
            log.exception("newsletter source %s failed", source.key)
    return sorted(found, key=_sort_key, reverse=True)


def _sort_key(item: NewsletterItem) -> str:
    value = item.date
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def register_audience(key: str, label: Any, user_ids_query: Callable[[], QuerySet]) -> None:
    """Add (or replace) an audience: ``user_ids_query()`` gives a queryset of the user ids it reaches."""
    if not key or len(key) > 30:
        raise ValueError("A newsletter audience is a short name such as 'trainers'.")
    _audiences[key] = Audience(key, label, user_ids_query)


def audiences() -> list[Audience]:
    return sorted(_audiences.values(), key=lambda a: a.key)


def audience(key: str) -> Audience | None:
    return _audiences.get(key)


def snapshot() -> tuple[dict[str, Source], dict[str, Audience]]:
    return dict(_sources), dict(_audiences)


def restore(saved: tuple[dict[str, Source], dict[str, Audience]]) -> None:
    _sources.clear()
    _sources.update(saved[0])
    _audiences.clear()
    _audiences.update(saved[1])
