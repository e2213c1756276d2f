"""What a project's page shows besides the project itself: sections that other apps register (the
TwinSpace's link, later labels and prizes). The registry lives here; projects never imports those apps:

    register_project_section("twinspace", "twinspace/_project_link.html", workspace_link, position=10)

``context(project, viewer)`` returns the template's context, or None to leave the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProjectSection:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    position: int = 100


_SECTIONS: dict[str, ProjectSection] = {}


def register_project_section(
    key: str, template: str, context: Callable[[Any, Any], dict | None], *, position: int = 100
) -> None:
    _SECTIONS[key] = ProjectSection(key, template, context, position)


def project_sections(project, viewer) -> list[tuple[ProjectSection, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.position, s.key)):
        context = section.context(project, viewer)
        if context is not None:
            shown.append((section, context))
    return shown
