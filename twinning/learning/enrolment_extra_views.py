"""Pages of enrolment keys (on the groups page), enrolling from a CSV file (upload, preview, apply) and
announcements (staff and the cycle's trainers write; the cycle's learners read). Every page goes through a
policy that answers 404 to anyone else (teachers and staff of another country included)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload

from . import enrolment_extra, policies
from .enrolment_extra_forms import AnnouncementForm, BulkEnrolForm, GroupKeyForm

ANNOUNCEMENTS_PER_PAGE = 20


@login_required
@require_POST
def group_key(request, group_id):
    group = policies.group_or_404(request.user, group_id)
    if not policies.can_author(request.user, group.cycle.course.country_id):
        raise Http404  # the group's trainer sees the group, but keys are the staff's
    form = GroupKeyForm(request.POST)
    back = reverse("learning:cycle_groups", args=[group.cycle_id])
    key = form.cleaned_data["key"] if form.is_valid() else None

    def action():
        if key is None:
            raise enrolment_extra.LearningError(form.errors.get("key", [_("Check the key.")])[0])
        return enrolment_extra.group_key_set(actor=request.user, group=group, key=key)

    def message(row) -> str:
        if row.enrolment_key:
            return _("Group %(n)s has a new enrolment key.") % {"n": row.number}
        return _("Group %(n)s has no enrolment key now.") % {"n": row.number}

    return post_action(request, action, success=message, redirect_to=back)


@login_required
@accepts_upload(enrolment_extra.CSV_MAX_BYTES + 256 * 1024)
def bulk_enrol(request, cycle_id):
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    form = BulkEnrolForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = enrolment_extra.bulk_enrol_check(
                actor=request.user, cycle=cycle, name=upload.name, content=upload.read()
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("learning:bulk_enrol_preview", import_id=checked.pk)
    context = {"cycle": cycle, "course": cycle.course, "form": form, "imports": enrolment_extra.imports_of(cycle)}
    return render(request, "learning/enrolment_extra/bulk_enrol.html", context)


def _applied(done) -> str:
    counts = {"enrolled": done.enrolled_count, "waiting": done.waiting_count, "already": done.already}
    return (
        _("Enrolled: %(enrolled)s with a place, %(waiting)s on the waiting list; %(already)s already in the cycle.")
        % counts
    )


@login_required
def bulk_enrol_preview(request, import_id):
    upload = enrolment_extra.import_or_404(request.user, import_id)
    if request.method == "POST":
        return post_action(
            request,
            lambda: enrolment_extra.bulk_enrol_apply(actor=request.user, upload=upload),
            success=_applied,
            redirect_to=reverse("learning:bulk_enrol_preview", args=[upload.pk]),
        )
    context = {"upload": upload, "cycle": upload.cycle, "course": upload.cycle.course, "to_enrol": len(upload.rows)}
    return render(request, "learning/enrolment_extra/bulk_enrol_preview.html", context)


@login_required
def announcements(request, cycle_id):
    cycle = enrolment_extra.announcing_cycle_or_404(request.user, cycle_id)
    form = AnnouncementForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: enrolment_extra.announcement_post(actor=request.user, cycle=cycle, **data),
        success=_("The announcement is posted: every learner of the cycle will get it."),
        redirect_to=reverse("learning:announcements", args=[cycle.pk]),
    )
    if response:
        return response
    page = paginate(enrolment_extra.announcements_of(cycle), request.GET, per_page=ANNOUNCEMENTS_PER_PAGE)
    context = {
        "cycle": cycle,
        "course": cycle.course,
        "form": form,
        "page": page,
        "staff": policies.can_author(request.user, cycle.course.country_id),
    }
    return render(request, "learning/enrolment_extra/announcements.html", context)


@login_required
def cycle_announcements(request, cycle_id):
    """The announcements of a cycle for its learners (and its trainers and staff)."""
    seat = policies.cycle_seat_or_404(request.user, cycle_id)
    page = paginate(enrolment_extra.announcements_of(seat.cycle), request.GET, per_page=ANNOUNCEMENTS_PER_PAGE)
    context = {"cycle": seat.cycle, "course": seat.cycle.course, "page": page, "seat": seat}
    return render(request, "learning/enrolment_extra/cycle_announcements.html", context)
