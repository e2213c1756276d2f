"""What an eTwinner's page (``/people/<id>/``) shows besides the person's own profile: sections that the
apps above accounts register (the contact button, the projects a person takes part in, labels…).

    register_person_section("projects", "projects/_person_projects.html", projects_of, position=20)

``context(person, viewer)`` returns the template's context, or None to leave the section out. Accounts
never imports those apps; the page renders the sections in ``position`` order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonSection:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    position: int = 100


_SECTIONS: dict[str, PersonSection] = {}


def register_person_section(
    key: str, template: str, context: Callable[[Any, Any], dict | None], *, position: int = 100
) -> None:
    _SECTIONS[key] = PersonSection(key, template, context, position)


def person_sections(person, viewer) -> list[tuple[PersonSection, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.position, s.key)):
        context = section.context(person, viewer)
        if context is not None:
            shown.append((section, context))
    return shown


def snapshot() -> dict[str, PersonSection]:
    return dict(_SECTIONS)


def restore(saved: dict[str, PersonSection]) -> None:
    _SECTIONS.clear()
    _SECTIONS.update(saved)
