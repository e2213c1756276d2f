"""Gradebooks (a group's, for its trainer and the staff; a cycle's, for the staff), a learner's own progress,
exceptions for one learner, sign-off and trainer messages. Every page goes through a policy (``*_or_404``):
a trainer sees only the learners of their own group, a learner only themselves."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.csv_export import csv_response, csv_streaming_response
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate

from . import gradebook, policies, progress
from . import gradebook_forms as forms
from . import gradebook_selectors as selectors
from .models import Override

PER_PAGE = 25


def _url_maker(name: str):
    """``reverse`` once, then the id swapped in: 25 rows × 3 links cost no resolver work."""
    pattern = reverse(name, args=[999999999])
    head, tail = pattern.split("999999999")
    return lambda pk: f"{head}{pk}{tail}"


def _cells(cells: list[tuple[str, str]], memo: dict[tuple[str, str], str]) -> SafeString:
    """A row's cells as markup, each distinct cell escaped once: the page prints 25 × 30 cells, and a template
    loop over them was most of its time."""
    parts = []
    for cell in cells:
        html = memo.get(cell)
        if html is None:
            html = memo[cell] = format_html('<td class="gb-{}">{}</td>', cell[0], cell[1])
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html


@login_required
def group_gradebook(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    book = selectors.group_gradebook(group)
    exceptions, sign_off, message = (
        _url_maker("learning:exceptions"),
        _url_maker("learning:sign_off"),
        _url_maker("learning:group_message"),
    )
    message_base = message(group.pk)
    cell_html: dict[tuple[str, str], str] = {}
    for row in book.rows:
        row.cells_html = _cells(row.cells, cell_html)  # type: ignore[attr-defined]
        row.exceptions_url = exceptions(row.enrolment_id)
        row.sign_off_url = sign_off(row.enrolment_id)
        row.message_url = f"{message_base}?to={row.enrolment_id}"
    context = {
        "group": group,
        "cycle": group.cycle,
        "course": group.cycle.course,
        "book": book,
        "staff": policies.can_author(request.user, group.cycle.course.country_id),
    }
    return render(request, "learning/gradebook/group.html", context)


@login_required
def group_gradebook_csv(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    header, rows = selectors.group_csv(selectors.group_gradebook(group))
    return csv_response(f"gradebook-{group.cycle_id}-{group.number}.csv", header, rows)


@login_required
def cycle_gradebook(request, cycle_id):
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    form = forms.CycleFilterForm(request.GET or None, groups=selectors.cycle_group_choices(cycle))
    filters = selectors.filters_of(form)
    page = paginate(selectors.cycle_summary(cycle, filters), request.GET, per_page=PER_PAGE)
    selectors.decorate(page.items, cycle)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cycle": cycle,
        "course": cycle.course,
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "problem": form.is_bound and not form.is_valid(),
        "export_query": query.urlencode(),
    }
    return render(request, "learning/gradebook/cycle.html", context)


@login_required
def cycle_gradebook_csv(request, cycle_id):
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    form = forms.CycleFilterForm(request.GET or None, groups=selectors.cycle_group_choices(cycle))
    filters = selectors.filters_of(form)
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Group"),
        _("Required done"),
        _("Required in all"),
        _("Average (%)"),
        _("Status"),
        _("Started at"),
        _("Completed at"),
        _("Signed off at"),
    ]
    return csv_streaming_response(f"gradebook-{cycle.pk}.csv", header, selectors.cycle_export_rows(cycle, filters))


@login_required
def my_progress(request, cycle_id):
    """The learner's own progress; nobody else's (there is no learner id in the address at all)."""
    seat = policies.cycle_seat_or_404(request.user, cycle_id)
    if not seat.learner or seat.enrolment is None:
        raise Http404
    cycle, enrolment = seat.cycle, seat.enrolment
    course = cycle.course
    average = progress.average(enrolment)
    context = {
        "cycle": cycle,
        "course": course,
        "enrolment": enrolment,
        "lines": selectors.learner_progress(enrolment, cycle),
        "missing": progress.missing(enrolment, cycle),
        "average": selectors.percent_text(average),
        "below_minimum": course.min_grade_percent is not None
        and (average is None or average < course.min_grade_percent),
    }
    return render(request, "learning/gradebook/progress.html", context)


@login_required
def exceptions(request, enrolment_id):
    enrolment = policies.gradable_enrolment_or_404(request.user, enrolment_id)
    initial = {}
    chosen = request.GET.get("activity")
    if request.method != "POST" and chosen:
        current = Override.objects.filter(enrolment_id=enrolment.pk, activity_id=chosen if chosen.isdigit() else 0)
        for row in current[:1]:
            initial = {
                "activity": row.activity_id,
                "due_at": row.due_at,
                "closes_at": row.closes_at,
                "extra_minutes": row.extra_minutes,
                "extra_attempts": row.extra_attempts,
                "reason": row.reason,
            }
    form = forms.ExceptionForm(request.POST or None, initial=initial, cycle_id=enrolment.cycle_id)
    here = reverse("learning:exceptions", args=[enrolment.pk])
    response = form_action(
        request,
        form,
        lambda data: gradebook.exception_grant(actor=request.user, enrolment=enrolment, **data),
        success=lambda row: (
            _("Exception granted to %(name)s in %(activity)s.")
            % {"name": enrolment.user.display_name, "activity": row.activity.title}
        ),
        redirect_to=here,
    )
    context = {
        "enrolment": enrolment,
        "learner": enrolment.user,
        "cycle": enrolment.cycle,
        "course": enrolment.cycle.course,
        "form": form,
        "rows": selectors.exceptions_of(enrolment),
    }
    return response or render(request, "learning/gradebook/exceptions.html", context)


@login_required
@require_POST
def exception_remove(request, enrolment_id, override_id):
    enrolment = policies.gradable_enrolment_or_404(request.user, enrolment_id)
    override = get_or_404(Override.objects.select_related("activity"), pk=override_id, enrolment_id=enrolment.pk)
    return post_action(
        request,
        lambda: gradebook.exception_remove(actor=request.user, enrolment=enrolment, override=override),
        success=_("Exception removed: %(name)s, %(activity)s.")
        % {"name": enrolment.user.display_name, "activity": override.activity.title},
        redirect_to=reverse("learning:exceptions", args=[enrolment.pk]),
    )


@login_required
@require_POST
def sign_off(request, enrolment_id):
    enrolment = policies.gradable_enrolment_or_404(request.user, enrolment_id)
    form = forms.SignOffForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    back = (
        reverse("learning:group_gradebook", args=[enrolment.group_id])
        if enrolment.group_id
        else reverse("learning:cycle_gradebook", args=[enrolment.cycle_id])
    )
    return post_action(
        request,
        lambda: progress.sign_off(actor=request.user, enrolment=enrolment, reason=note),
        success=_("Signed off: %(name)s.") % {"name": enrolment.user.display_name},
        redirect_to=back,
    )


@login_required
def group_message(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    recipients = selectors.group_recipients(group)
    initial = {"to": request.GET.get("to", "all")}
    form = forms.MessageForm(request.POST or None, initial=initial, recipients=recipients)

    def send(data):
        return gradebook.trainer_message(
            actor=request.user,
            group=group,
            subject=data["subject"],
            text=data["text"],
            enrolment_ids=form.enrolment_ids(),
        )

    response = form_action(
        request,
        form,
        send,
        success=lambda n: (
            ngettext("Message sent to %(count)s learner.", "Message sent to %(count)s learners.", n) % {"count": n}
        ),
        redirect_to=reverse("learning:group_gradebook", args=[group.pk]),
    )
    context = {"group": group, "cycle": group.cycle, "course": group.cycle.course, "form": form}
    return response or render(request, "learning/gradebook/message.html", context)
