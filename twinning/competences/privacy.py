"""A person's self-reflection in their data download, and its erasure.

Download (three queries): ``self_reflection``: each reflection kept with their account (phase, cycle, role,
dates, the levels per area and overall, and every answer as the item's code and the level chosen), and the
invitations they received. Anonymous answers are nobody's: they cannot be found and never appear.

Erasure: reflections in progress go; completed ones lose the person, the pseudonymous key and the time of day
(they become anonymous answers, which count in group distributions but never in pairs, as if answered
anonymously); invitations go (cascade with the account, and here explicitly).
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from twinning.core import privacy as core_privacy

from .models import Answer, Invitation, Reflection
from .scoring import level_code


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_reflection(user) -> dict:
    rows = list(Reflection.objects.filter(person=user).select_related("cycle__course").order_by("started_at"))
    answers: dict[int, list] = {}
    for reflection_id, code, level in Answer.objects.filter(reflection__in=rows).values_list(
        "reflection_id", "item__code", "level"
    ):
        answers.setdefault(reflection_id, []).append({"item": code, "level": level_code(level)})
    invitations = Invitation.objects.filter(person=user).select_related("cycle__course").order_by("invited_at")
    return {
        "reflections": [
            {
                "phase": r.phase,
                "role": r.role,
                "course": r.cycle.course.title if r.cycle else None,
                "cycle": r.cycle.name if r.cycle else None,
                "anonymous_when_completed": r.anonymous,
                "started_at": _iso(r.started_at),
                "completed_at": _iso(r.completed_at),
                "overall": level_code(r.level_overall),
                "areas": {str(n): level_code(getattr(r, f"level_{n}")) for n in range(1, 7)},
                "answers": answers.get(r.pk, []),
            }
            for r in rows
        ],
        "invitations": [
            {
                "course": i.cycle.course.title,
                "cycle": i.cycle.name,
                "phase": i.phase,
                "role": i.role,
                "invited_at": _iso(i.invited_at),
                "answered_on": _iso(i.answered_at.date() if i.answered_at else None),
            }
            for i in invitations
        ],
    }


def erase_reflection(user) -> None:
    Reflection.objects.filter(person=user, completed_at__isnull=True).delete()
    for reflection in Reflection.objects.filter(person=user):
        day = timezone.localtime(reflection.completed_at).date()
        reflection.person, reflection.pseudonym, reflection.anonymous = None, "", True
        reflection.started_at = None
        reflection.completed_at = timezone.make_aware(datetime.combine(day, time.min))
        reflection.save(update_fields=["person", "pseudonym", "anonymous", "started_at", "completed_at"])
    Invitation.objects.filter(person=user).delete()


core_privacy.register_exporter("self_reflection", export_reflection, position=90)
core_privacy.register_eraser("self_reflection", erase_reflection)
