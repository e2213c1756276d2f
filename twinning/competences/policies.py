"""Who may do what with self-reflection.

- A reflection's answers and personal report: its teacher only (404 for anyone else, staff included).
- Taking it: any signed-in eTwinner who is not a pupil (validated or not: it is a private tool).
- Group reports: the staff of a course's country (NSO) and CSS staff; a volunteer trainer for their own groups
  only, as trainees' aggregates; every figure above the anonymity threshold (``stats.MIN_SHOWN``).
- The framework's wording: CSS staff. Official results and the areas a course develops: the course's staff.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil
from twinning.learning import policies as learning_policies
from twinning.learning.models import Cycle, LearnerGroup
from twinning.staff.policies import is_css_staff, is_support_staff

from .models import Invitation, Reflection


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


def trainer_group_ids(user: Any) -> set[int]:
    """The groups the person tutors (their reports as a trainer)."""
    if not _signed_in(user):
        return set()
    return set(LearnerGroup.objects.filter(trainer__user_id=user.pk).values_list("pk", flat=True))


def can_see_reports(user: Any) -> bool:
    return is_report_staff(user) or learning_policies.is_trainer(user)


def may_see_cycle(user: Any, cycle: Cycle) -> bool:
    """The whole cycle's report: the staff of the course's country."""
    return learning_policies.can_author(user, cycle.course.country_id)


def report_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    """A cycle whose report (or some of it) the person sees: staff of its country, or a trainer of one of its
    groups."""
    cycle = get_or_404(Cycle.objects.select_related("course"), pk=cycle_id)
    if may_see_cycle(user, cycle):
        return cycle
    if _signed_in(user) and LearnerGroup.objects.filter(cycle_id=cycle.pk, trainer__user_id=user.pk).exists():
        return cycle
    raise Http404


def staff_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    """A cycle for the staff of its course's country (official results)."""
    cycle = get_or_404(Cycle.objects.select_related("course"), pk=cycle_id)
    if not may_see_cycle(user, cycle):
        raise Http404
    return cycle


def can_edit_framework(user: Any) -> bool:
    return _signed_in(user) and is_css_staff(user)
