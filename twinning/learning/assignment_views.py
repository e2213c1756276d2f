"""Assignment pages: the staff's rubric, the learner's page (instructions, their dates, their work and its
feedback; a preview for trainers and staff), the grading queue and the grading page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate
from twinning.core.richtext import show
from twinning.core.uploads import accepts_upload

from . import assignment_selectors as selectors
from . import assignments, policies, schedule
from .assignment_forms import CriterionForm, GradeForm, SubmissionForm
from .models import ActivityKind, RubricCriterion, SubmissionStatus

KIND = ActivityKind.ASSIGNMENT
QUEUE_PER_PAGE = 25
UPLOAD_REQUEST_MAX = 101 * 1024 * 1024  # the largest file the rules allow (100 MB), with its form


# --- the staff's rubric ---------------------------------------------------------------------------------------


def _author_url(activity) -> str:
    return reverse("learning:assignment_author", args=[activity.pk])


def _criterion(activity, criterion_id) -> RubricCriterion:
    criterion = get_or_404(RubricCriterion.objects.filter(activity_id=activity.pk), pk=criterion_id)
    criterion.activity = activity
    return criterion


@login_required
def author(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    form = CriterionForm(request.POST or None)
    response = form_action(
        request, form,
        lambda data: assignments.criterion_add(
            actor=request.user, activity=activity, title=data["title"], levels=form.levels()
        ),
        success=lambda c: _("Criterion added: %(title)s") % {"title": c.title}, redirect_to=_author_url(activity),
    )  # fmt: skip
    if response:
        return response
    criteria = selectors.rubric(activity)
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "course": activity.cycle.course,
        "criteria": criteria,
        "summary": selectors.rubric_summary(activity, criteria),
        "in_use": assignments.rubric_in_use(activity),
        "form": form,
    }
    return render(request, "learning/assignment/author.html", context)


@login_required
def criterion_edit(request, activity_id, criterion_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    criterion = _criterion(activity, criterion_id)
    form = CriterionForm(request.POST or None, criterion=criterion)
    response = form_action(
        request, form,
        lambda data: assignments.criterion_edit(
            actor=request.user, criterion=criterion, title=data["title"], levels=form.levels()
        ),
        success=lambda c: _("Criterion saved: %(title)s") % {"title": c.title}, redirect_to=_author_url(activity),
    )  # fmt: skip
    if response:
        return response
    context = {"activity": activity, "criterion": criterion, "form": form}
    return render(request, "learning/assignment/criterion.html", context)


@login_required
def criterion_remove(request, activity_id, criterion_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    criterion = _criterion(activity, criterion_id)
    if request.method == "POST":
        title = criterion.title
        return post_action(
            request,
            lambda: assignments.criterion_remove(actor=request.user, criterion=criterion),
            success=_("Criterion removed: %(title)s") % {"title": title},
            redirect_to=_author_url(activity),
        )
    return render(request, "learning/assignment/criterion_remove.html", {"activity": activity, "criterion": criterion})


@login_required
@require_POST
def criterion_move(request, activity_id, criterion_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    criterion = _criterion(activity, criterion_id)
    return post_action(
        request,
        lambda: assignments.criterion_move(actor=request.user, criterion=criterion, up=request.POST.get("to") == "up"),
        success=_("Order changed."),
        redirect_to=_author_url(activity),
    )


# --- the learner's page -----------------------------------------------------------------------------------


def _learner_url(activity) -> str:
    return reverse("learning:assignment", args=[activity.pk])


@accepts_upload(UPLOAD_REQUEST_MAX)
@login_required
def assignment(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=KIND)
    enrolment = seat.enrolment
    if request.method == "POST" and not seat.learner:
        raise PermissionDenied  # trainers and staff see a preview
    now = timezone.now()
    dates = schedule.learner_dates(activity, activity.cycle, enrolment)
    criteria = selectors.rubric(activity)
    submissions = selectors.learner_submissions(activity, enrolment, criteria)
    latest = submissions[0] if submissions else None
    draft = latest if latest is not None and latest.status == SubmissionStatus.DRAFT else None
    form = SubmissionForm(
        request.POST or None, request.FILES or None, activity=activity,
        initial={"text": draft.text} if draft is not None else None,
    )  # fmt: skip
    if request.method == "POST":
        handing_in = request.POST.get("action") == "submit"
        service = assignments.submit if handing_in else assignments.draft_save
        response = form_action(
            request, form,
            lambda data: service(
                actor=request.user, activity=activity, enrolment=enrolment, text=data.get("text", ""),
                upload=data.get("file"), rights=data.get("rights") or "own",
            ),
            success=_("Your work is handed in.") if handing_in else _("Draft saved."),
            redirect_to=_learner_url(activity),
        )  # fmt: skip
        if response:
            return response
    reason = assignments.refusal(activity, dates, now)
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "course": activity.cycle.course,
        "seat": seat,
        "preview": not seat.learner,
        "instructions": show(activity.body),
        "dates": dates,
        "late_now": dates.is_late(now),
        "days_late_now": dates.days_late(now),
        "criteria": criteria,
        "summary": selectors.rubric_summary(activity, criteria),
        "submissions": submissions,
        "latest": latest,
        "draft": draft,
        "can_write": seat.learner and not reason and assignments.editable(latest),
        "reason": reason,
        "form": form,
    }
    return render(request, "learning/assignment/learner.html", context)


@login_required
@require_POST
def file_remove(request, activity_id, attachment_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=KIND)
    if not seat.learner:
        raise Http404
    return post_action(
        request,
        lambda: assignments.file_remove(
            actor=request.user, activity=activity, enrolment=seat.enrolment, attachment_id=attachment_id
        ),
        success=_("File removed from your draft."),
        redirect_to=_learner_url(activity),
    )


# --- grading ------------------------------------------------------------------------------------------------


@login_required
def queue(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=KIND)
    if not (seat.staff or seat.trainer):
        raise Http404
    page = paginate(selectors.queue(activity, request.user, staff=seat.staff), request.GET, per_page=QUEUE_PER_PAGE)
    selectors.with_files(page.items)
    context = {"activity": activity, "cycle": activity.cycle, "course": activity.cycle.course, "page": page,
               "staff": seat.staff}  # fmt: skip
    return render(request, "learning/assignment/queue.html", context)


@login_required
def grade(request, submission_id):
    row = selectors.submission_for_grading_or_404(request.user, submission_id)
    activity = row.activity
    criteria = selectors.rubric(activity)
    summary = selectors.rubric_summary(activity, criteria)
    form = GradeForm(
        request.POST or None, activity=activity, criteria=criteria, use_rubric=summary["matches"], submission=row
    )
    here = reverse("learning:assignment_grade", args=[row.pk])

    def decide(data):
        if data["decision"] == GradeForm.AGAIN:
            return assignments.ask_again(actor=request.user, submission=row, feedback=data["feedback"])
        return assignments.grade(
            actor=request.user, submission=row, feedback=data["feedback"], points=data.get("points"),
            rubric=form.rubric(),
        )  # fmt: skip

    def done(result) -> str:
        name = row.enrolment.user.display_name
        if result.status == SubmissionStatus.RESUBMIT:
            return _("A new submission is asked of %(name)s.") % {"name": name}
        return _("Graded: %(name)s, %(points)s points.") % {"name": name, "points": result.points}

    response = form_action(request, form, decide, success=done, redirect_to=here)
    if response:
        return response
    history = selectors.history(row, criteria)
    context = {
        "activity": activity,
        "submission": row,
        "learner": row.enrolment.user,
        "history": history,
        "newer": history[0] if history and history[0].number > row.number else None,
        "form": form,
        "summary": summary,
        "criteria": criteria,
        "queue_url": reverse("learning:assignment_queue", args=[activity.pk]),
    }
    return render(request, "learning/assignment/grade.html", context)
