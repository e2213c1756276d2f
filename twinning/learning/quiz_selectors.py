"""Reads of the question bank and the quizzes, in a fixed number of queries whatever the bank's size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from twinning.core.lookups import get_or_404

from . import policies
from .models import Activity, Attempt, Course, Enrolment, Question, QuestionCategory, QuizSlot


def category_tree(course: Course) -> list[QuestionCategory]:
    """The course's categories as a tree flattened in reading order, each with ``depth``, ``label`` (the
    name indented by depth, for a select) and ``size`` (its questions); one query."""
    rows = list(
        QuestionCategory.objects.filter(course_id=course.pk).annotate(size=Count("questions")).order_by("name", "pk")
    )
    children: dict[int | None, list[QuestionCategory]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[QuestionCategory] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for row in children.get(parent_id, []):
            if depth > 20:
                return
            row.depth = depth  # type: ignore[attr-defined]
            row.indent = "\u2003" * depth + "↳ " if depth else ""  # type: ignore[attr-defined]
            row.label = row.indent + row.name  # type: ignore[attr-defined]
            ordered.append(row)
            walk(row.pk, depth + 1)

    walk(None, 0)
    return ordered


def bank_questions(course: Course, category_id: int | None) -> QuerySet[Question]:
    rows = Question.objects.filter(course_id=course.pk).select_related("category").order_by("name", "pk")
    return rows.filter(category_id=category_id) if category_id else rows


def question_choices(course: Course, limit: int = 1000) -> list[tuple[int, str]]:
    rows = (
        Question.objects.filter(course_id=course.pk)
        .order_by("category__name", "name", "pk")
        .values_list("pk", "name", "category__name", "kind")[:limit]
    )
    return [(pk, f"{category} › {name}") for pk, name, category, _kind in rows]


def slots(activity: Activity) -> list[QuizSlot]:
    return list(
        QuizSlot.objects.filter(activity_id=activity.pk)
        .select_related("question", "category")
        .order_by("position", "id")
    )


def attempts(activity: Activity, enrolment: Enrolment) -> list[Attempt]:
    return list(
        Attempt.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk)
        .defer("layout", "answers", "marks")
        .order_by("number")
    )


def attempt_or_404(user: Any, attempt_id: Any, *, review: bool = False):
    """An attempt for its learner; for a review also for the learner's own trainer and the staff of the
    course's country. Anyone else (another learner included): 404. Returns (attempt, activity, seat, own)."""
    attempt = get_or_404(Attempt.objects.all(), pk=attempt_id)
    activity, seat = policies.activity_or_404(user, attempt.activity_id, kind="quiz")
    attempt.activity = activity
    if seat.learner and seat.enrolment is not None and seat.enrolment.pk == attempt.enrolment_id:
        attempt.enrolment = seat.enrolment
        return attempt, activity, seat, True
    if review and not seat.learner:
        enrolment = (
            Enrolment.objects.select_related("user", "group", "group__trainer", "cycle", "cycle__course")
            .filter(pk=attempt.enrolment_id)
            .first()
        )
        if enrolment is not None and policies.may_grade(user, enrolment):
            attempt.enrolment = enrolment
            return attempt, activity, seat, False
    raise Http404
