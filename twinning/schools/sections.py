"""What a public school page shows besides the school's own facts: sections that other apps register.

The registry lives here, in the lower app; the apps that know a school's eTwinners, projects or labels
register a section from their ``AppConfig.ready()`` (schools never imports them):

    register_school_section("etwinners", "accounts/_school_etwinners.html", etwinners_of, position=10)

``context(school, viewer)`` returns the template's context, or None to leave the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchoolSection:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    position: int = 100


_SECTIONS: dict[str, SchoolSection] = {}


def register_school_section(
    key: str, template: str, context: Callable[[Any, Any], dict | None], *, position: int = 100
) -> None:
    _SECTIONS[key] = SchoolSection(key, template, context, position)


def school_sections(school, viewer) -> list[tuple[SchoolSection, dict]]:
    """The sections to show on ``school``'s page to ``viewer``, with their context, in order."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.position, s.key)):
        context = section.context(school, viewer)
        if context is not None:
            shown.append((section, context))
    return shown
