"""Professional development: the public catalogue of courses, a course's page (its next cycle, the enrol
button or the reason there is none), "My learning", and the staff's pages (courses, cycles, copying a
cycle, a cycle's enrolment list and its CSV export)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.csv_export import csv_streaming_response
from twinning.core.paging import paginate
from twinning.core.richtext import show

from . import forms, policies, selectors, services
from .models import Status

COURSES_PER_PAGE = 20
PEOPLE_PER_PAGE = 25


def catalogue(request):
    form = forms.CatalogueForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    page = paginate(selectors.catalogue(filters, now=now), request.GET, per_page=COURSES_PER_PAGE)
    cycles = selectors.next_cycles(page.items, now=now)
    for course in page.items:
        course.next_cycle = cycles.get(course.pk)
        course.open_now = course.next_cycle is not None and course.next_cycle.is_open(now)
    context = {
        "form": form,
        "filtered": any(filters.values()),
        "page": page,
        "can_create": policies.can_create_course(request.user),
    }
    return render(request, "learning/catalogue.html", context)


def course(request, course_id):
    course = policies.course_or_404(request.user, course_id)
    now = timezone.now()
    cycle = selectors.next_cycle(course, now=now)
    enrolment = selectors.enrolment_in(request.user, cycle)
    refusal = ""
    if cycle is not None:
        completed = (
            cycle.not_if_completed and request.user.is_authenticated and services.has_completed(request.user, course.pk)
        )
        refusal = policies.refusal(request.user, cycle, now=now, enrolment=enrolment, completed=completed)
    context = {
        "course": course,
        "description": show(course.description),
        "cycle": cycle,
        "open_now": cycle is not None and cycle.is_open(now),
        "enrolment": enrolment,
        "rank": selectors.waiting_rank(enrolment) if enrolment and enrolment.status == Status.WAITING else None,
        "refusal": refusal,
        "author": policies.can_author(request.user, course.country_id),
    }
    return render(request, "learning/course.html", context)


@login_required
@require_POST
def enrol(request, cycle_id):
    cycle = policies.open_cycle_or_404(request.user, cycle_id)

    def message(enrolment) -> str:
        if enrolment.status == Status.WAITING:
            return _("The cycle is full: you are on its waiting list. We will tell you when a place is yours.")
        return _("You are enrolled.")

    return post_action(
        request,
        lambda: services.enrol(cycle=cycle, user=request.user),
        success=message,
        redirect_to=reverse("learning:course", args=[cycle.course_id]),
    )


@login_required
@require_POST
def withdraw(request, enrolment_id):
    enrolment = policies.own_enrolment_or_404(request.user, enrolment_id)
    return post_action(
        request,
        lambda: services.withdraw(actor=request.user, enrolment=enrolment),
        success=_("You have withdrawn."),
        redirect_to=reverse("learning:mine"),
    )


@login_required
def mine(request):
    return render(request, "learning/mine.html", {"enrolments": selectors.my_enrolments(request.user)})


# --- staff -------------------------------------------------------------------------------------------------


def _staff_only(request) -> None:
    if not policies.can_create_course(request.user):
        raise PermissionDenied


@login_required
def staff_courses(request):
    _staff_only(request)
    page = paginate(selectors.staff_courses(policies.authorable_country_ids(request.user)), request.GET, per_page=50)
    return render(request, "learning/staff_courses.html", {"page": page})


@login_required
def course_new(request):
    _staff_only(request)
    form = forms.CourseForm(request.POST or None, country_ids=policies.authorable_country_ids(request.user))
    response = form_action(
        request,
        form,
        lambda data: services.course_create(actor=request.user, **data),
        success=_("The course is saved."),
        redirect_to=lambda course: reverse("learning:staff_course", args=[course.pk]),
    )
    return response or render(request, "learning/course_form.html", {"form": form, "course": None})


@login_required
def staff_course(request, course_id):
    _staff_only(request)
    course = policies.authored_course_or_404(request.user, course_id)
    return render(request, "learning/staff_course.html", {"course": course, "cycles": selectors.cycles_of(course)})


@login_required
def course_edit(request, course_id):
    _staff_only(request)
    course = policies.authored_course_or_404(request.user, course_id)
    initial = {name: getattr(course, name) for name in forms.CourseForm.base_fields if name != "country"}
    form = forms.CourseForm(request.POST or None, initial=initial, with_country=False)
    response = form_action(
        request,
        form,
        lambda data: services.course_edit(actor=request.user, course=course, **data),
        success=_("The course is saved."),
        redirect_to=reverse("learning:staff_course", args=[course.pk]),
    )
    return response or render(request, "learning/course_form.html", {"form": form, "course": course})


@login_required
def cycle_new(request, course_id):
    _staff_only(request)
    course = policies.authored_course_or_404(request.user, course_id)
    form = forms.CycleForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.cycle_create(actor=request.user, course=course, **data),
        success=_("The cycle is saved."),
        redirect_to=reverse("learning:staff_course", args=[course.pk]),
    )
    return response or render(request, "learning/cycle_form.html", {"form": form, "course": course, "cycle": None})


@login_required
def cycle_edit(request, cycle_id):
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    initial = {name: getattr(cycle, name) for name in forms.CycleForm.base_fields}
    for name in ("enrolment_opens_at", "enrolment_closes_at"):
        initial[name] = timezone.localtime(initial[name])
    form = forms.CycleForm(request.POST or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.cycle_edit(actor=request.user, cycle=cycle, **data),
        success=_("The cycle is saved."),
        redirect_to=reverse("learning:staff_course", args=[cycle.course_id]),
    )
    context = {"form": form, "course": cycle.course, "cycle": cycle}
    return response or render(request, "learning/cycle_form.html", context)


@login_required
@require_POST
def cycle_copy(request, cycle_id):
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    return post_action(
        request,
        lambda: services.cycle_copy(actor=request.user, cycle=cycle),
        success=lambda copy: _("The cycle %(name)s is ready: check its dates.") % {"name": copy.name},
        redirect_to=lambda copy: (
            reverse("learning:cycle_edit", args=[copy.pk])
            if copy
            else reverse("learning:staff_course", args=[cycle.course_id])
        ),
    )


@login_required
def cycle_enrolments(request, cycle_id):
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    showing = Status.WAITING if request.GET.get("list") == "waiting" else Status.ENROLLED
    page = paginate(selectors.cycle_enrolments(cycle, showing), request.GET, per_page=PEOPLE_PER_PAGE)
    for index, enrolment in enumerate(page.items, start=(page.number - 1) * PEOPLE_PER_PAGE + 1):
        enrolment.rank = index  # the place on the waiting list
    context = {"cycle": cycle, "course": cycle.course, "page": page, "showing": showing}
    return render(request, "learning/cycle_enrolments.html", context)


@login_required
def cycle_export(request, cycle_id):
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Status"),
        _("Place on the waiting list"),
        _("Enrolled at"),
        _("Given a place at"),
        _("Completed at"),
    ]
    return csv_streaming_response(f"enrolments-{cycle.pk}.csv", header, selectors.export_rows(cycle))


def _staff_enrolment_action(request, enrolment_id, call, success):
    _staff_only(request)
    enrolment = policies.authored_enrolment_or_404(request.user, enrolment_id)
    back = reverse("learning:cycle_enrolments", args=[enrolment.cycle_id])
    if enrolment.status == Status.WAITING:
        back += "?list=waiting"
    return post_action(
        request, lambda: call(actor=request.user, enrolment=enrolment), success=success, redirect_to=back
    )


@login_required
@require_POST
def enrolment_complete(request, enrolment_id):
    return _staff_enrolment_action(request, enrolment_id, services.enrolment_complete, _("The completion is recorded."))


@login_required
@require_POST
def staff_withdraw(request, enrolment_id):
    return _staff_enrolment_action(request, enrolment_id, services.withdraw, _("The person is withdrawn."))
