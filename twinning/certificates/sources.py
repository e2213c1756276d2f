"""Where certificates come from: each issuing app registers a *source* that states the facts of a certificate.

    register_source("learning.enrolment", enrolment_facts)   # facts(ids) -> {id: Facts} for ids that qualify

The certificates app never imports the apps that register (learning, events): they call
``services.request_issue(source=..., source_ids=[...])`` when something qualifies, and the task asks the
source again for the facts at issue time (an id missing from the answer does not qualify: no certificate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Facts:
    """What a certificate states, frozen into the certificate row when it is issued."""

    user_id: int
    kind: str  # a Kind value: "course", "tutoring", "event"
    title_el: str
    title_en: str
    hours: Decimal
    started_on: date
    ended_on: date
    country_id: int  # the issuing NSO's country


FactsFn = Callable[[list[int]], dict[int, Facts]]

_sources: dict[str, FactsFn] = {}


def register_source(source: str, facts: FactsFn) -> None:
    """Add (or replace) the source ``source`` (e.g. "learning.enrolment", "events.attendance")."""
    if not source or len(source) > 40:
        raise ValueError("A certificate source is a short name such as 'learning.enrolment'.")
    _sources[source] = facts


def source_facts(source: str) -> FactsFn:
    try:
        return _sources[source]
    except KeyError:
        raise LookupError(f"No certificate source {source!r} is registered.") from None


def registered() -> list[str]:
    return sorted(_sources)


def snapshot() -> dict[str, FactsFn]:
    return dict(_sources)


def restore(saved: dict[str, FactsFn]) -> None:
    _sources.clear()
    _sources.update(saved)
