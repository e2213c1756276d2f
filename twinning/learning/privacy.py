"""A person's enrolments in their data download; on erasure they go (a place they held goes to the first
person waiting, as a withdrawal would)."""

from __future__ import annotations

from twinning.core import privacy as core_privacy

from .models import Enrolment, Status


def export_learning(user) -> list[dict]:
    return [
        {
            "course": e.cycle.course.title,
            "cycle": e.cycle.name,
            "status": e.status,
            "enrolled_at": e.enrolled_at.isoformat(),
            "promoted_at": e.promoted_at.isoformat() if e.promoted_at else None,
            "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
            "completed_at": e.completed_at.isoformat() if e.completed_at else None,
        }
        for e in Enrolment.objects.filter(user=user).select_related("cycle", "cycle__course").order_by("enrolled_at")
    ]


def erase_learning(user) -> None:
    from . import services

    for enrolment in Enrolment.objects.filter(user=user, status__in=(Status.ENROLLED, Status.WAITING)):
        services.withdraw(actor=user, enrolment=enrolment)
    Enrolment.objects.filter(user=user).delete()


core_privacy.register_exporter("learning", export_learning, position=87)
core_privacy.register_eraser("learning", erase_learning)
