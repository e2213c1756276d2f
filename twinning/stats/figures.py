"""Headline figures of the community, computed from data.

Each domain registers the figures it owns; the home page shows whatever is registered, so the
projects figure appears as soon as the projects domain registers it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Figure:
    key: str
    label: object
    compute: Callable[[], int]
    position: int = 100


_FIGURES: dict[str, Figure] = {}


def register_figure(key: str, label, compute: Callable[[], int], position: int = 100) -> None:
    _FIGURES[key] = Figure(key, label, compute, position)


def headline_figures(*, cache_seconds: int = 300) -> list[tuple[Figure, int]]:
    """Every registered figure with its value; values are cached for a few minutes (COUNTs at scale)."""
    figures = sorted(_FIGURES.values(), key=lambda f: f.position)
    keys = {f"figure:{f.key}": f for f in figures}
    cached = cache.get_many(list(keys))
    missing = {k: f.compute() for k, f in keys.items() if k not in cached}
    if missing:
        cache.set_many(missing, cache_seconds)
    values = {**cached, **missing}
    return [(f, values[k]) for k, f in keys.items()]
