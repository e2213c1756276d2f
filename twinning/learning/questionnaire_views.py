"""Questionnaires: the staff's authoring page (items added, changed, moved, removed; the end-of-course
evaluation as a start), the learner's page (answer once; a preview for trainers and staff) and the results
(whole cycle or per group, with the CSV of the responses)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.csv_export import csv_response
from twinning.core.errors import DomainError
from twinning.core.lookups import get_or_404
from twinning.core.richtext import show as show_rich

from . import policies, questionnaires
from . import questionnaire_selectors as selectors
from .models import ActivityKind, QuestionnaireItem
from .questionnaire_forms import AnswerForm, ItemForm
from .questionnaires import LIKERT
from .schedule import learner_dates

KIND = ActivityKind.QUESTIONNAIRE


def _author_url(activity) -> str:
    return reverse("learning:questionnaire_author", args=[activity.pk])


# --- authoring ----------------------------------------------------------------------------------------------


@login_required
def author(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    form = ItemForm(request.POST or None, initial={"mandatory": True})
    response = form_action(
        request,
        form,
        lambda data: questionnaires.item_add(actor=request.user, activity=activity, **data),
        success=_("Question added."),
        redirect_to=_author_url(activity),
    )
    if response:
        return response
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "items": selectors.items_of(activity),
        "locked": questionnaires.is_locked(activity),
        "form": form,
        "likert": LIKERT,
    }
    return render(request, "learning/questionnaire/author.html", context)


@login_required
@require_POST
def add_defaults(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    return post_action(
        request,
        lambda: questionnaires.add_default_items(actor=request.user, activity=activity),
        success=lambda items: (
            ngettext(
                "%(count)s question of the end-of-course evaluation added.",
                "%(count)s questions of the end-of-course evaluation added.",
                len(items),
            )
            % {"count": len(items)}
        ),
        redirect_to=_author_url(activity),
    )


def _item_or_404(request, activity_id, item_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind=KIND)
    item = get_or_404(QuestionnaireItem.objects.all(), pk=item_id, activity_id=activity.pk)
    item.activity = activity
    return activity, item


@login_required
def item_edit(request, activity_id, item_id):
    activity, item = _item_or_404(request, activity_id, item_id)
    form = ItemForm.for_item(item, request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: questionnaires.item_edit(actor=request.user, item=item, **data),
        success=_("Question saved."),
        redirect_to=_author_url(activity),
    )
    if response:
        return response
    context = {"activity": activity, "item": item, "form": form, "locked": questionnaires.is_locked(activity)}
    return render(request, "learning/questionnaire/item_form.html", context)


@login_required
def item_remove(request, activity_id, item_id):
    activity, item = _item_or_404(request, activity_id, item_id)
    if request.method == "POST":
        return post_action(
            request,
            lambda: questionnaires.item_remove(actor=request.user, item=item),
            success=_("Question removed."),
            redirect_to=_author_url(activity),
        )
    context = {"activity": activity, "item": item, "locked": questionnaires.is_locked(activity)}
    return render(request, "learning/questionnaire/item_remove.html", context)


@login_required
@require_POST
def item_move(request, activity_id, item_id):
    activity, item = _item_or_404(request, activity_id, item_id)
    return post_action(
        request,
        lambda: questionnaires.item_move(actor=request.user, item=item, up=request.POST.get("direction") == "up"),
        success=_("Order saved."),
        redirect_to=_author_url(activity) + f"#item-{item.pk}",
    )


# --- answering ----------------------------------------------------------------------------------------------


@login_required
def show(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=KIND)
    items = selectors.items_of(activity)
    enrolment = seat.enrolment
    dates = learner_dates(activity, activity.cycle, enrolment)
    now = timezone.now()
    answered = questionnaires.has_answered(enrolment, activity)
    can_answer = seat.learner and not answered and dates.is_open(now) and bool(items)
    form = AnswerForm(items, request.POST if request.method == "POST" else None, disabled=not can_answer)
    if request.method == "POST":
        if not seat.learner:
            raise Http404
        if not can_answer:
            messages.error(
                request,
                _("You have already answered this questionnaire.") if answered else _("This questionnaire is closed."),
            )
            return redirect(request.path)
        if form.is_valid():
            try:
                questionnaires.answer(user=request.user, activity=activity, data=form.cleaned_data)
            except DomainError as exc:
                named = getattr(exc, "field", None)
                form.add_error(named if named in form.fields else None, exc.message)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect(request.path)
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "seat": seat,
        "body": show_rich(activity.body),
        "form": form,
        "items": items,
        "answered": answered,
        "can_answer": can_answer,
        "dates": dates,
        "not_yet": dates.opens_at is not None and now < dates.opens_at,
        "closed": dates.closes_at is not None and now >= dates.closes_at,
        "results_url": reverse("learning:questionnaire_results", args=[activity.pk]) if not seat.learner else None,
        "author_url": _author_url(activity) if seat.staff else None,
    }
    return render(request, "learning/questionnaire/show.html", context)


# --- results ------------------------------------------------------------------------------------------------


def _results_scope(request, activity_id):
    """The activity, the groups the person sees and what they chose; 404 for learners, trainers without a
    group in the cycle, and a group they may not see."""
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=KIND)
    if seat.learner or not (seat.staff or seat.trainer):
        raise Http404
    groups = selectors.visible_groups(request.user, activity, staff=seat.staff)
    if not seat.staff and not groups:
        raise Http404
    chosen = None
    raw = request.GET.get("group", "")
    if raw:
        try:
            chosen = int(raw)
        except ValueError:
            raise Http404 from None
        if chosen not in {g.pk for g in groups}:
            raise Http404
    scope = selectors.scope(activity, groups, whole=seat.staff and chosen is None, chosen=chosen)
    return activity, seat, groups, chosen, scope


@login_required
def results(request, activity_id):
    activity, seat, groups, chosen, scope = _results_scope(request, activity_id)
    found = selectors.results(activity, scope, names=True)
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "seat": seat,
        "groups": groups,
        "chosen": chosen,
        "scope": scope,
        "results": found,
        "min_shown": selectors.MIN_SHOWN,
        "chart_width": selectors.CHART_WIDTH,
        "bar_height": selectors.BAR_HEIGHT,
        "label_width": 190,
    }
    return render(request, "learning/questionnaire/results.html", context)


@login_required
def export(request, activity_id):
    activity, seat, groups, chosen, scope = _results_scope(request, activity_id)
    back = reverse("learning:questionnaire_results", args=[activity.pk]) + (f"?group={chosen}" if chosen else "")
    if not scope.shown:
        messages.error(
            request,
            _("Fewer than %(count)s answers: they are not shown, to keep them anonymous.")
            % {"count": selectors.MIN_SHOWN},
        )
        return redirect(back)
    items = selectors.items_of(activity)
    names = {g.pk: g.number for g in groups}
    rows = selectors.export_rows(activity, scope, items, names=True, groups=names)
    named = not activity.anonymous
    header = ([_("Learner"), _("E-mail")] if named else []) + [_("Group"), _("Day")]
    header += [f"{index}. {item.text}" for index, item in enumerate(items, start=1)]
    questionnaires.record_export(
        actor=request.user, activity=activity, group_ids=None if scope.whole else scope.group_ids, rows=len(rows)
    )
    return csv_response(f"questionnaire-{activity.pk}.csv", header, rows)
