"""The demo community of ``make run``, built step by step by the apps that own its rows.

Each app registers one step from its ``AppConfig.ready()`` (through its ``demo`` module):

    register_demo("projects", load_demo_projects, position=40)

``load_all()`` runs the steps in ``position`` order (people and schools first, then what they do); a step
builds its rows through the app's real services, is idempotent (a second run changes nothing) and returns
the demo accounts it wants printed, as ``(e-mail, what this account shows)`` pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DemoLoad = Callable[[], list[tuple[str, str]]]


@dataclass(frozen=True)
class DemoStep:
    name: str
    load: DemoLoad
    position: int = 100


_STEPS: dict[str, DemoStep] = {}


def register_demo(name: str, load: DemoLoad, *, position: int = 100) -> None:
    _STEPS[name] = DemoStep(name, load, position)


def steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.position, s.name))


def load_all() -> list[tuple[str, str]]:
    """Run every step; the accounts to print, in the steps' order."""
    accounts: list[tuple[str, str]] = []
    for step in steps():
        accounts += step.load() or []
    return accounts


def snapshot() -> dict[str, DemoStep]:
    return dict(_STEPS)


def restore(saved: dict[str, DemoStep]) -> None:
    _STEPS.clear()
    _STEPS.update(saved)
