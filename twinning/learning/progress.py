"""Progress and completion, moved on each event and never recounted over a cycle.

Every activity reports what a learner did through ``record`` (a quiz graded, an assignment submitted or
graded, an H5P statement, a questionnaire answered, a forum task's posts, a page read). ``record`` keeps one
``ActivityProgress`` row per learner and activity and moves the learner's counters on ``Enrolment`` by the
difference the event made: required activities done, and the grades (in %) of required graded activities.
The course is completed when every required activity is done, the average grade reaches the course's
minimum (if any) and, when the course asks for it, the trainer has signed off; the completion is audited.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.core.errors import NotAllowed
from twinning.core.services import audit_record

from .models import Activity, ActivityProgress, Cycle, Enrolment, ProgressState, Status

DONE = (ProgressState.COMPLETED,)
GRADED = (ProgressState.COMPLETED, ProgressState.FAILED)
HUNDRED = Decimal(100)


def percent(points: Decimal | None, activity: Activity) -> Decimal | None:
    if points is None or not activity.max_points:
        return None
    return (Decimal(points) * HUNDRED / activity.max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def passed(points: Decimal | None, activity: Activity) -> bool:
    """A graded activity counts as done when its grade reaches the pass mark (any grade, without one)."""
    if activity.pass_percent is None:
        return True
    value = percent(points, activity)
    return value is not None and value >= activity.pass_percent


def _share(row: ActivityProgress | None, activity: Activity) -> tuple[int, int, Decimal]:
    """What a progress row adds to the counters: (required done, graded count, sum of %)."""
    if row is None or not activity.required:
        return 0, 0, Decimal(0)
    done = 1 if row.state in DONE else 0
    value = percent(row.points, activity) if activity.graded and row.state in GRADED else None
    return done, (0 if value is None else 1), (value or Decimal(0))


def state_for_grade(points: Decimal | None, activity: Activity) -> str:
    return ProgressState.COMPLETED if passed(points, activity) else ProgressState.FAILED


@transaction.atomic
def record(
    *, enrolment: Enrolment, activity: Activity, state: str, points: Decimal | None = None, keep_best: bool = False
) -> ActivityProgress:
    """Set where ``enrolment`` stands in ``activity``. ``keep_best``: a lower grade does not replace a higher
    one (a quiz graded on its best attempt). Only an enrolled (or completed) learner's progress moves."""
    row_e = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if row_e.status not in (Status.ENROLLED, Status.COMPLETED) or activity.cycle_id != row_e.cycle_id:
        raise NotAllowed(_("Only the cycle's enrolled learners take part in its activities."))
    now = timezone.now()
    row = ActivityProgress.objects.filter(enrolment_id=row_e.pk, activity_id=activity.pk).first()
    before = _share(row, activity)
    if row is None:
        row = ActivityProgress(enrolment_id=row_e.pk, activity_id=activity.pk)
    elif keep_best and row.points is not None and points is not None and points < row.points:
        return row
    elif row.state == ProgressState.COMPLETED and state == ProgressState.STARTED:
        return row  # opening a done activity again does not undo it
    row.state = state
    if points is not None or state in (ProgressState.STARTED, ProgressState.SUBMITTED):
        row.points = points if points is not None else row.points
    if state == ProgressState.COMPLETED and row.completed_at is None:
        row.completed_at = now
    elif state != ProgressState.COMPLETED:
        row.completed_at = None
    row.save()
    after = _share(row, activity)
    fields = ["required_done", "graded_count", "percent_sum"]
    row_e.required_done += after[0] - before[0]
    row_e.graded_count += after[1] - before[1]
    row_e.percent_sum += after[2] - before[2]
    if row_e.started_at is None:
        row_e.started_at = now
        fields.append("started_at")
    row_e.save(update_fields=fields)
    _complete_if_due(row_e)
    enrolment.started_at, enrolment.required_done = row_e.started_at, row_e.required_done
    enrolment.graded_count, enrolment.percent_sum, enrolment.status = (
        row_e.graded_count, row_e.percent_sum, row_e.status
    )  # fmt: skip
    return row


def average(enrolment: Enrolment) -> Decimal | None:
    if not enrolment.graded_count:
        return None
    return (enrolment.percent_sum / enrolment.graded_count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def missing(enrolment: Enrolment, cycle: Cycle) -> list[str]:
    """What still stands between the learner and completion, in their words ([] when nothing)."""
    course = cycle.course
    left = []
    if enrolment.required_done < cycle.required_total:
        left.append(
            _("%(count)s of %(total)s required activities done")
            % {"count": enrolment.required_done, "total": cycle.required_total}
        )
    if course.min_grade_percent is not None:
        value = average(enrolment)
        if value is None or value < course.min_grade_percent:
            left.append(_("an average grade of at least %(min)s%%") % {"min": course.min_grade_percent})
    if course.needs_signoff and enrolment.signed_off_at is None:
        left.append(_("the trainer's sign-off"))
    return left


def _complete_if_due(enrolment: Enrolment) -> None:
    if enrolment.status != Status.ENROLLED:
        return
    cycle = Cycle.objects.select_related("course", "course__country").get(pk=enrolment.cycle_id)
    if cycle.required_total == 0 and not cycle.course.needs_signoff:
        return  # nothing to complete automatically: staff record it
    if missing(enrolment, cycle):
        return
    enrolment.status, enrolment.completed_at = Status.COMPLETED, timezone.now()
    enrolment.save(update_fields=["status", "completed_at"])
    audit_record(
        actor=None, action="learning.completed", target=enrolment, country_code=cycle.course.country.code,
        data={"user": enrolment.user_id, "rule": "automatic", "average": str(average(enrolment) or "")},
    )  # fmt: skip
    from twinning.certificates.services import request_issue  # the certificate, issued after the commit

    request_issue(source="learning.enrolment", source_ids=[enrolment.pk])


@transaction.atomic
def sign_off(*, actor: Any, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The trainer (of the learner's group) or the staff of the course's country sign the learner off; the
    course is completed then if nothing else is missing."""
    from . import policies

    row = (
        Enrolment.objects.select_for_update(of=("self",))  # the group (and its trainer) may be missing: outer joins
        .select_related("group__trainer", "cycle__course__country")
        .get(pk=enrolment.pk)
    )
    if not policies.may_grade(actor, row):
        raise NotAllowed(_("Only the learner's trainer or the staff of the course's country can sign off."))
    if row.status != Status.ENROLLED:
        raise NotAllowed(_("Only an enrolled learner can be signed off."))
    if row.signed_off_at is None:
        row.signed_off_at, row.signed_off_by_id = timezone.now(), actor.pk
        row.save(update_fields=["signed_off_at", "signed_off_by"])
        audit_record(
            actor=actor, action="learning.signed_off", target=row, country_code=row.cycle.course.country.code,
            data={"user": row.user_id, "reason": reason[:500]},
        )  # fmt: skip
    _complete_if_due(row)
    return row


def recount_required(cycle_id: int) -> int:
    """The cycle's number of required activities, kept on the cycle (called by the authoring services when
    an activity is added, removed or its "required" changes)."""
    total = Activity.objects.filter(cycle_id=cycle_id, required=True).count()
    Cycle.objects.filter(pk=cycle_id).update(required_total=total)
    return total
