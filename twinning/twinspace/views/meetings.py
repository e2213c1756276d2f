"""Meetings of a TwinSpace: the list (times in the viewer's zone, the meeting's zone named), scheduling,
changing and cancelling one, its iCalendar; and the staff page where each NSO sets its country's video
service. Who may do what comes from ``policies`` (teachers schedule, teachers and staff read, pupils never)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.reference.models import Country
from twinning.staff import policies as staff_policies
from twinning.staff.decorators import staff_required

from .. import forms, meetings, policies, selectors, services
from ..models import Meeting, VideoService
from . import _open


def _meetings_open(request, project_id, *, schedule: bool = False):
    """The project, workspace and role of someone who may see (or, ``schedule``, arrange) its meetings: 404
    for those who may not see the workspace, 403 for those who see it but not its meetings."""
    project, workspace, role = _open(request, project_id)
    allowed = policies.may_schedule_meetings if schedule else policies.may_see_meetings
    if not allowed(role, project):
        raise PermissionDenied
    return project, workspace, role


def _with_times(items, zone: str) -> list[tuple[Meeting, dict]]:
    return [(meeting, meetings.local_parts(meeting, zone)) for meeting in items]


@login_for_visitors
def meeting_list(request, project_id):
    project, workspace, role = _meetings_open(request, project_id)
    zone = meetings.zone_of(request.user)
    context = {
        "project": project,
        "workspace": workspace,
        "zone": zone,
        "upcoming": _with_times(selectors.meetings_of(workspace, upcoming=True), zone),
        "past": _with_times(selectors.meetings_of(workspace, upcoming=False, limit=20), zone),
        "may_schedule": policies.may_schedule_meetings(role, project),
        "read_only": not policies.writable(project),
    }
    return render(request, "twinspace/meetings.html", context)


def _zone_choices(project, user) -> list[tuple[str, str]]:
    codes = [m.country.code for m in selectors.members(project) if m.country is not None]
    return meetings.zone_choices([meetings.zone_of(user), *(meetings.zone_for_country(c) for c in codes)])


@login_for_visitors
def meeting_edit(request, project_id, meeting_id=None):
    project, workspace, _role = _meetings_open(request, project_id, schedule=True)
    meeting = None
    if meeting_id is not None:
        meeting = get_or_404(Meeting.objects.filter(workspace=workspace, cancelled_at__isnull=True), pk=meeting_id)
        meeting.workspace = workspace
        local = meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))
        initial = {
            "title": meeting.title,
            "starts_on": local.date(),
            "starts_time": local.time(),
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "agenda": meeting.agenda,
            "link": meeting.link if meeting.own_link else "",
        }
    else:
        initial = {"time_zone": meetings.zone_of(request.user), "duration_minutes": 60}
    service, _template = selectors.video_service_for(getattr(request.user, "country_id", None))
    form = forms.MeetingForm(
        request.POST or None, initial=initial, zones=_zone_choices(project, request.user), service=service
    )

    def save(data):
        return services.meeting_save(
            actor=request.user,
            workspace=workspace,
            meeting=meeting,
            title=data["title"],
            agenda=data["agenda"],
            starts_local=form.starts_local(),
            time_zone=data["time_zone"],
            duration_minutes=data["duration_minutes"],
            link=data["link"],
        )

    response = form_action(
        request,
        form,
        save,
        success=_("The meeting is saved; the project's teachers get its invitation by e-mail."),
        redirect_to=reverse("twinspace:meetings", args=[project.pk]),
    )
    context = {"project": project, "workspace": workspace, "meeting": meeting, "form": form, "service": service}
    return response or render(request, "twinspace/meeting_form.html", context)


@login_for_visitors
@require_POST
def meeting_cancel(request, project_id, meeting_id):
    project, workspace, _role = _meetings_open(request, project_id, schedule=True)
    meeting = get_or_404(Meeting.objects.filter(workspace=workspace), pk=meeting_id)
    meeting.workspace = workspace
    return post_action(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        success=_("The meeting is cancelled; the project's teachers are told by e-mail."),
        redirect_to=reverse("twinspace:meetings", args=[project.pk]),
    )


@login_for_visitors
@require_GET
def meeting_ics(request, project_id, meeting_id):
    """The meeting for one's calendar (iCalendar, METHOD:PUBLISH)."""
    project, workspace, _role = _meetings_open(request, project_id)
    meeting = get_or_404(Meeting.objects.filter(workspace=workspace), pk=meeting_id)
    url = request.build_absolute_uri(reverse("twinspace:meetings", args=[project.pk]))
    response = HttpResponse(
        meetings.ics(meeting, method="PUBLISH", url=url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Staff: the video service of each country ---------------------------------------------------------------


@staff_required
def video_services(request):
    """The video service whose rooms the meetings of a country's teachers use: NSO staff for their countries,
    CSS staff for any and for the platform's default; each change is audited."""
    css = staff_policies.is_css_staff(request.user)
    countries = Country.objects.order_by("name_en")
    if not css:
        countries = countries.filter(pk__in=staff_policies.nso_country_ids(request.user))
    countries = list(countries)
    if not countries and not css:
        raise PermissionDenied
    wanted = request.GET.get("country") or request.POST.get("country") or ""
    country = next((c for c in countries if str(c.pk) == wanted), None)
    if country is None:
        if request.method == "POST" and (wanted or not css):
            raise PermissionDenied  # a change for a country outside one's scope is never applied elsewhere
        if not css:
            country = countries[0]
    row = VideoService.objects.filter(country=country).first()
    in_force = selectors.video_service_for(country.pk if country else None)
    back = reverse("twinspace:video_services") + (f"?country={country.pk}" if country else "")
    if request.method == "POST" and request.POST.get("action") == "clear":
        reason = (request.POST.get("reason") or "")[:500]
        return post_action(
            request,
            lambda: services.video_service_clear(actor=request.user, country=country, reason=reason),
            success=lambda cleared: _("The video service is back to the default.") if cleared else "",
            redirect_to=back,
        )
    initial = {"name": row.name, "url_template": row.url_template} if row else None
    form = forms.VideoServiceForm(request.POST or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.video_service_save(actor=request.user, country=country, **data),
        success=_("The video service is saved."),
        redirect_to=back,
    )
    if response:
        return response
    context = {
        "form": form,
        "countries": countries,
        "country": country,
        "css": css,
        "row": row,
        "in_force": in_force,
        "example": in_force[1].replace(meetings.ROOM, "etw3f9c…"),
        "default": (meetings.DEFAULT_SERVICE_NAME, meetings.DEFAULT_TEMPLATE),
    }
    return render(request, "twinspace/staff_video_services.html", context)
