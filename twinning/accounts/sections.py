"""What an eTwinner's page (``/people/<id>/``) shows besides the person's own profile: sections that the
apps above accounts register (the contact button, the projects a person takes part in, labels…).

    register_person_section("projects", "projects/_person_projects.html", projects_of, position=20)

``context(person, viewer)`` returns the template's context, or None to leave the section out. Accounts
never imports those apps; the page renders the sections in ``position`` order.

``register_staff_context`` is the same for the requester's context a helpdesk agent sees beside a ticket.
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


# --- The requester's context beside a helpdesk ticket ------------------------------------------------------
# Each app shows an agent what it knows of the person who asked (validation, schools, projects waiting for
# approval, enrolments, certificates, earlier tickets), through its own selectors and within the agent's
# scope: ``context(person, agent)`` returns the template's context, or None when the agent may not see it.

_STAFF_CONTEXT: dict[str, PersonSection] = {}


def register_staff_context(
    key: str, template: str, context: Callable[[Any, Any], dict | None], *, position: int = 100
) -> None:
    _STAFF_CONTEXT[key] = PersonSection(key, template, context, position)


def staff_context(person, agent) -> list[tuple[PersonSection, dict]]:
    shown = []
    for section in sorted(_STAFF_CONTEXT.values(), key=lambda s: (s.position, s.key)):
        context = section.context(person, agent)
        if context is not None:
            shown.append((section, context))
    return shown


def snapshot() -> tuple[dict[str, PersonSection], dict[str, PersonSection]]:
    return dict(_SECTIONS), dict(_STAFF_CONTEXT)


def restore(saved: tuple[dict[str, PersonSection], dict[str, PersonSection]]) -> None:
    _SECTIONS.clear()
    _SECTIONS.update(saved[0])
    _STAFF_CONTEXT.clear()
    _STAFF_CONTEXT.update(saved[1])
