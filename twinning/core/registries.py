"""The extension points every domain fills from its ``AppConfig.ready()``; core never imports a domain.

- **navigation**: links of the main and the staff menu, each shown to whoever its ``visible`` says;
- **figures**: headline numbers of the home page and the statistics (each domain counts its own);
- **audit actions**: the human label, in both languages, of each action an app records;
- **notification kinds**: what a person may be told, with its label (for preferences and the inbox);
- **staff cards**: the staff home's queues (how many wait, since when, where to work on them);
- **reportable content**: what teachers may report to the NSO, and how to hide it.

Privacy parts (``core.privacy``) and population generators (``core.population``) have registries of
their own. A registration replaces an earlier one with the same key, so reloading an app is harmless;
tests use ``snapshot()``/``restore()`` to add entries for one test only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

Predicate = Callable[[Any], bool]


def _always(user) -> bool:
    return True


# --- Navigation ---------------------------------------------------------------------------------------

MAIN = "main"
STAFF = "staff"


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any  # a lazy translation
    url_name: str
    section: str = MAIN
    visible: Predicate = _always
    position: int = 100
    # A number shown beside the link (unread messages, waiting requests): one cheap query, 0 hides it.
    badge: Callable[[Any], int] | None = None
    badge_label: Any = None  # what the number counts, for screen readers ("unread")


_NAVIGATION: dict[str, NavEntry] = {}


def register_nav(
    key: str,
    label,
    url_name: str,
    *,
    section: str = MAIN,
    visible: Predicate = _always,
    position: int = 100,
    badge: Callable[[Any], int] | None = None,
    badge_label=None,
) -> None:
    """A link in the main menu (``section=MAIN``) or the staff menu (``STAFF``) for whom ``visible(user)``;
    ``badge(user)`` gives a number to show beside it (called only when the link is shown)."""
    if section not in (MAIN, STAFF):
        raise ValueError(f"unknown navigation section {section!r}")
    _NAVIGATION[key] = NavEntry(key, label, url_name, section, visible, position, badge, badge_label)
    _forget_navigation()


@dataclass(frozen=True)
class NavLink:
    label: Any
    url: str
    badge: int = 0
    badge_label: Any = None

    def __iter__(self):  # (label, url) unpacking, as Python code reads a link
        return iter((self.label, self.url))


# Both menus are drawn on every page: their entries in order, and each link's address per language, are
# worked out once per process instead of sorting the registry and reversing ~25 URL names per request.
_ORDERED: dict[str, tuple[NavEntry, ...]] = {}
_URLS: dict[tuple, str] = {}


def _forget_navigation() -> None:
    _ORDERED.clear()
    _URLS.clear()


def _ordered(section: str) -> tuple[NavEntry, ...]:
    entries = _ORDERED.get(section)
    if entries is None:
        found = (e for e in _NAVIGATION.values() if e.section == section)
        entries = _ORDERED[section] = tuple(sorted(found, key=lambda e: (e.position, e.key)))
    return entries


def _url(url_name: str) -> str:
    # The address depends on the language (its /el/ or /en/ prefix), the script prefix and the URLconf.
    key = (url_name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(url_name)
    return url


def navigation_for(user, section: str) -> list[NavLink]:
    """The links of ``section`` this user may see, in order, with their badge numbers."""
    return [
        NavLink(e.label, _url(e.url_name), e.badge(user) if e.badge else 0, e.badge_label)
        for e in _ordered(section)
        if e.visible(user)
    ]


# --- Figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    compute: Callable[[], int]
    position: int = 100


_FIGURES: dict[str, Figure] = {}


def register_figure(key: str, label, compute: Callable[[], int], *, position: int = 100) -> None:
    """A headline number (``compute()`` counts it; the value is cached for a few minutes)."""
    _FIGURES[key] = Figure(key, label, compute, position)


def headline_figures(*, cache_seconds: int = 300) -> list[tuple[Figure, int]]:
    """Every registered figure with its value; values are cached (COUNTs over millions of rows)."""
    figures = sorted(_FIGURES.values(), key=lambda f: (f.position, f.key))
    keys = {f"figure:{f.key}": f for f in figures}
    cached = cache.get_many(list(keys))
    missing = {k: f.compute() for k, f in keys.items() if k not in cached}
    if missing:
        cache.set_many(missing, cache_seconds)
    values = {**cached, **missing}
    return [(f, values[k]) for k, f in keys.items()]


# --- Audit actions ------------------------------------------------------------------------------------

_AUDIT_ACTIONS: dict[str, Any] = {}


def register_audit_actions(labels: dict[str, Any]) -> None:
    """Human labels (lazy translations) of audit action codes, e.g. ``{"person.validated": _("validated")}``."""
    _AUDIT_ACTIONS.update(labels)


def audit_action_label(action: str) -> str:
    """The label of an action in the active language; an unregistered code is shown as it is."""
    label = _AUDIT_ACTIONS.get(action)
    return str(label) if label is not None else action


def audit_action_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered action, sorted by label, for filters."""
    return sorted(((code, str(label)) for code, label in _AUDIT_ACTIONS.items()), key=lambda pair: pair[1])


# --- Notification kinds -------------------------------------------------------------------------------


# How the e-mail copy of a notice goes; each person chooses per kind (the kind gives the default).
IMMEDIATELY = "immediately"
DAILY = "daily"
NEVER = "never"
DELIVERIES = (IMMEDIATELY, DAILY, NEVER)


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: Any
    delivery: str = IMMEDIATELY  # the default for people who have not chosen
    # Sent by e-mail at once whatever the person chose, even to an account that cannot log in (e.g. its
    # suspension): not listed among the preferences.
    always_email: bool = False

    @property
    def email(self) -> bool:
        return self.delivery != NEVER


_NOTIFICATION_KINDS: dict[str, NotificationKind] = {}


def register_notification_kind(
    key: str, label, *, email: bool = True, delivery: str | None = None, always_email: bool = False
) -> None:
    """``delivery``: the default way its e-mail copy goes (IMMEDIATELY, DAILY or NEVER); ``email=False`` is
    short for NEVER; ``always_email``: at once whatever the person chose (account status notices)."""
    delivery = IMMEDIATELY if always_email else (delivery or (IMMEDIATELY if email else NEVER))
    if delivery not in DELIVERIES:
        raise ValueError(f"unknown delivery {delivery!r}")
    _NOTIFICATION_KINDS[key] = NotificationKind(key, label, delivery, always_email)


def notification_kind(key: str) -> NotificationKind | None:
    return _NOTIFICATION_KINDS.get(key)


def notification_kinds() -> list[NotificationKind]:
    """The kinds a person chooses how to receive (``always_email`` ones are not a choice)."""
    return sorted((k for k in _NOTIFICATION_KINDS.values() if not k.always_email), key=lambda k: str(k.label))


# --- Reportable content -------------------------------------------------------------------------------
# What teachers may report to the NSO (a partner-finding post, a message, a profile). The app that owns the
# content registers how to find it and how to hide it; the moderation app keeps the reports and the NSO's
# decisions and never imports the owner:
#
#     register_reportable("partners.post", _("partner-finding post"), resolve_post)
#
# ``resolve(object_id)`` returns a ReportTarget, or None when the object does not exist (any more).


@dataclass(frozen=True)
class ReportTarget:
    author: Any  # the person whose content it is (their NSO decides)
    excerpt: str  # a short plain-text excerpt for the moderation queue
    url: str  # where staff see the content in context ("" when it has no page of its own)
    hidden: bool
    hide: Callable[[Any, str], None]  # (staff member, reason): hide it from everyone but staff and its author
    unhide: Callable[[Any, str], None]
    # Who may report it (and so see its excerpt on the report form): e.g. a message, its two participants
    # only. None: anyone who may report at all.
    visible_to: Callable[[Any], bool] | None = None

    def can_be_reported_by(self, user) -> bool:
        return self.visible_to is None or bool(self.visible_to(user))


@dataclass(frozen=True)
class Reportable:
    kind: str
    label: Any
    resolve: Callable[[int], ReportTarget | None]


_REPORTABLES: dict[str, Reportable] = {}


def register_reportable(kind: str, label, resolve: Callable[[int], ReportTarget | None]) -> None:
    _REPORTABLES[kind] = Reportable(kind, label, resolve)


def reportable(kind: str) -> Reportable | None:
    return _REPORTABLES.get(kind)


def reportables() -> list[Reportable]:
    return sorted(_REPORTABLES.values(), key=lambda r: r.kind)


# --- Staff cards --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueState:
    """What a staff card shows: how many wait and since when the oldest one waits."""

    waiting: int
    oldest: datetime | None = None


@dataclass(frozen=True)
class StaffCard:
    key: str
    title: Any
    url_name: str
    state: Callable[[Any], QueueState]  # called with the staff member: counts within their scope
    visible: Predicate = _always
    position: int = 100


_STAFF_CARDS: dict[str, StaffCard] = {}


def register_staff_card(
    key: str, title, url_name: str, state: Callable[[Any], QueueState], *, visible: Predicate = _always, position=100
) -> None:
    """A queue on the staff home: ``state(user)`` counts what waits within the user's scope."""
    _STAFF_CARDS[key] = StaffCard(key, title, url_name, state, visible, position)


def staff_cards_for(user) -> list[tuple[StaffCard, QueueState]]:
    cards = sorted(_STAFF_CARDS.values(), key=lambda c: (c.position, c.key))
    return [(card, card.state(user)) for card in cards if card.visible(user)]


# --- Tests --------------------------------------------------------------------------------------------

_ALL = (_NAVIGATION, _FIGURES, _AUDIT_ACTIONS, _NOTIFICATION_KINDS, _STAFF_CARDS, _REPORTABLES)


def snapshot() -> list[dict]:
    return [copy.copy(registry) for registry in _ALL]


def restore(saved: list[dict]) -> None:
    for registry, content in zip(_ALL, saved, strict=True):
        registry.clear()
        registry.update(content)
    _forget_navigation()
