"""A reflection's scores, from its answers: per area the mean of its items' levels (1..6), overall the mean
of all items, and each mean rounded half up to a level (A1..C2). Written on the reflection when it is
completed (``services.reflection_complete``), read by every report; pure functions, no queries."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable

from django.conf import settings

from .models import AREAS, LEVEL_CODES


def level_of(mean: float) -> int:
    """1.0..6.0 → 1..6, halves up (2.5 → 3): the level a mean stands for."""
    return min(6, max(1, math.floor(mean + 0.5)))


def percent_of_scale(mean: float) -> float:
    """A mean level as a percentage of the scale: A1 (1) is 0%, C2 (6) is 100%."""
    return (mean - 1) / 5 * 100


def level_code(level: int | None) -> str:
    return LEVEL_CODES[level - 1] if level else ""


def scores(answers: Iterable[tuple[int, int]]) -> dict[str, float | int | None]:
    """``answers``: (area number, level) pairs. The reflection's score fields (``area_1``…, ``level_1``…,
    ``overall``, ``level_overall``); an area without answers scores None."""
    by_area: dict[int, list[int]] = {n: [] for n in AREAS}
    for area, level in answers:
        by_area[area].append(level)
    fields: dict[str, float | int | None] = {}
    every: list[int] = []
    for number, levels in by_area.items():
        every.extend(levels)
        mean = sum(levels) / len(levels) if levels else None
        fields[f"area_{number}"] = mean
        fields[f"level_{number}"] = level_of(mean) if mean is not None else None
    overall = sum(every) / len(every) if every else None
    fields["overall"] = overall
    fields["level_overall"] = level_of(overall) if overall is not None else None
    return fields


def pseudonym(person_id: int, cycle_id: int | None, role: str) -> str:
    """The key that pairs a person's before and after answers in reports, without the account: an HMAC of
    the person, the cycle and the role under a key derived from the site's secret. Another cycle gives
    another key, so two cycles' reports cannot be joined on it."""
    key = hashlib.sha256(b"twinning.competences.pseudonym:" + settings.SECRET_KEY.encode()).digest()
    message = f"{person_id}:{cycle_id or 0}:{role}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
