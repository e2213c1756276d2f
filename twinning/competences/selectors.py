"""Reads of self-reflection: a teacher's reflections and invitations, their personal report, and the cells
the group reports are built from (``report.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from twinning.learning.models import Course

from . import framework as fw
from .models import Answer, CourseArea, Invitation, Phase, Reflection
from .scoring import level_code, level_of, percent_of_scale


def open_invitations(user: Any) -> list[Invitation]:
    now = timezone.now()
    return list(
        Invitation.objects.filter(person_id=user.pk, answered_at__isnull=True, invited_at__lte=now, closes_at__gt=now)
        .select_related("cycle__course")
        .order_by("closes_at")
    )


def my_reflections(user: Any) -> list[Reflection]:
    """The person's named reflections, newest first (anonymous ones, once completed, are nobody's)."""
    return list(
        Reflection.objects.filter(person_id=user.pk).select_related("cycle__course").order_by("-started_at")[:50]
    )


def drafts_by_invitation(user: Any, invitations: list[Invitation]) -> dict[int, Reflection]:
    if not invitations:
        return {}
    keys: dict[tuple, int] = {(i.cycle_id, i.phase, i.role): i.pk for i in invitations}
    rows = Reflection.objects.filter(person_id=user.pk, cycle_id__in={i.cycle_id for i in invitations})
    return {keys[(r.cycle_id, r.phase, r.role)]: r for r in rows if (r.cycle_id, r.phase, r.role) in keys}


def answers_of(reflection: Reflection) -> dict[int, int]:
    return dict(Answer.objects.filter(reflection=reflection).values_list("item_id", "level"))


@dataclass
class AreaLine:
    number: int
    name: str
    mean: float
    level: int
    percent: float
    before: float | None = None  # the earlier reflection's mean, when compared
    competences: list[tuple[str, str, float, int]] = field(default_factory=list)  # code, name, mean, level

    @property
    def code(self) -> str:
        return level_code(self.level)

    @property
    def change(self) -> float | None:
        return None if self.before is None else (self.mean - self.before) / 5 * 100


@dataclass
class Personal:
    reflection: Reflection
    areas: list[AreaLine]
    overall: float
    overall_level: int
    strengths: list[tuple[str, str, float, int]]
    weakest: list[AreaLine]
    courses: list[Course]
    earlier: Reflection | None

    @property
    def overall_percent(self) -> float:
        return percent_of_scale(self.overall)


def _earlier(reflection: Reflection) -> Reflection | None:
    """What this reflection is compared with: the same cycle's other phase (before ↔ after), or the
    previous free-standing one."""
    done = Reflection.objects.filter(person_id=reflection.person_id, completed_at__isnull=False).exclude(
        pk=reflection.pk
    )
    if reflection.cycle_id is not None:
        other = Phase.BEFORE if reflection.phase == Phase.AFTER else Phase.AFTER
        return done.filter(cycle_id=reflection.cycle_id, role=reflection.role, phase=other).first()
    return done.filter(phase=Phase.FREE, completed_at__lt=reflection.completed_at).order_by("-completed_at").first()


def personal_report(reflection: Reflection, *, courses_shown: int = 4) -> Personal:
    """A completed reflection's report: level per area and competence, the strengths (the three strongest
    competences), next steps (the two weakest areas, with published courses that develop them) and the
    comparison with the earlier phase when there is one. Five queries."""
    frame = fw.framework(reflection.version)
    levels = answers_of(reflection)
    by_comp: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for item in frame.items:
        if item.pk in levels:
            by_comp.setdefault(item.competence.code, []).append(levels[item.pk])
            names[item.competence.code] = item.competence.name
    earlier = _earlier(reflection) if reflection.completed_at else None
    if earlier is not None and reflection.phase == Phase.BEFORE:
        earlier = None  # a "before" report never compares with what came after
    areas = []
    for area in frame.areas:
        mean = getattr(reflection, f"area_{area.number}") or 0.0
        line = AreaLine(
            area.number, area.name, mean, level_of(mean) if mean else 1, percent_of_scale(mean) if mean else 0.0
        )
        if earlier is not None:
            line.before = getattr(earlier, f"area_{area.number}")
        for code, values in by_comp.items():
            if code.split(".")[0] == str(area.number):
                m = sum(values) / len(values)
                line.competences.append((code, names[code], m, level_of(m)))
        areas.append(line)
    every = [c for a in areas for c in a.competences]
    strengths = sorted(every, key=lambda c: (-c[2], c[0]))[:3]
    weakest = sorted(areas, key=lambda a: (a.mean, a.number))[:2]
    wanted = [a.number for a in weakest]
    course_ids = list(
        CourseArea.objects.filter(area__in=wanted, course__published=True)
        .values_list("course_id", flat=True)
        .distinct()[:courses_shown]
    )
    courses = list(Course.objects.filter(pk__in=course_ids).order_by("title"))
    overall = reflection.overall or 0.0
    return Personal(
        reflection, areas, overall, level_of(overall) if overall else 1, strengths, weakest, courses, earlier
    )
