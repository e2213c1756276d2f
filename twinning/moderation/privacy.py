"""Reports in a person's data download (the reports they filed) and their erasure: the reports stay for the
NSO's record of decisions, without who filed them or what they wrote."""

from __future__ import annotations

from twinning.core import privacy as core_privacy

from .models import Report


def export_reports(user) -> list[dict]:
    return [
        {
            "kind": r.kind,
            "object_id": r.object_id,
            "reason": r.reason,
            "text": r.text,
            "created_at": r.created_at.isoformat(),
            "status": r.status,
        }
        for r in Report.objects.filter(reporter=user).order_by("created_at", "id")
    ]


def erase_reports(user) -> None:
    Report.objects.filter(reporter=user).update(reporter=None, text="")


core_privacy.register_exporter("reports", export_reports, position=85)
core_privacy.register_eraser("reports", erase_reports)
