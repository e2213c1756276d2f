"""Who may do what with self-reflection.

- A reflection's answers and personal report: its teacher only (404 for anyone else, staff included).
- Taking it: any signed-in eTwinner who is not a pupil (validated or not: it is a private tool).
- Group reports: the staff of a course's country (NSO) and CSS staff; a volunteer trainer for their own groups
  only, as trainees' aggregates; every figure above the anonymity threshold (``stats.MIN_SHOWN``).
- The framework's wording: CSS staff. Official results and the areas a course develops: the course's staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil
from twinning.learning import policies as learning_policies
from twinning.learning.models import Course, Cycle, LearnerGroup
from twinning.staff.policies import is_css_staff, is_support_staff

from .models import Invitation, Reflection, Role


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_reflect(user: Any) -> bool:
    """Teachers (and staff, trainers) answer; pupils never see the tool."""
    return _signed_in(user) and not is_pupil(user)


def own_reflection_or_404(user: Any, reflection_id: Any) -> Reflection:
    """The person's own reflection (anonymous ones belong to nobody once completed)."""
    if not can_reflect(user):
        raise Http404
    return get_or_404(
        Reflection.objects.select_related("version", "cycle__course"), pk=reflection_id, person_id=user.pk
    )


def own_invitation_or_404(user: Any, invitation_id: Any) -> Invitation:
    if not can_reflect(user):
        raise Http404
    return get_or_404(Invitation.objects.select_related("cycle__course"), pk=invitation_id, person_id=user.pk)


def report_country_ids(user: Any) -> set[int] | None:
    """Countries whose reports the person reads as staff (``None``: every one); empty for others."""
    if not _signed_in(user) or not is_support_staff(user):
        return set()
    return learning_policies.authorable_country_ids(user)


def is_report_staff(user: Any) -> bool:
    ids = report_country_ids(user)
    return ids is None or bool(ids)


def can_see_reports(user: Any) -> bool:
    return is_report_staff(user) or learning_policies.is_trainer(user)


def may_see_cycle(user: Any, cycle: Cycle) -> bool:
    """The whole cycle's report: the staff of the course's country."""
    return learning_policies.can_author(user, cycle.course.country_id)


@dataclass
class ReportScope:
    """What a reader may see of a course's impact reports: everything (the staff of its country) or, for a
    volunteer trainer, their own groups' trainees only."""

    course: Course
    staff: bool
    cycles: list[Cycle]  # those the reader may choose, newest first
    all_cycle_ids: list[int]  # every cycle of the course: figures are checked against all of them
    own_groups: list[LearnerGroup]  # a trainer's groups in the course

    def cycle(self, requested: int | None) -> Cycle | None:
        """The cycle asked for if the reader may see it; a trainer always looks at one of theirs."""
        found = next((c for c in self.cycles if c.pk == requested), None)
        return found if found is not None or self.staff else self.cycles[0]

    def groups(self, cycle: Cycle | None) -> list[LearnerGroup]:
        if cycle is None:
            return []
        if self.staff:
            return list(LearnerGroup.objects.filter(cycle_id=cycle.pk).order_by("number"))
        return [g for g in self.own_groups if g.cycle_id == cycle.pk]

    def slice(self, cycle: Cycle | None, groups: list[LearnerGroup], *, group: Any, region: Any, role: Any,
              region_ids: set[int]) -> dict[str, Any]:  # fmt: skip
        """The report's filters: what was asked for, within what the reader may see. A trainer's report is
        always one of their groups, trainees only."""
        flt: dict[str, Any] = {}
        if cycle is not None:
            flt["cycle"] = cycle.pk
        if not self.staff:
            group, role = group or (groups[0].pk if groups else None), Role.TRAINEE
        if group and any(g.pk == group for g in groups):
            flt["group"] = group
        if region and region in region_ids:
            flt["region"] = region
        if role in Role.values:
            flt["role"] = role
        return flt


def report_scope_or_404(user: Any, course_id: Any) -> ReportScope:
    """A course's reports for the staff of its country, or for a trainer of one of its groups; 404 otherwise."""
    course = get_or_404(Course.objects.all(), pk=course_id)
    staff = learning_policies.can_author(user, course.country_id)
    own = []
    if not staff and _signed_in(user):
        own = list(LearnerGroup.objects.filter(cycle__course_id=course.pk, trainer__user_id=user.pk))
    if not staff and not own:
        raise Http404
    every = list(Cycle.objects.filter(course_id=course.pk).order_by("-starts_on", "pk"))
    mine = every if staff else [c for c in every if any(g.cycle_id == c.pk for g in own)]
    return ReportScope(course, staff, mine, [c.pk for c in every], own)


def staff_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    """A cycle for the staff of its course's country (official results)."""
    cycle = get_or_404(Cycle.objects.select_related("course"), pk=cycle_id)
    if not may_see_cycle(user, cycle):
        raise Http404
    return cycle


def can_edit_framework(user: Any) -> bool:
    return _signed_in(user) and is_css_staff(user)
