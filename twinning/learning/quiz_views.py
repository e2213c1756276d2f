"""The question bank of a course (staff of its country), a quiz's questions (its authoring page), and taking
a quiz: the intro with the learner's attempts and dates, an attempt's page, its review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate
from twinning.core.richtext import show

from . import policies, questions, quiz_forms, quiz_selectors, quizzes, schedule
from .models import AttemptState, Question, QuestionCategory, QuestionKind, QuizSlot

QUESTIONS_PER_PAGE = 25


def _guarded(name: str, *args) -> str | None:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return None


def _category(course, category_id):
    return get_or_404(QuestionCategory.objects.filter(course_id=course.pk), pk=category_id)


# --- the question bank -----------------------------------------------------------------------------------------


@login_required
def question_bank(request, course_id):
    course = policies.authored_course_or_404(request.user, course_id)
    tree = quiz_selectors.category_tree(course)
    try:
        current = int(request.GET.get("category") or 0) or None
    except ValueError:
        current = None
    if current is not None and current not in {row.pk for row in tree}:
        current = None
    page = paginate(quiz_selectors.bank_questions(course, current), request.GET, per_page=QUESTIONS_PER_PAGE)
    context = {
        "course": course,
        "tree": tree,
        "current": current,
        "page": page,
        "kinds": QuestionKind.choices,
        "category_form": quiz_forms.CategoryForm(tree=tree, initial={"parent": current}),
        "import_url": _guarded("learning:question_import", course.pk),
        "export_url": _guarded("learning:question_export", course.pk),
    }
    return render(request, "learning/quiz/bank.html", context)


@login_required
def category_new(request, course_id):
    course = policies.authored_course_or_404(request.user, course_id)
    tree = quiz_selectors.category_tree(course)
    form = quiz_forms.CategoryForm(request.POST or None, tree=tree)

    def create(data):
        parent = _category(course, data["parent"]) if data.get("parent") else None
        return quizzes.category_save(actor=request.user, course=course, name=data["name"], parent=parent,
                                     info=data.get("info", ""))  # fmt: skip

    response = form_action(
        request, form, create, success=_("Category created."), field="name",
        redirect_to=lambda category: reverse("learning:question_bank", args=[course.pk]) + f"?category={category.pk}",
    )  # fmt: skip
    if response:
        return response
    return render(request, "learning/quiz/category_form.html", {"course": course, "form": form, "category": None})


@login_required
def category_edit(request, category_id):
    category = get_or_404(QuestionCategory.objects.select_related("course"), pk=category_id)
    course = policies.authored_course_or_404(request.user, category.course_id)
    form = quiz_forms.CategoryForm(
        request.POST or None, with_parent=False, initial={"name": category.name, "info": category.info}
    )
    response = form_action(
        request, form,
        lambda data: quizzes.category_save(actor=request.user, course=course, category=category, name=data["name"],
                                           info=data.get("info", "")),
        success=_("Category renamed."), field="name",
        redirect_to=reverse("learning:question_bank", args=[course.pk]) + f"?category={category.pk}",
    )  # fmt: skip
    if response:
        return response
    return render(request, "learning/quiz/category_form.html", {"course": course, "form": form, "category": category})


def _question_page(request, course, kind, question=None):
    tree = quiz_selectors.category_tree(course)
    if not tree:
        messages.error(request, _("Create a category first: every question belongs to one."))
        return redirect("learning:question_bank", course.pk)
    initial = {"category": int(request.GET["category"])} if request.GET.get("category", "").isdigit() else None
    form = quiz_forms.QuestionForm(
        request.POST or None, kind=kind, tree=tree, question=question, **({"initial": initial} if initial else {})
    )

    def save(data):
        return quizzes.question_save(
            actor=request.user, course=course, kind=kind, question=question,
            category=_category(course, data["category"]), name=data["name"], text=data["text"],
            general_feedback=data.get("general_feedback", ""), default_points=data["default_points"],
            data=data["data"],
        )  # fmt: skip

    response = form_action(
        request, form, save, success=_("Question saved."),
        redirect_to=lambda saved: reverse("learning:question_bank", args=[course.pk])
        + f"?category={saved.category_id}",
    )  # fmt: skip
    if response:
        return response
    context = {"course": course, "form": form, "question": question, "kind_label": QuestionKind(kind).label}
    return render(request, "learning/quiz/question_form.html", context)


@login_required
def question_new(request, course_id, kind):
    course = policies.authored_course_or_404(request.user, course_id)
    if kind not in QuestionKind.values:
        raise Http404
    return _question_page(request, course, kind)


@login_required
def question_edit(request, question_id):
    question = get_or_404(Question.objects.all(), pk=question_id)
    course = policies.authored_course_or_404(request.user, question.course_id)
    return _question_page(request, course, question.kind, question)


# --- a quiz's questions ----------------------------------------------------------------------------------------


@login_required
def quiz_author(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind="quiz")
    course = activity.cycle.course
    tree = quiz_selectors.category_tree(course)
    slots = quiz_selectors.slots(activity)
    context = {
        "activity": activity,
        "course": course,
        "slots": slots,
        "total": sum((slot.points * slot.draw_count for slot in slots), 0),
        "question_form": quiz_forms.SlotQuestionForm(choices=quiz_selectors.question_choices(course)),
        "draw_form": quiz_forms.SlotDrawForm(tree=tree),
        "bank_url": reverse("learning:question_bank", args=[course.pk]),
    }
    return render(request, "learning/quiz/author.html", context)


@login_required
@require_POST
def slot_add(request, activity_id, source):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind="quiz")
    course = activity.cycle.course
    back = reverse("learning:quiz_author", args=[activity.pk])
    form: forms.Form
    if source == "question":
        form = quiz_forms.SlotQuestionForm(request.POST, choices=quiz_selectors.question_choices(course))
    else:
        form = quiz_forms.SlotDrawForm(request.POST, tree=quiz_selectors.category_tree(course))
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect(back)
    data = form.cleaned_data

    def add():
        if source == "question":
            question = get_or_404(Question.objects.filter(course_id=course.pk), pk=data["question"])
            return quizzes.slot_add(actor=request.user, activity=activity, question=question, points=data["points"])
        return quizzes.slot_add(
            actor=request.user, activity=activity, category=_category(course, data["category"]),
            draw_count=data["draw_count"], points=data["points"],
        )  # fmt: skip

    return post_action(request, add, success=_("Added to the quiz."), redirect_to=back)


def _slot(request, slot_id):
    slot = get_or_404(QuizSlot.objects.all(), pk=slot_id)
    activity = policies.authored_activity_or_404(request.user, slot.activity_id, kind="quiz")
    slot.activity = activity
    return slot, reverse("learning:quiz_author", args=[activity.pk])


@login_required
@require_POST
def slot_change(request, slot_id, action):
    slot, back = _slot(request, slot_id)
    if action == "remove":
        return post_action(request, lambda: quizzes.slot_remove(actor=request.user, slot=slot),
                           success=_("Removed from the quiz."), redirect_to=back)  # fmt: skip
    if action in ("up", "down"):
        return post_action(request, lambda: quizzes.slot_move(actor=request.user, slot=slot, up=action == "up"),
                           success=None, redirect_to=back)  # fmt: skip
    form = quiz_forms.SlotPointsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Points must be a number from 0 to 1000."))
        return redirect(back)
    return post_action(
        request, lambda: quizzes.slot_points(actor=request.user, slot=slot, points=form.cleaned_data["points"]),
        success=_("Points saved."), redirect_to=back,
    )  # fmt: skip


# --- taking a quiz ----------------------------------------------------------------------------------------------


@login_required
def quiz(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind="quiz")
    now = timezone.now()
    context = {"activity": activity, "seat": seat, "body": show(activity.body), "now": now}
    if not seat.learner:
        context["slots"] = quiz_selectors.slots(activity)
        context["author_url"] = reverse("learning:quiz_author", args=[activity.pk]) if seat.staff else None
        return render(request, "learning/quiz/intro.html", context)
    enrolment = seat.enrolment
    finished = quizzes.finish_overdue(activity=activity, enrolment=enrolment, now=now)
    if finished:
        messages.info(request, _("Your time was up: the attempt was finished with the answers saved before."))
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    attempts = quiz_selectors.attempts(activity, enrolment)
    allowed = quizzes.attempts_allowed(activity, dates)
    current = next((row for row in attempts if row.state == AttemptState.IN_PROGRESS), None)
    context.update(
        dates=dates,
        attempts=attempts,
        allowed=allowed,
        time_limit=quizzes.time_limit(activity, dates),
        current=current,
        can_start=current is None and dates.is_open(now) and (allowed is None or len(attempts) < allowed),
        closed=dates.closes_at is not None and now >= dates.closes_at,
    )
    return render(request, "learning/quiz/intro.html", context)


@login_required
@require_POST
def quiz_start(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind="quiz")
    if not seat.learner:
        raise Http404
    try:
        attempt = quizzes.start_attempt(activity=activity, enrolment=seat.enrolment)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("learning:quiz", activity.pk)
    return redirect("learning:quiz_attempt", attempt.pk)


def _views(attempt, bank, *, review: bool):
    shown = []
    for number, entry in enumerate(attempt.layout, start=1):
        question = bank.get(int(entry["question"]))
        if question is None:
            continue
        view = questions.render(question, entry.get("order") or [], attempt.answers.get(str(question.pk)),
                                review=review)  # fmt: skip
        view.update(
            number=number, points=entry["points"], mark=attempt.marks.get(str(question.pk)), text=show(question.text),
            general_feedback=show(question.general_feedback) if review else "",
        )  # fmt: skip
        shown.append(view)
    return shown


@login_required
def attempt(request, attempt_id):
    attempt, activity, seat, own = quiz_selectors.attempt_or_404(request.user, attempt_id)
    if attempt.state == AttemptState.FINISHED:
        return redirect("learning:quiz_review", attempt.pk)
    if request.method == "POST":
        finish = "finish" in request.POST
        try:
            saved = quizzes.submit(actor=request.user, attempt_id=attempt.pk, enrolment=seat.enrolment,
                                   post=request.POST, finish=finish)  # fmt: skip
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("learning:quiz_attempt", attempt.pk)
        if getattr(saved, "late", False):
            messages.warning(request, _("Your time was up: the answers sent after it were not accepted. "
                                        "The attempt was finished with the answers saved before."))  # fmt: skip
            return redirect("learning:quiz_review", attempt.pk)
        if saved.state == AttemptState.FINISHED:
            messages.success(request, _("Attempt finished and graded."))
            return redirect("learning:quiz_review", attempt.pk)
        messages.success(request, _("Answers saved."))
        return redirect("learning:quiz_attempt", attempt.pk)
    bank = quizzes.layout_questions(attempt)
    context = {"attempt": attempt, "activity": activity, "shown": _views(attempt, bank, review=False)}
    return render(request, "learning/quiz/attempt.html", context)


@login_required
def review(request, attempt_id):
    attempt, activity, seat, own = quiz_selectors.attempt_or_404(request.user, attempt_id, review=True)
    if attempt.state != AttemptState.FINISHED:
        if own:
            return redirect("learning:quiz_attempt", attempt.pk)
        raise Http404
    bank = quizzes.layout_questions(attempt)
    context = {"attempt": attempt, "activity": activity, "own": own, "shown": _views(attempt, bank, review=True)}
    return render(request, "learning/quiz/review.html", context)
