"""Events: the public list, an event's page (register, cancel, the link when allowed, the .ics download),
"My events" with the personal calendar address, the calendar feeds, and the staff's pages (events of their
country, create, edit, cancel, registrants and their CSV, attendance in bulk or from a report)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.csv_export import csv_streaming_response
from twinning.core.errors import DomainError
from twinning.core.paging import paginate
from twinning.core.richtext import show
from twinning.reference.models import Country

from . import attendance, forms, policies, selectors, services, times
from .models import Status

EVENTS_PER_PAGE = 20
PEOPLE_PER_PAGE = 50


def _with_when(events):
    for event in events:
        event.when = times.when(event)
    return events


def event_list(request):
    form = forms.EventsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(selectors.public_events(filters), request.GET, per_page=EVENTS_PER_PAGE)
    _with_when(page.items)
    context = {
        "form": form,
        "filtered": any(filters.get(k) for k in ("kind", "country")),
        "past": filters.get("when") == "past",
        "page": page,
        "can_manage": policies.is_events_staff(request.user),
    }
    return render(request, "events/list.html", context)


def event(request, event_id):
    event = policies.event_or_404(request.user, event_id)
    now = timezone.now()
    registration = selectors.registration_of(request.user, event)
    active = registration is not None and registration.status in (Status.REGISTERED, Status.WAITING)
    context = {
        "event": event,
        "when": times.when(event),
        "description": show(event.description),
        "registration": registration if active else None,
        "rank": selectors.waiting_rank(registration) if active and registration.status == Status.WAITING else None,
        "refusal": policies.refusal(request.user, event, now=now, registration=registration),
        "show_link": policies.may_see_link(request.user, event, registration, now=now),
        "link_opens": times.in_zone(policies.link_opens_at(event), event.time_zone),
        "started": now >= event.starts_at,
        "manage": policies.can_manage(request.user, event.country_id),
    }
    return render(request, "events/event.html", context)


@login_required
@require_POST
def register(request, event_id):
    event = policies.event_or_404(request.user, event_id)

    def message(registration) -> str:
        if registration.status == Status.WAITING:
            return _("The event is full: you are on its waiting list. We will tell you when a place is yours.")
        return _("You are registered.")

    return post_action(
        request,
        lambda: services.register(event=event, user=request.user),
        success=message,
        redirect_to=reverse("events:event", args=[event.pk]),
    )


@login_required
@require_POST
def cancel(request, registration_id):
    registration = policies.own_registration_or_404(request.user, registration_id)
    back = (
        reverse("events:mine")
        if request.POST.get("from") == "mine"
        else reverse("events:event", args=[registration.event_id])
    )
    return post_action(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=registration),
        success=_("Your registration is cancelled."),
        redirect_to=back,
    )


@login_required
def mine(request):
    lists = selectors.my_registrations(request.user)
    for rows in lists.values():
        for registration in rows:
            registration.when = times.when(registration.event)
    token = services.feed_token(user=request.user)
    feed_url = request.build_absolute_uri(reverse("events:feed_user", args=[token]))
    return render(request, "events/mine.html", {**lists, "feed_url": feed_url})


@login_required
@require_POST
def feed_regenerate(request):
    services.feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar address is new: the old one no longer works."))
    return redirect("events:mine")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def feed_user(request, token):
    user = selectors.feed_user(token)
    if user is None:
        raise Http404
    entries = []
    for registration in selectors.feed_registrations(user):
        event = registration.event
        url = request.build_absolute_uri(reverse("events:event", args=[event.pk]))
        link = event.link if registration.status == Status.REGISTERED and not event.cancelled_at else ""
        entries.append((event, url, link))
    return _ics(times.calendar(entries, name=_("My eTwinning events")), "my-events.ics")


def feed_country(request, code):
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404
    entries = [
        (event, request.build_absolute_uri(reverse("events:event", args=[event.pk])), "")
        for event in selectors.country_feed_events(country.pk)
    ]
    name = _("eTwinning events: %(country)s") % {"country": country.name}
    return _ics(times.calendar(entries, name=name), f"events-{country.code.lower()}.ics")


def event_ics(request, event_id):
    event = policies.event_or_404(request.user, event_id)
    registration = selectors.registration_of(request.user, event)
    registered = registration is not None and registration.status == Status.REGISTERED
    link = event.link if (registered or policies.can_manage(request.user, event.country_id)) else ""
    link = "" if event.cancelled_at else link
    url = request.build_absolute_uri(reverse("events:event", args=[event.pk]))
    response = _ics(times.calendar([(event, url, link)]), f"event-{event.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


# --- staff -------------------------------------------------------------------------------------------------


def _staff_only(request) -> None:
    if not policies.is_events_staff(request.user):
        raise PermissionDenied


@login_required
def staff_list(request):
    _staff_only(request)
    past = request.GET.get("when") == "past"
    events = selectors.staff_events(policies.managed_country_ids(request.user), when="past" if past else "")
    page = paginate(events, request.GET, per_page=EVENTS_PER_PAGE)
    _with_when(page.items)
    return render(request, "events/staff/list.html", {"page": page, "past": past})


def _likely_zones(request) -> list[str]:
    ids = policies.managed_country_ids(request.user)
    codes = Country.objects.filter(pk__in=ids).values_list("code", flat=True) if ids else []
    return [times.zone_for_country(code) for code in codes]


@login_required
def event_new(request):
    _staff_only(request)
    ids = policies.managed_country_ids(request.user)
    zones = _likely_zones(request)
    initial = {"time_zone": zones[0] if zones else times.zone_for_country("")}
    if ids and len(ids) == 1:
        initial["country"] = next(iter(ids))
    form = forms.EventForm(request.POST or None, initial=initial, country_ids=ids, likely_zones=zones)
    response = form_action(
        request,
        form,
        lambda data: services.event_create(actor=request.user, **data),
        success=_("The event is saved."),
        redirect_to=lambda event: reverse("events:staff_event", args=[event.pk]),
    )
    return response or render(request, "events/staff/form.html", {"form": form, "event": None})


@login_required
def event_edit(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    initial = {name: getattr(event, name) for name in forms.EventForm.base_fields if name != "country"}
    for name in forms.TIMES:
        if initial.get(name) is not None:
            initial[name] = times.in_zone(initial[name], event.time_zone).replace(tzinfo=None)
    form = forms.EventForm(request.POST or None, initial=initial, with_country=False, likely_zones=[event.time_zone])
    response = form_action(
        request,
        form,
        lambda data: services.event_edit(actor=request.user, event=event, **data),
        success=_("The event is saved."),
        redirect_to=reverse("events:staff_event", args=[event.pk]),
    )
    return response or render(request, "events/staff/form.html", {"form": form, "event": event})


@login_required
def event_cancel(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    form = forms.CancelForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.event_cancel(actor=request.user, event=event, reason=data.get("reason") or ""),
        success=_("The event is cancelled and its registrants are told."),
        redirect_to=reverse("events:staff_event", args=[event.pk]),
    )
    return response or render(request, "events/staff/cancel.html", {"form": form, "event": event})


@login_required
def staff_event(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    showing = Status.WAITING if request.GET.get("list") == "waiting" else Status.REGISTERED
    page = paginate(selectors.registrants(event, showing), request.GET, per_page=PEOPLE_PER_PAGE)
    for index, registration in enumerate(page.items, start=(page.number - 1) * PEOPLE_PER_PAGE + 1):
        registration.rank = index
    context = {
        "event": event,
        "when": times.when(event),
        "page": page,
        "showing": showing,
        "started": timezone.now() >= event.starts_at,
    }
    return render(request, "events/staff/event.html", context)


@login_required
def registrants_csv(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Country"),
        _("Status"),
        _("Place on the waiting list"),
        _("Registered at"),
        _("Attended"),
        _("Minutes"),
    ]
    return csv_streaming_response(f"event-{event.pk}-registrants.csv", header, selectors.export_rows(event))


@login_required
@require_POST
def staff_cancel_registration(request, registration_id):
    _staff_only(request)
    registration = policies.managed_registration_or_404(request.user, registration_id)
    back = reverse("events:staff_event", args=[registration.event_id])
    if registration.status == Status.WAITING:
        back += "?list=waiting"
    return post_action(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=registration),
        success=_("The registration of %(name)s is cancelled.") % {"name": registration.user.display_name},
        redirect_to=back,
    )


@login_required
def attendance_page(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    rows = selectors.attendance_list(event)
    error = ""
    if request.method == "POST":
        present = request.POST.getlist("present")
        try:
            ids = [int(value) for value in present]
            result = services.attendance_record(actor=request.user, event=event, present_ids=ids)
        except ValueError:
            error = _("The list sent is not valid: reload the page and try again.")
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Attendance saved: %(n)s present.") % {"n": result["present"]})
            return redirect("events:attendance", event.pk)
        ticked = set(present)
        for row in rows:
            row.attended = str(row.pk) in ticked  # the ticks sent stay ticked
    context = {"event": event, "when": times.when(event), "rows": rows, "error": error,
               "all_present": request.method == "GET" and request.GET.get("all") == "1"}  # fmt: skip
    return render(request, "events/staff/attendance.html", context, status=400 if error else 200)


@login_required
def attendance_import(request, event_id):
    _staff_only(request)
    event = policies.managed_event_or_404(request.user, event_id)
    form = forms.ReportForm()
    context: dict = {"event": event, "form": form, "preview": None, "error": ""}
    if request.method == "POST" and request.POST.get("apply"):
        minutes = attendance.unsign(event, request.POST.get("payload", ""))
        if minutes is None:
            context["error"] = _("This preview has expired or is not valid: upload the report again.")
        else:
            try:
                result = services.attendance_import(actor=request.user, event=event, minutes_by_registration=minutes)
            except DomainError as exc:
                context["error"] = exc.message
            else:
                messages.success(
                    request,
                    _("Attendance report applied: %(n)s present, %(changed)s changed.")
                    % {"n": result["present"], "changed": result["changed"]},
                )
                return redirect("events:attendance", event.pk)
    elif request.method == "POST":
        form = forms.ReportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                preview = attendance.preview(event, form.cleaned_data["report"].read(attendance.MAX_BYTES + 1))
            except attendance.ReportError as exc:
                form.add_error("report", str(exc))
            else:
                context["preview"] = preview
                context["payload"] = attendance.sign(event, preview.minutes_by_registration)
    status = 400 if context["error"] or (request.method == "POST" and form.errors) else 200
    return render(request, "events/staff/import.html", context, status=status)
