"""Reads of assignments, each page in a fixed number of queries: the rubric (criteria with their levels),
a learner's submissions with their files, the grading queue (the trainer's own groups only; the staff see
every group) and one submission for grading (404 to anyone who may not grade it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from twinning.core.lookups import get_or_404

from . import policies
from .models import Activity, ActivityKind, Enrolment, RubricCriterion, Submission, SubmissionStatus

HOST = "learning.submission"  # the attachment host of a submission's files (host id: the submission's id)


def rubric_maximum(criteria) -> Decimal:
    """The best mark the rubric gives: the highest level of each criterion, added (levels prefetched)."""
    return sum((max((lv.points for lv in c.levels.all()), default=Decimal(0)) for c in criteria), Decimal(0))


def files_of(submission_ids) -> dict[int, list]:
    """The files of these submissions, by submission id (one query)."""
    from twinning.core.models import Attachment

    found: dict[int, list] = {}
    ids = list(submission_ids)
    if not ids:
        return found
    for row in Attachment.objects.filter(host=HOST, host_id__in=ids).order_by("created_at", "pk"):
        found.setdefault(row.host_id, []).append(row)
    return found


def rubric(activity: Activity) -> list[RubricCriterion]:
    """The activity's criteria in order, their levels prefetched (two queries)."""
    return list(
        RubricCriterion.objects.filter(activity_id=activity.pk).order_by("position", "pk").prefetch_related("levels")
    )


def rubric_summary(activity: Activity, criteria: list[RubricCriterion]) -> dict:
    maximum = rubric_maximum(criteria)
    return {"maximum": maximum, "matches": bool(criteria) and maximum == activity.max_points}


def _with_files_and_levels(rows: list[Submission], criteria: list[RubricCriterion]) -> list[Submission]:
    files = files_of(row.pk for row in rows)
    levels = {str(c.pk): ({lv.pk: lv for lv in c.levels.all()}, c) for c in criteria}
    for row in rows:
        chosen = []
        for criterion_id, level_id in (row.rubric or {}).items():
            by_id, criterion = levels.get(criterion_id, ({}, None))
            level = by_id.get(level_id)
            if criterion is not None and level is not None:
                chosen.append((criterion, level))
        row.files, row.chosen = files.get(row.pk, []), chosen  # type: ignore[attr-defined]
    return rows


def learner_submissions(activity: Activity, enrolment: Enrolment | None, criteria) -> list[Submission]:
    """The learner's submissions, newest first, with their files and the rubric levels chosen."""
    if enrolment is None:
        return []
    rows = list(
        Submission.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk)
        .select_related("graded_by")
        .order_by("-number")
    )
    return _with_files_and_levels(rows, criteria)


def queue(activity: Activity, user: Any, *, staff: bool) -> QuerySet[Submission]:
    """Handed-in submissions of the activity, waiting ones first (oldest first): for a trainer only the
    members of their own groups; the staff of the course's country see every group."""
    rows = (
        Submission.objects.filter(activity_id=activity.pk)
        .exclude(status=SubmissionStatus.DRAFT)
        .select_related("enrolment__user", "enrolment__group", "graded_by")
    )
    if not staff:
        rows = rows.filter(enrolment__group__trainer__user_id=user.pk)
    waiting = Case(
        When(status=SubmissionStatus.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.annotate(waiting=waiting).order_by("waiting", "submitted_at", "pk")


def with_files(rows: list[Submission]) -> list[Submission]:
    files = files_of(row.pk for row in rows)
    for row in rows:
        row.files = files.get(row.pk, [])  # type: ignore[attr-defined]
    return rows


def submission_for_grading_or_404(user: Any, submission_id: Any) -> Submission:
    """A handed-in submission of an assignment, for the learner's own trainer or the staff of the course's
    country; 404 for another group's trainer, another learner and anyone else."""
    row = get_or_404(
        Submission.objects.select_related(
            "activity", "activity__module", "activity__cycle", "activity__cycle__course",
            "activity__cycle__course__country", "enrolment", "enrolment__user", "enrolment__group",
            "enrolment__group__trainer", "enrolment__cycle", "enrolment__cycle__course", "graded_by",
        ).filter(activity__kind=ActivityKind.ASSIGNMENT).exclude(status=SubmissionStatus.DRAFT),
        pk=submission_id,
    )  # fmt: skip
    if not policies.may_grade(user, row.enrolment):
        raise Http404
    return row


def history(row: Submission, criteria) -> list[Submission]:
    """Every submission of the same learner to the same activity (the one being graded included)."""
    rows = list(
        Submission.objects.filter(activity_id=row.activity_id, enrolment_id=row.enrolment_id)
        .exclude(status=SubmissionStatus.DRAFT)
        .select_related("graded_by")
        .order_by("-number")
    )
    return _with_files_and_levels(rows, criteria)
