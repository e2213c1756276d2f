"""Professional development: the public catalogue of courses, a course's page (its next cycle, the enrol
button or the reason there is none), "My learning", and the staff's pages (courses, cycles, copying a
cycle, a cycle's enrolment list and its CSV export)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
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
        lambda: services.enrol(cycle=cycle, user=request.user, key=request.POST.get("key", "")[:100]),
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


# --- volunteer trainers ----------------------------------------------------------------------------------


@login_required
def trainer_apply(request):
    """The call for volunteer trainers: the form, or where the person's application stands."""
    application = selectors.latest_application(request.user)
    trainer = selectors.trainer_of(request.user)
    form = forms.TrainerApplicationForm(request.POST or None)
    if request.method == "POST" and not policies.can_apply_as_trainer(request.user):
        raise PermissionDenied
    response = form_action(
        request,
        form,
        lambda data: services.trainer_apply(actor=request.user, **data),
        success=_("Your application is sent: the National Support Organisation of your country will decide."),
        redirect_to=reverse("learning:trainer_apply"),
    )
    context = {
        "form": form,
        "application": application,
        "trainer": trainer,
        "may_apply": policies.can_apply_as_trainer(request.user),
    }
    return response or render(request, "learning/trainer_apply.html", context)


@login_required
def trainer_home(request):
    """A trainer's groups and the learners in each (their own groups, never another's)."""
    groups = selectors.with_members(selectors.trainer_groups(request.user))
    rooms = selectors.trainers_rooms(sorted({g.cycle_id for g in groups}))
    for group in groups:
        group.room = rooms.get(group.cycle_id)
    context = {"groups": groups, "trainer": selectors.trainer_of(request.user)}
    return render(request, "learning/trainer_home.html", context)


@login_required
def group(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    staff = policies.can_author(request.user, group.cycle.course.country_id)
    context = {
        "group": group,
        "cycle": group.cycle,
        "course": group.cycle.course,
        "learners": list(selectors.group_members([group])),
        "staff": staff,
        "move_form": forms.MoveForm() if staff else None,
        "trainer_form": forms.GroupTrainerForm() if staff else None,
    }
    return render(request, "learning/group.html", context)


@login_required
@require_POST
def group_trainer(request, group_id):
    """Staff give a group another trainer (by e-mail), or none."""
    _staff_only(request)
    group = policies.group_or_404(request.user, group_id)
    if not policies.can_author(request.user, group.cycle.course.country_id):
        raise Http404
    form = forms.GroupTrainerForm(request.POST)
    back = reverse("learning:group", args=[group.pk])
    if not form.is_valid():
        messages.error(request, _("Write the trainer's e-mail address, or leave it empty."))
        return redirect(back)
    email = form.cleaned_data["email"]
    trainer = selectors.trainer_by_email(group.cycle.course.country_id, email) if email else None
    if email and trainer is None:
        messages.error(request, _("No volunteer trainer of the course's country has this e-mail address."))
        return redirect(back)
    return post_action(
        request,
        lambda: services.group_trainer_set(actor=request.user, group=group, trainer=trainer),
        success=_("The group's trainer is changed."),
        redirect_to=back,
    )


@login_required
def group_export(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    header = [_("Last name"), _("First name"), _("E-mail"), _("School"), _("Status")]
    return csv_streaming_response(
        f"group-{group.cycle_id}-{group.number}.csv", header, selectors.group_export_rows(group)
    )


@login_required
def applications(request):
    _staff_only(request)
    page = paginate(
        selectors.applications_queue(policies.authorable_country_ids(request.user)), request.GET, per_page=20
    )
    return render(request, "learning/applications.html", {"page": page, "form": forms.DecisionForm()})


@login_required
@require_POST
def application_decide(request, application_id):
    _staff_only(request)
    application = policies.application_or_404(request.user, application_id)
    form = forms.DecisionForm(request.POST)
    back = reverse("learning:applications")
    if not form.is_valid():
        return post_action(request, lambda: _invalid(form), success=None, redirect_to=back)
    approve = form.cleaned_data["decision"] == "approve"
    return post_action(
        request,
        lambda: services.application_decide(
            actor=request.user, application=application, approve=approve, reason=form.cleaned_data["reason"]
        ),
        success=_("The applicant is now a volunteer trainer.") if approve else _("The application is refused."),
        redirect_to=back,
    )


def _invalid(form):
    raise services.LearningError(_("Choose approve or refuse."))


@login_required
def registry(request):
    _staff_only(request)
    showing = request.GET.get("show")
    active = {"active": True, "inactive": False}.get(showing or "active")
    page = paginate(
        selectors.registry(policies.authorable_country_ids(request.user), active=active), request.GET, per_page=50
    )
    return render(request, "learning/registry.html", {"page": page, "showing": showing or "active"})


@login_required
def trainer_detail(request, trainer_id):
    _staff_only(request)
    trainer = policies.trainer_or_404(request.user, trainer_id)
    context = {"trainer": trainer, "history": selectors.trainer_history(trainer)}
    return render(request, "learning/trainer_detail.html", context)


@login_required
@require_POST
def trainer_active(request, trainer_id):
    _staff_only(request)
    trainer = policies.trainer_or_404(request.user, trainer_id)
    active = request.POST.get("active") == "1"
    return post_action(
        request,
        lambda: services.trainer_set_active(actor=request.user, trainer=trainer, active=active),
        success=_("The registry is updated."),
        redirect_to=reverse("learning:trainer_detail", args=[trainer.pk]),
    )


@login_required
def cycle_groups(request, cycle_id):
    """A cycle's trainers and groups: assign a trainer, form the groups, open a group."""
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    form = forms.AssignTrainerForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.cycle_trainer_assign(
            actor=request.user,
            cycle=cycle,
            trainer=selectors.trainer_by_email(cycle.course.country_id, data["email"]),
        ),
        success=_("The trainer is assigned to the cycle."),
        redirect_to=reverse("learning:cycle_groups", args=[cycle.pk]),
        field="email",
    )
    context = {
        "cycle": cycle,
        "course": cycle.course,
        "form": form,
        "trainers": selectors.cycle_trainers(cycle),
        "groups": list(selectors.cycle_groups(cycle)),
        "unplaced": selectors.unplaced_count(cycle),
        "room": selectors.trainers_rooms([cycle.pk]).get(cycle.pk),
    }
    return response or render(request, "learning/cycle_groups.html", context)


@login_required
@require_POST
def groups_balance(request, cycle_id):
    _staff_only(request)
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)

    def message(result) -> str:
        return _("%(placed)s people placed; %(groups)s groups.") % result

    return post_action(
        request,
        lambda: services.groups_balance(cycle=cycle, actor=request.user),
        success=message,
        redirect_to=reverse("learning:cycle_groups", args=[cycle.pk]),
    )


@login_required
@require_POST
def member_move(request, enrolment_id):
    _staff_only(request)
    enrolment = policies.authored_enrolment_or_404(request.user, enrolment_id)
    form = forms.MoveForm(request.POST)
    target = None
    if form.is_valid():
        target = selectors.cycle_groups(enrolment.cycle).filter(number=form.cleaned_data["number"]).first()
    back = (
        reverse("learning:group", args=[enrolment.group_id])
        if enrolment.group_id
        else reverse("learning:cycle_groups", args=[enrolment.cycle_id])
    )
    return post_action(
        request,
        lambda: services.member_move(actor=request.user, enrolment=enrolment, group=target),
        success=_("The person is moved."),
        redirect_to=back,
    )
