"""Quizzes: the course's question bank (categories and questions), a quiz's slots, and taking a quiz.

An attempt fixes its ``layout`` when it starts (the chosen questions, the random draws with no question twice,
shuffled if the quiz says so, and the order of each question's answers). Saving and finishing lock the attempt
row (``select_for_update``): a finished attempt takes no more answers and is graded exactly once.

Time: the deadline of an attempt is the time limit plus any extra minutes of the learner's exception (read
again at each save, so an exception granted during the attempt counts), never after the quiz closes for the
learner. **Answers sent after the deadline are not accepted**: the attempt is finished and graded with the
answers saved before the deadline, and the learner is told. An attempt left open past its deadline is
finished the same way when the learner next opens the quiz, and by the periodic job ``learning.quiz_overdue``.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from twinning.core import ordering
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import register_audit_actions
from twinning.core.richtext import sanitize
from twinning.core.scheduling import register_periodic
from twinning.core.services import audit_record

from . import progress, questions, schedule
from .content import register_kind
from .models import (
    Activity,
    ActivityKind,
    Attempt,
    AttemptState,
    Course,
    Enrolment,
    GradingMethod,
    ProgressState,
    Question,
    QuestionCategory,
    QuizSlot,
    Status,
)

register_kind(ActivityKind.QUIZ, show="learning:quiz", author="learning:quiz_author")
register_audit_actions(
    {
        "learning.question_saved": gettext_lazy("question of the bank saved"),
        "learning.question_category_saved": gettext_lazy("question category saved"),
        "learning.quiz_changed": gettext_lazy("questions of a quiz changed"),
        "learning.quiz_graded": gettext_lazy("quiz attempt graded"),
    }
)

CENT = Decimal("0.01")
FIELD = re.compile(r"\Aq(\d+)(?:_(\d+))?\Z")


def _country(course: Course) -> str:
    return course.country.code


# --- the question bank --------------------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, actor: Any, course: Course, name: str, parent: QuestionCategory | None = None, category=None, info: str = ""
) -> QuestionCategory:
    """Create a category of the course's bank (``category`` None) or rename one."""
    name = (name or "").strip()[:255]
    if not name:
        raise DomainError(_("Give the category a name."))
    if parent is not None and parent.course_id != course.pk:
        raise NotAllowed(_("The category belongs to another course."))
    if category is not None:
        parent = category.parent
    siblings = QuestionCategory.objects.filter(course_id=course.pk, parent=parent, name=name)
    if category is not None:
        siblings = siblings.exclude(pk=category.pk)
    if siblings.exists():
        raise DomainError(_("There is already a category with this name here."))
    if category is None:
        category = QuestionCategory.objects.create(course=course, parent=parent, name=name, info=info)
    else:
        category.name, category.info = name, info
        category.save(update_fields=["name", "info"])
    audit_record(
        actor=actor, action="learning.question_category_saved", target=category, country_code=_country(course),
        data={"name": name},
    )  # fmt: skip
    return category


@transaction.atomic
def question_save(
    *,
    actor: Any,
    course: Course,
    kind: str,
    category: QuestionCategory,
    name: str,
    text: str,
    general_feedback: str = "",
    default_points: Decimal = Decimal(1),
    data: dict,
    question: Question | None = None,
) -> Question:
    """Create (``question`` None) or change a question of the course's bank; ``data`` is checked by
    ``questions.clean_data``: nothing is saved when it does not hold."""
    if category.course_id != course.pk:
        raise NotAllowed(_("The category belongs to another course."))
    try:
        data = questions.clean_data(kind, data)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    text = sanitize(text)
    if not text:
        raise DomainError(_("Write the question."))
    if question is None:
        question = Question(course=course, kind=kind)
    elif question.course_id != course.pk or question.kind != kind:
        raise NotAllowed(_("The question belongs to another course."))
    question.category, question.name = category, (name or "").strip()[:255] or questions_name(text)
    question.text, question.general_feedback = text, sanitize(general_feedback)
    question.default_points, question.data = default_points, data
    question.save()
    audit_record(
        actor=actor, action="learning.question_saved", target=question, country_code=_country(course),
        data={"kind": kind, "category": category.pk},
    )  # fmt: skip
    return question


def questions_name(text: str) -> str:
    from twinning.core.richtext import plain_text

    return plain_text(text, 80) or _("Question")


# --- a quiz's slots --------------------------------------------------------------------------------------------


def _audit_quiz(actor: Any, activity: Activity, what: str, **data) -> None:
    audit_record(
        actor=actor, action="learning.quiz_changed", target=activity,
        country_code=_country(activity.cycle.course), data={"what": what, **data},
    )  # fmt: skip


@transaction.atomic
def slot_add(
    *,
    actor: Any,
    activity: Activity,
    question: Question | None = None,
    category: QuestionCategory | None = None,
    draw_count: int = 1,
    points: Decimal | None = None,
) -> QuizSlot:
    """Add a chosen question, or ``draw_count`` random questions of ``category``, at the end of the quiz."""
    course_id = activity.cycle.course_id
    if (question is None) == (category is None):
        raise DomainError(_("Choose a question, or a category to draw questions from."))
    if (
        question is not None
        and question.course_id != course_id
        or category is not None
        and category.course_id != course_id
    ):
        raise NotAllowed(_("The question belongs to another course."))
    if question is not None and QuizSlot.objects.filter(activity_id=activity.pk, question_id=question.pk).exists():
        raise DomainError(_("This question is already in the quiz."))
    if not 1 <= draw_count <= 100:
        raise DomainError(_("Draw between 1 and 100 questions."))
    if points is None:
        points = question.default_points if question is not None else Decimal(1)
    if points < 0:
        raise DomainError(_("Points cannot be negative."))
    last = QuizSlot.objects.filter(activity_id=activity.pk).aggregate(last=Max("position"))["last"]
    slot = QuizSlot.objects.create(
        activity=activity, position=(last or 0) + 1, question=question, category=category,
        draw_count=1 if question is not None else draw_count, points=points,
    )  # fmt: skip
    _audit_quiz(actor, activity, "added", slot=slot.pk, question=getattr(question, "pk", None))
    return slot


@transaction.atomic
def slot_remove(*, actor: Any, slot: QuizSlot) -> None:
    activity = slot.activity
    slot.delete()
    _renumber(activity.pk)
    _audit_quiz(actor, activity, "removed", slot=slot.pk)


@transaction.atomic
def slot_move(*, actor: Any, slot: QuizSlot, up: bool) -> None:
    ordering.move(QuizSlot.objects.filter(activity_id=slot.activity_id), slot, up=up)


@transaction.atomic
def slot_points(*, actor: Any, slot: QuizSlot, points: Decimal) -> QuizSlot:
    if points < 0:
        raise DomainError(_("Points cannot be negative."))
    slot.points = points
    slot.save(update_fields=["points"])
    _audit_quiz(actor, slot.activity, "points", slot=slot.pk, points=str(points))
    return slot


def _renumber(activity_id: int) -> None:
    for position, row in enumerate(QuizSlot.objects.filter(activity_id=activity_id).order_by("position", "id"), 1):
        if row.position != position:
            QuizSlot.objects.filter(pk=row.pk).update(position=position)


# --- taking a quiz ----------------------------------------------------------------------------------------------


def attempts_allowed(activity: Activity, dates: schedule.Dates) -> int | None:
    """How many attempts the learner has (None: no limit): the quiz's number plus any extra attempts."""
    if not activity.attempts_allowed:
        return None
    return activity.attempts_allowed + dates.extra_attempts


def time_limit(activity: Activity, dates: schedule.Dates) -> int | None:
    if not activity.time_limit_minutes:
        return None
    return activity.time_limit_minutes + dates.extra_minutes


def build_layout(activity: Activity, rng: random.Random | None = None) -> list[dict]:
    """The questions of a new attempt: chosen ones and random draws (no question twice), shuffled if the quiz
    says so, with each question's answers in a fixed (perhaps shuffled) order."""
    rng = rng or random.SystemRandom()
    slots = list(QuizSlot.objects.filter(activity_id=activity.pk).order_by("position", "id"))
    used = {slot.question_id for slot in slots if slot.question_id}
    picked: list[tuple[int, Decimal]] = []
    seen: set[int] = set()
    for slot in slots:
        if slot.question_id:
            if slot.question_id not in seen:
                picked.append((slot.question_id, slot.points))
                seen.add(slot.question_id)
            continue
        pool = list(
            Question.objects.filter(category_id=slot.category_id)
            .exclude(pk__in=used)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for question_id in rng.sample(pool, min(slot.draw_count, len(pool))):
            used.add(question_id)
            seen.add(question_id)
            picked.append((question_id, slot.points))
    if activity.shuffle:
        rng.shuffle(picked)
    bank = Question.objects.in_bulk([question_id for question_id, _points in picked])
    return [
        {
            "question": question_id,
            "points": str(points),
            "order": questions.order_for(bank[question_id].kind, bank[question_id].data, rng),
        }
        for question_id, points in picked
    ]


def _learner_row(enrolment: Enrolment) -> Enrolment:
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if row.status not in (Status.ENROLLED, Status.COMPLETED):
        raise NotAllowed(_("Only the cycle's enrolled learners take part in its activities."))
    return row


@transaction.atomic
def start_attempt(*, activity: Activity, enrolment: Enrolment, now=None) -> Attempt:
    """A new attempt for the learner (or the one they have in progress). ``activity`` with ``cycle__course``."""
    now = now or timezone.now()
    _learner_row(enrolment)  # one start at a time for a learner
    if activity.kind != ActivityKind.QUIZ or activity.cycle_id != enrolment.cycle_id:
        raise NotAllowed(_("Only the cycle's enrolled learners take part in its activities."))
    _finish_overdue(activity, enrolment, now)
    open_one = Attempt.objects.filter(
        activity_id=activity.pk, enrolment_id=enrolment.pk, state=AttemptState.IN_PROGRESS
    ).first()
    if open_one is not None:
        return open_one
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    if dates.opens_at is not None and now < dates.opens_at:
        raise NotAllowed(_("The quiz is not open yet."))
    if dates.closes_at is not None and now >= dates.closes_at:
        raise NotAllowed(_("The quiz is closed."))
    used = Attempt.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk).count()
    allowed = attempts_allowed(activity, dates)
    if allowed is not None and used >= allowed:
        raise NotAllowed(_("You have used all the attempts allowed."))
    layout = build_layout(activity)
    if not layout:
        raise DomainError(_("The quiz has no questions yet."))
    attempt = Attempt.objects.create(
        activity=activity, enrolment=enrolment, number=used + 1, started_at=now,
        deadline=schedule.deadline_for_attempt(now, activity, dates), layout=layout,
    )  # fmt: skip
    if used == 0:
        progress.record(enrolment=enrolment, activity=activity, state=ProgressState.STARTED)
    return attempt


def layout_questions(attempt: Attempt) -> dict[int, Question]:
    """The attempt's questions, in one query."""
    return Question.objects.in_bulk([entry["question"] for entry in attempt.layout])


def read_answers(attempt: Attempt, post: Any, bank: dict[int, Question]) -> dict[str, Any]:
    """The answers of a quiz form, by question id; ``DomainError`` (nothing kept) when the form names a
    question that is not in this attempt or a choice that does not exist."""
    in_layout = {int(entry["question"]) for entry in attempt.layout}
    values: dict[int, list[str]] = {}
    parts: dict[int, dict[str, list[str]]] = {}
    for key in post:
        match = FIELD.match(key)
        if match is None:
            continue
        question_id = int(match.group(1))
        if question_id not in in_layout or question_id not in bank:
            raise DomainError(_("The answers name a question that is not part of this attempt: nothing was saved."))
        given = [str(value)[:1000] for value in post.getlist(key)]
        if match.group(2) is None:
            values[question_id] = given
        else:
            parts.setdefault(question_id, {})[match.group(2)] = given
    answers: dict[str, Any] = {}
    for question_id in in_layout:
        question = bank.get(question_id)
        if question is None:
            continue
        try:
            answer = questions.read_answer(
                question.kind, question.data, values.get(question_id, []), parts.get(question_id, {})
            )
        except ValueError as exc:
            raise DomainError(_("%(reason)s Nothing was saved.") % {"reason": exc}) from exc
        if answer is not None:
            answers[str(question_id)] = answer
    return answers


def grade(attempt: Attempt, bank: dict[int, Question]) -> tuple[dict[str, str], Decimal]:
    """The marks of each question and the attempt's points (scaled so that the quiz's total is the
    activity's points, when it has any)."""
    total, raw, marks = Decimal(0), Decimal(0), {}
    for entry in attempt.layout:
        question_id, worth = entry["question"], Decimal(entry["points"])
        question = bank.get(int(question_id))
        share = questions.fraction(question, attempt.answers.get(str(question_id))) if question else Decimal(0)
        mark = share * worth
        marks[str(question_id)] = str(mark.quantize(CENT, rounding=ROUND_HALF_UP))
        raw += mark
        total += worth
    activity = attempt.activity
    if activity.max_points and total > 0:
        raw = raw * activity.max_points / total
    return marks, raw.quantize(CENT, rounding=ROUND_HALF_UP)


def _current_deadline(attempt: Attempt, activity: Activity, enrolment: Enrolment):
    """The attempt's deadline with the learner's exception as it stands now (extra minutes granted during
    the attempt count)."""
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    return schedule.deadline_for_attempt(attempt.started_at, activity, dates)


def _finish(attempt: Attempt, bank: dict[int, Question], now, *, actor: Any) -> Attempt:
    attempt.marks, attempt.points = grade(attempt, bank)
    attempt.state, attempt.finished_at = AttemptState.FINISHED, now
    attempt.save(update_fields=["answers", "marks", "points", "state", "finished_at", "deadline"])
    activity = attempt.activity
    progress.record(
        enrolment=attempt.enrolment, activity=activity, state=progress.state_for_grade(attempt.points, activity),
        points=attempt.points, keep_best=activity.grading_method == GradingMethod.HIGHEST,
    )  # fmt: skip
    audit_record(
        actor=actor, action="learning.quiz_graded", target=attempt, country_code=_country(activity.cycle.course),
        data={"activity": activity.pk, "number": attempt.number, "points": str(attempt.points),
              "automatic": actor is None},
    )  # fmt: skip
    return attempt


def _locked(attempt_id: int, enrolment: Enrolment) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("activity", "activity__cycle", "activity__cycle__course", "activity__cycle__course__country",
                        "enrolment")
        .filter(pk=attempt_id, enrolment_id=enrolment.pk)
        .first()
    )  # fmt: skip
    if attempt is None:
        raise NotAllowed(_("This attempt is not yours."))
    if attempt.state == AttemptState.FINISHED:
        raise NotAllowed(_("This attempt is already finished: nothing was changed."))
    return attempt


@transaction.atomic
def submit(*, actor: Any, attempt_id: int, enrolment: Enrolment, post: Any, finish: bool, now=None) -> Attempt:
    """Save the answers of a quiz form and, with ``finish``, finish and grade the attempt. After the deadline
    the answers sent are not accepted: the attempt is finished with those saved before (``attempt.late`` is
    then True)."""
    now = now or timezone.now()
    attempt = _locked(attempt_id, enrolment)
    bank = layout_questions(attempt)
    answers = read_answers(attempt, post, bank)  # a tampered form is refused whole, even late
    attempt.deadline = _current_deadline(attempt, attempt.activity, attempt.enrolment)
    late = attempt.deadline is not None and now > attempt.deadline
    attempt.late = late  # type: ignore[attr-defined]
    if not late:
        attempt.answers = answers
    if finish or late:
        return _finish(attempt, bank, now, actor=actor)
    attempt.save(update_fields=["answers", "deadline"])
    return attempt


def _finish_overdue(activity: Activity, enrolment: Enrolment, now) -> int:
    done = 0
    rows = Attempt.objects.filter(
        activity_id=activity.pk, enrolment_id=enrolment.pk, state=AttemptState.IN_PROGRESS, deadline__lt=now
    ).values_list("pk", flat=True)
    for attempt_id in list(rows):
        attempt = _locked(attempt_id, enrolment)
        attempt.deadline = _current_deadline(attempt, attempt.activity, attempt.enrolment)
        if attempt.deadline is not None and attempt.deadline < now:
            _finish(attempt, layout_questions(attempt), now, actor=None)
            done += 1
        else:
            attempt.save(update_fields=["deadline"])
    return done


@transaction.atomic
def finish_overdue(*, activity: Activity, enrolment: Enrolment, now=None) -> int:
    """Finish (with their saved answers) the learner's attempts left open past their deadline."""
    return _finish_overdue(activity, enrolment, now or timezone.now())


def finish_all_overdue(now=None) -> int:
    """Every attempt left open past its deadline, finished with its saved answers (the periodic job)."""
    now = now or timezone.now()
    done = 0
    pairs = (
        Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=now)
        .values_list("activity_id", "enrolment_id")
        .distinct()
    )
    for activity_id, enrolment_id in list(pairs[:1000]):
        activity = Activity.objects.select_related("cycle", "cycle__course", "cycle__course__country").get(
            pk=activity_id
        )
        enrolment = Enrolment.objects.get(pk=enrolment_id)
        try:
            done += finish_overdue(activity=activity, enrolment=enrolment, now=now)
        except DomainError:
            continue  # a learner no longer enrolled: their attempt stays as it was
    return done


@task()
def finish_overdue_attempts() -> int:
    return finish_all_overdue()


register_periodic("learning.quiz_overdue", finish_overdue_attempts, timedelta(minutes=15))
