"""The projects app's parts of a person's data download and erasure.

Erasure ends the person's memberships (``services.memberships_end_for_erasure``): projects stay consistent
(a project with no founder left is flagged to its NSO, a pending project that lost its co-founder goes back
to a draft) and the ESEP history items and kits they wrote lose the link to them.
"""

from twinning.core import privacy as core_privacy

from . import services
from .models import EsepHistoryItem, ProjectMember


def _iso(value):
    return value.isoformat() if value else None


def export_projects(user) -> list[dict]:
    rows = ProjectMember.objects.filter(user=user).select_related("project", "school").order_by("created_at")
    return [
        {
            "project": m.project_id,
            "title": m.project.title,
            "role": m.role,
            "status": m.status,
            "school": m.school.name if m.school else None,
            "joined_at": _iso(m.joined_at),
            "ended_at": _iso(m.ended_at),
            "end_reason": m.end_reason,
        }
        for m in rows
    ]


def export_esep_history(user) -> list[dict]:
    return [
        {
            "kind": i.kind,
            "esep_id": i.esep_id,
            "title": i.title,
            "year": i.year,
            "label": i.label,
            "source": i.source,
            "status": i.status,
        }
        for i in EsepHistoryItem.objects.filter(user=user)
    ]


def erase_projects(user) -> None:
    services.memberships_end_for_erasure(user=user)
    EsepHistoryItem.objects.filter(user=user).delete()


core_privacy.register_exporter("projects", export_projects, position=50)
core_privacy.register_exporter("esep_history", export_esep_history, position=51)
core_privacy.register_eraser("projects", erase_projects, position=50)
