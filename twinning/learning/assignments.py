"""Assignments: the rubric the staff write, the learner's submission (text and/or files, a draft first),
the late policy at submission time and the trainer's grade.

Rules enforced here:
- The staff of the course's country author the rubric: criteria, each with levels (a description and its
  points). The rubric's maximum (the best level of each criterion, added) must equal the activity's points
  before a trainer may grade with it; once a submission is graded with it, it no longer changes.
- A learner submits within their own dates (``schedule.learner_dates``: an extension granted to them
  included). After the due date: ACCEPT takes the work and marks it late, PENALTY takes it and records the
  days late (the penalty is taken off at grading: points × (1 − penalty% × days), never below 0), REFUSE
  takes nothing. After the closing date nothing is taken.
- The learner's own trainer (of their group) or the staff of the course's country grade
  (``policies.may_grade``); a regrade rewrites the same row (and is audited again). When the activity allows
  it the grader may ask for a new submission instead: the learner then submits a new row, numbered next.
- Files are attachments of host ``learning.submission`` (the submission's id): the submitting learner, the
  trainer of their group and the staff of the course's country read them; nobody else.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core import attachments, ordering
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import IMMEDIATELY, register_audit_actions, register_notification_kind
from twinning.core.services import audit_record

from . import policies, progress, schedule
from .assignment_selectors import HOST, files_of, rubric_maximum
from .content import register_kind
from .models import (
    Activity,
    ActivityKind,
    Enrolment,
    LatePolicy,
    ProgressState,
    RubricCriterion,
    RubricLevel,
    Status,
    Submission,
    SubmissionStatus,
    SubmissionType,
)

MAX_LEVELS = 6  # levels per criterion offered by the authoring form
CENT = Decimal("0.01")
TEXT_MAX = 50000
FEEDBACK_MAX = 20000


class AssignmentError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _code(activity: Activity) -> str:
    return activity.cycle.course.country.code


# --- rubric authoring ------------------------------------------------------------------------------------


def rubric_in_use(activity: Activity) -> bool:
    """A submission has been graded with the rubric: changing it would make those grades wrong."""
    return Submission.objects.filter(activity_id=activity.pk).exclude(rubric={}).exists()


def _author_checks(actor: Any, activity: Activity) -> None:
    if activity.kind != ActivityKind.ASSIGNMENT:
        raise AssignmentError(_("This activity is not an assignment."))
    if not policies.can_author(actor, activity.cycle.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its rubric."))
    if rubric_in_use(activity):
        raise AssignmentError(
            _("Submissions have been graded with this rubric: it can no longer change, so that grades still add up.")
        )


def _criterion_title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise AssignmentError(_("Name the criterion."), field="title")
    if len(title) > 300:
        raise AssignmentError(_("The criterion is too long (at most 300 characters)."), field="title")
    return title


def _levels(levels) -> list[tuple[str, Decimal]]:
    """``levels``: (description, points) pairs in order; both given for each, at least one, points >= 0."""
    rows = []
    for description, points in levels:
        description = " ".join((description or "").split())
        if not description and points is None:
            continue
        if not description or points is None:
            raise AssignmentError(_("Give each level a description and its points."), field="levels")
        if len(description) > 500:
            raise AssignmentError(_("A level's description is too long (at most 500 characters)."), field="levels")
        if points < 0 or points > Decimal("9999.99"):
            raise AssignmentError(_("A level's points must be between 0 and 9999.99."), field="levels")
        rows.append((description, Decimal(points).quantize(CENT, rounding=ROUND_HALF_UP)))
    if not rows:
        raise AssignmentError(_("Give the criterion at least one level."), field="levels")
    return rows


def _write_levels(criterion: RubricCriterion, rows: list[tuple[str, Decimal]]) -> None:
    """Keep the existing level rows in order (their ids stay), add or remove the difference."""
    existing = list(criterion.levels.order_by("position", "pk"))
    for index, (description, points) in enumerate(rows):
        if index < len(existing):
            level = existing[index]
            level.description, level.points, level.position = description, points, index
            level.save(update_fields=["description", "points", "position"])
        else:
            RubricLevel.objects.create(criterion=criterion, description=description, points=points, position=index)
    if len(existing) > len(rows):
        RubricLevel.objects.filter(pk__in=[lv.pk for lv in existing[len(rows) :]]).delete()


@transaction.atomic
def criterion_add(*, actor: Any, activity: Activity, title: str, levels) -> RubricCriterion:
    _author_checks(actor, activity)
    title = _criterion_title(title)
    rows = _levels(levels)
    last = RubricCriterion.objects.filter(activity_id=activity.pk).aggregate(n=Max("position"))["n"]
    criterion = RubricCriterion.objects.create(activity=activity, title=title, position=(last or 0) + 1)
    _write_levels(criterion, rows)
    audit_record(
        actor=actor, action="learning.rubric_changed", target=activity, country_code=_code(activity),
        data={"criterion": criterion.pk, "change": "added"},
    )  # fmt: skip
    return criterion


@transaction.atomic
def criterion_edit(*, actor: Any, criterion: RubricCriterion, title: str, levels) -> RubricCriterion:
    activity = criterion.activity
    _author_checks(actor, activity)
    criterion.title = _criterion_title(title)
    rows = _levels(levels)
    criterion.save(update_fields=["title"])
    _write_levels(criterion, rows)
    audit_record(
        actor=actor, action="learning.rubric_changed", target=activity, country_code=_code(activity),
        data={"criterion": criterion.pk, "change": "edited"},
    )  # fmt: skip
    return criterion


@transaction.atomic
def criterion_remove(*, actor: Any, criterion: RubricCriterion) -> None:
    activity = criterion.activity
    _author_checks(actor, activity)
    pk = criterion.pk
    criterion.delete()
    audit_record(
        actor=actor, action="learning.rubric_changed", target=activity, country_code=_code(activity),
        data={"criterion": pk, "change": "removed"},
    )  # fmt: skip


@transaction.atomic
def criterion_move(*, actor: Any, criterion: RubricCriterion, up: bool) -> None:
    """Swap the criterion with its neighbour (positions renumbered 1..n, so ties never stick)."""
    activity = criterion.activity
    if activity.kind != ActivityKind.ASSIGNMENT or not policies.can_author(actor, activity.cycle.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its rubric."))
    ordering.move(RubricCriterion.objects.filter(activity_id=activity.pk), criterion, up=up)


# --- the learner's submission ------------------------------------------------------------------------------


def current(activity: Activity, enrolment: Enrolment) -> Submission | None:
    """The learner's latest submission row (the one the page works on)."""
    return Submission.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk).order_by("-number").first()


def refusal(activity: Activity, dates: schedule.Dates, now) -> str:
    """Why the learner may not hand in work now (their own dates), "" when they may."""
    if dates.opens_at is not None and now < dates.opens_at:
        return _("This assignment is not open yet.")
    if dates.closes_at is not None and now >= dates.closes_at:
        return _("This assignment is closed: no more work is accepted.")
    if activity.late_policy == LatePolicy.REFUSE and dates.is_late(now):
        return _("The due date has passed: late work is not accepted for this assignment.")
    return ""


def editable(row: Submission | None) -> bool:
    """Whether the learner writes on a new row (none yet, or a new submission asked for) or on their draft."""
    return row is None or row.status in (SubmissionStatus.DRAFT, SubmissionStatus.RESUBMIT)


def _learner_checks(actor: Any, activity: Activity, enrolment: Enrolment) -> Enrolment:
    """Lock the learner's enrolment (one write at a time per learner) and check who and when."""
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if row.user_id != getattr(actor, "pk", None) or row.cycle_id != activity.cycle_id:
        raise NotAllowed(_("Only the learner hands in their own work."))
    if row.status not in (Status.ENROLLED, Status.COMPLETED):
        raise NotAllowed(_("Only the cycle's enrolled learners take part in its activities."))
    if activity.kind != ActivityKind.ASSIGNMENT:
        raise AssignmentError(_("This activity is not an assignment."))
    return row


def _working_row(activity: Activity, enrolment: Enrolment) -> Submission:
    """The draft to write on: the existing draft, or a new row (first, or next after a new one asked for)."""
    row = current(activity, enrolment)
    if not editable(row):
        raise AssignmentError(_("Your work has been handed in: wait for your trainer's feedback."))
    if row is not None and row.status == SubmissionStatus.DRAFT:
        return row
    return Submission.objects.create(
        activity=activity, enrolment=enrolment, number=(row.number + 1) if row is not None else 1
    )


def _clean_text(activity: Activity, text: str) -> str:
    text = (text or "").strip()
    if text and activity.submission_type == SubmissionType.FILE:
        raise AssignmentError(_("This assignment takes files only."), field="text")
    if len(text) > TEXT_MAX:
        raise AssignmentError(_("The text is too long (at most %(n)s characters).") % {"n": TEXT_MAX}, field="text")
    return text


def _attach(actor: Any, row: Submission, activity: Activity, upload, rights: str) -> None:
    if upload is None:
        return
    if activity.submission_type == SubmissionType.TEXT:
        raise AssignmentError(_("This assignment takes text only."), field="file")
    try:
        attachments.attach(actor=actor, host=HOST, host_id=row.pk, upload=upload, rights=rights)
    except attachments.UploadError as exc:
        raise AssignmentError(exc.message, field="rights" if exc.field == "rights" else "file") from exc


@transaction.atomic
def draft_save(
    *, actor: Any, activity: Activity, enrolment: Enrolment, text: str, upload=None, rights: str = "own"
) -> Submission:
    """Keep the learner's work as a draft (nobody else sees a draft as handed in)."""
    _learner_checks(actor, activity, enrolment)
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    reason = refusal(activity, dates, timezone.now())
    if reason:
        raise AssignmentError(reason)
    text = _clean_text(activity, text)
    row = _working_row(activity, enrolment)
    row.text = text
    row.save(update_fields=["text"])
    _attach(actor, row, activity, upload, rights)
    return row


@transaction.atomic
def submit(
    *, actor: Any, activity: Activity, enrolment: Enrolment, text: str, upload=None, rights: str = "own", now=None
) -> Submission:
    """Hand the work in: within the learner's own dates and the late policy; not empty (text for a text
    assignment, a file for a file assignment, either for both). Records the learner's progress."""
    _learner_checks(actor, activity, enrolment)
    now = now or timezone.now()
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    reason = refusal(activity, dates, now)
    if reason:
        raise AssignmentError(reason)
    text = _clean_text(activity, text)
    row = _working_row(activity, enrolment)
    row.text = text
    _attach(actor, row, activity, upload, rights)
    has_file = bool(files_of([row.pk]))
    kind = activity.submission_type
    if kind == SubmissionType.TEXT and not text:
        raise AssignmentError(_("Write your answer before you hand it in."), field="text")
    if kind == SubmissionType.FILE and not has_file:
        raise AssignmentError(_("Add a file before you hand your work in."), field="file")
    if kind == SubmissionType.BOTH and not (text or has_file):
        raise AssignmentError(_("Write your answer or add a file before you hand your work in."), field="text")
    row.status, row.submitted_at = SubmissionStatus.SUBMITTED, now
    row.days_late = dates.days_late(now) if activity.late_policy != LatePolicy.REFUSE else 0
    row.save(update_fields=["text", "status", "submitted_at", "days_late"])
    progress.record(enrolment=enrolment, activity=activity, state=ProgressState.SUBMITTED)
    audit_record(
        actor=actor, action="learning.submitted", target=row, country_code=_code(activity),
        data={"activity": activity.pk, "number": row.number, "days_late": row.days_late},
    )  # fmt: skip
    return row


@transaction.atomic
def file_remove(*, actor: Any, activity: Activity, enrolment: Enrolment, attachment_id: int) -> None:
    """Take a file off the learner's draft (a handed-in submission keeps its files)."""
    from twinning.core.models import Attachment

    _learner_checks(actor, activity, enrolment)
    row = current(activity, enrolment)
    if row is None or row.status != SubmissionStatus.DRAFT:
        raise AssignmentError(_("Only the files of a draft can be removed."))
    attachment = Attachment.objects.filter(pk=attachment_id, host=HOST, host_id=row.pk).first()
    if attachment is None:
        raise AssignmentError(_("This file is not in your draft."))
    name = attachment.file.name or ""
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(partial(storage.delete, name))


# --- grading -----------------------------------------------------------------------------------------------


def penalised(points: Decimal, activity: Activity, days_late: int) -> Decimal:
    """``points`` after the late penalty: points × (1 − penalty% × days), never below 0."""
    if activity.late_policy != LatePolicy.PENALTY or not days_late or not activity.late_penalty_percent:
        return points
    factor = Decimal(1) - Decimal(activity.late_penalty_percent) * days_late / Decimal(100)
    return max(Decimal(0), (points * factor).quantize(CENT, rounding=ROUND_HALF_UP))


def _rubric_points(activity: Activity, chosen: dict) -> tuple[Decimal, dict]:
    """``chosen``: {criterion id: level id}; one level of each of the activity's criteria, none of another."""
    criteria = list(RubricCriterion.objects.filter(activity_id=activity.pk).prefetch_related("levels"))
    if not criteria:
        raise AssignmentError(_("This assignment has no rubric: give the points directly."), field="points")
    if rubric_maximum(criteria) != activity.max_points:
        raise AssignmentError(
            _("The rubric's maximum does not match the assignment's points: give the points directly."),
            field="points",
        )
    try:
        picked = {int(k): int(v) for k, v in chosen.items() if v not in (None, "")}
    except (TypeError, ValueError):
        raise AssignmentError(_("Choose one level of each criterion."), field="rubric") from None
    total = Decimal(0)
    stored: dict[str, int] = {}
    for criterion in criteria:
        levels = {lv.pk: lv for lv in criterion.levels.all()}
        level = levels.get(picked.pop(criterion.pk, 0))
        if level is None:
            raise AssignmentError(
                _("Choose one level of the criterion “%(title)s”.") % {"title": criterion.title}, field="rubric"
            )
        total += level.points
        stored[str(criterion.pk)] = level.pk
    if picked:
        raise AssignmentError(_("Choose levels of this assignment's criteria only."), field="rubric")
    return total, stored


def _points(activity: Activity, points) -> Decimal:
    if points in (None, ""):
        raise AssignmentError(_("Give the points."), field="points")
    try:
        value = Decimal(points)
    except (InvalidOperation, TypeError, ValueError):
        raise AssignmentError(_("Give the points as a number."), field="points") from None
    if not value.is_finite() or value < 0 or value > activity.max_points:
        raise AssignmentError(
            _("The points must be between 0 and %(max)s.") % {"max": activity.max_points}, field="points"
        )
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _locked_submission(actor: Any, submission: Submission) -> Submission:
    row = (
        Submission.objects.select_for_update(of=("self",))
        .select_related(
            "activity", "activity__cycle", "activity__cycle__course", "activity__cycle__course__country",
            "enrolment", "enrolment__user", "enrolment__group", "enrolment__group__trainer", "enrolment__cycle",
            "enrolment__cycle__course",
        )
        .get(pk=submission.pk)
    )  # fmt: skip
    if not policies.may_grade(actor, row.enrolment):
        raise NotAllowed(_("Only the learner's trainer or the staff of the course's country can grade this work."))
    if row.status == SubmissionStatus.DRAFT:
        raise AssignmentError(_("This work has not been handed in yet."))
    newer = Submission.objects.filter(
        activity_id=row.activity_id, enrolment_id=row.enrolment_id, number__gt=row.number
    ).exists()
    if newer:
        raise AssignmentError(_("The learner has started a newer submission: grade that one."))
    return row


def _feedback(value: str) -> str:
    text = (value or "").strip()
    if len(text) > FEEDBACK_MAX:
        raise AssignmentError(
            _("The feedback is too long (at most %(n)s characters).") % {"n": FEEDBACK_MAX}, field="feedback"
        )
    return text


@transaction.atomic
def grade(
    *, actor: Any, submission: Submission, feedback: str = "", points=None, rubric: dict | None = None
) -> Submission:
    """Grade a handed-in submission (or grade it again): the rubric's levels (their points added) or points
    given directly; the late penalty taken off; the learner's progress moved and the learner told."""
    row = _locked_submission(actor, submission)
    activity = row.activity
    feedback = _feedback(feedback)
    raw: Decimal | None
    stored: dict[str, int]
    if not activity.graded:
        raw, stored = None, {}
    elif rubric:
        raw, stored = _rubric_points(activity, rubric)
    else:
        raw, stored = _points(activity, points), {}
    final = penalised(raw, activity, row.days_late) if raw is not None else None
    regrade = row.status == SubmissionStatus.GRADED
    row.status, row.points, row.rubric, row.feedback = SubmissionStatus.GRADED, final, stored, feedback
    row.graded_by, row.graded_at = actor, timezone.now()
    row.save(update_fields=["status", "points", "rubric", "feedback", "graded_by", "graded_at"])
    progress.record(
        enrolment=row.enrolment, activity=activity, state=progress.state_for_grade(final, activity), points=final
    )
    audit_record(
        actor=actor, action="learning.graded", target=row, country_code=_code(activity),
        data={
            "user": row.enrolment.user_id, "activity": activity.pk, "number": row.number,
            "points": None if final is None else str(final), "before_penalty": None if raw is None else str(raw),
            "days_late": row.days_late, "by": actor.pk, "regrade": regrade, "rubric": bool(stored),
        },
    )  # fmt: skip
    _tell_learner(row, asked_again=False)  # the notice is written with the grade; its e-mail goes after the commit
    return row


@transaction.atomic
def ask_again(*, actor: Any, submission: Submission, feedback: str) -> Submission:
    """Ask for a new submission (when the activity allows it): the learner hands in a new row, numbered next."""
    row = _locked_submission(actor, submission)
    activity = row.activity
    if not activity.resubmission:
        raise AssignmentError(_("This assignment does not take a new submission."))
    feedback = _feedback(feedback)
    if not feedback:
        raise AssignmentError(_("Tell the learner what to change."), field="feedback")
    row.status, row.points, row.rubric, row.feedback = SubmissionStatus.RESUBMIT, None, {}, feedback
    row.graded_by, row.graded_at = actor, timezone.now()
    row.save(update_fields=["status", "points", "rubric", "feedback", "graded_by", "graded_at"])
    progress.record(enrolment=row.enrolment, activity=activity, state=ProgressState.RESUBMIT)
    audit_record(
        actor=actor, action="learning.resubmission_asked", target=row, country_code=_code(activity),
        data={"user": row.enrolment.user_id, "activity": activity.pk, "number": row.number, "by": actor.pk},
    )  # fmt: skip
    _tell_learner(row, asked_again=True)  # the notice is written with the grade; its e-mail goes after the commit
    return row


def _tell_learner(row: Submission, *, asked_again: bool) -> None:
    activity = row.activity
    if asked_again:
        title = gettext_lazy("A new submission is asked for: %(title)s") % {"title": activity.title}
    else:
        title = gettext_lazy("Your work is graded: %(title)s") % {"title": activity.title}
    notify(
        recipient=row.enrolment.user,
        kind="learning.graded",
        title=title,
        body=row.feedback[:2000],
        url=reverse("learning:assignment", args=[activity.pk]),
    )


# --- files: who reads a submission's files ----------------------------------------------------------------


def submission_files(user: Any, submission_id: int) -> FileAccess | None:
    """The submitting learner (adding files to their draft), the trainer of their group and the staff of
    the course's country (reading); nobody else."""
    if not getattr(user, "is_authenticated", False):
        return None
    row = (
        Submission.objects.select_related("enrolment__group__trainer", "enrolment__cycle__course")
        .filter(pk=submission_id)
        .first()
    )
    if row is None:
        return None
    if row.enrolment.user_id == user.pk:
        return FileAccess(read=True, upload=row.status == SubmissionStatus.DRAFT)
    if policies.may_grade(user, row.enrolment):
        return FileAccess(read=True, upload=False)
    return None


# --- registries --------------------------------------------------------------------------------------------

register_kind(ActivityKind.ASSIGNMENT, show="learning:assignment", author="learning:assignment_author")
register_attachment_host(HOST, submission_files)
register_notification_kind(
    "learning.graded", gettext_lazy("Your work in a course is graded (or a new submission is asked for)"),
    delivery=IMMEDIATELY,
)  # fmt: skip
register_audit_actions(
    {
        "learning.rubric_changed": gettext_lazy("assignment's rubric changed"),
        "learning.submitted": gettext_lazy("assignment handed in"),
        "learning.graded": gettext_lazy("assignment graded"),
        "learning.resubmission_asked": gettext_lazy("new submission of an assignment asked for"),
    }
)
