"""Writes on events: authoring (staff of the event's country, audited), cancelling (registrants told),
registering (a place if one is free, else the waiting list, first come), cancelling a registration (the
first person waiting takes the freed place and is told), attendance (in bulk or from the meeting tool's
report; attended people get a certificate of attendance) and the reminders a day and an hour before.

Registering and cancelling lock the event's row (``select_for_update``) and move its counts with ``F()``
inside the transaction, so that parallel requests never give more places than the capacity.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import sanitize
from twinning.core.services import audit_record

from . import policies
from .certificate_sources import issue_certificates
from .models import TITLE_MAX, CalendarFeed, Eligibility, Event, Kind, Registration, Status
from .times import valid_zone

TIME_FIELDS = ("starts_at", "ends_at", "time_zone")


class EventError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _text(message, **params):
    """A notice's text, translated when it is shown (in the recipient's language), with its values."""
    return lazy(lambda: str(message) % params, str)()


def _code(event: Event) -> str:
    return event.country.code if event.country_id and event.country is not None else ""


def _url(event: Event):
    return reverse_lazy("events:event", args=[event.pk])


def _fields(data: dict) -> dict:
    title = " ".join((data.get("title") or "").split())
    if not title:
        raise EventError(_("Give the event a title."), field="title")
    if len(title) > TITLE_MAX:
        raise EventError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    if data.get("kind") not in Kind.values:
        raise EventError(_("Choose the kind of event."), field="kind")
    zone = data.get("time_zone") or ""
    if not valid_zone(zone):
        raise EventError(_("Choose a time zone from the list."), field="time_zone")
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise EventError(_("The event must end after it starts."), field="ends_at")
    if ends_at - starts_at > timedelta(days=14):
        raise EventError(_("An event lasts at most two weeks."), field="ends_at")
    online = bool(data.get("online"))
    address = " ".join((data.get("address") or "").split())[:300]
    if not online and not address:
        raise EventError(_("Give the address of the event, or mark it as online."), field="address")
    link = (data.get("link") or "").strip()
    if link and not link.startswith("https://"):
        raise EventError(_("The joining link must be an https address."), field="link")
    hours = Decimal(data.get("hours") or 0)
    if not Decimal(0) <= hours <= Decimal(1000):
        raise EventError(_("Give the hours as a number from 0 to 1,000."), field="hours")
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise EventError(_("Give at least one place, or leave it empty for no limit."), field="capacity")
    eligibility = data.get("eligibility") or Eligibility.ANYONE
    if data["kind"] == Kind.AMBASSADOR_TRAINING:
        eligibility = Eligibility.AMBASSADORS  # an ambassador training is for ambassadors, whatever was chosen
    if eligibility not in Eligibility.values:
        raise EventError(_("Choose who may register."), field="eligibility")
    opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise EventError(_("Registration must close after it opens."), field="registration_closes_at")
    if closes and closes > starts_at:
        raise EventError(_("Registration must close by the start of the event."), field="registration_closes_at")
    min_minutes = data.get("min_minutes") or 0
    if not 0 <= min_minutes <= 24 * 60 * 14:
        raise EventError(_("Give the minimum minutes as a number from 0 upwards."), field="min_minutes")
    return {
        "title": title,
        "kind": data["kind"],
        "description": sanitize(data.get("description") or ""),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": zone,
        "online": online,
        "address": address,
        "link": link,
        "hours": hours,
        "capacity": capacity,
        "eligibility": eligibility,
        "registration_opens_at": opens,
        "registration_closes_at": closes,
        "min_minutes": min_minutes,
        "published": bool(data.get("published")),
    }


@transaction.atomic
def event_create(*, actor: Any, country, **data) -> Event:
    """A new event of ``country``: its NSO staff or CSS staff."""
    if not policies.is_events_staff(actor):
        raise NotAllowed(_("Only NSO and CSS staff can create events."))
    if country is None or not policies.can_manage(actor, country.pk):
        raise EventError(_("You can create events for your own country only."), field="country")
    event = Event.objects.create(country=country, created_by=actor, **_fields(data))
    audit_record(actor=actor, action="events.created", target=event, country_code=_code(event))
    return event


@transaction.atomic
def event_edit(*, actor: Any, event: Event, **data) -> Event:
    """Change an event. A new time tells the registrants (and their reminders are sent again); more places
    promote as many people waiting."""
    if not policies.can_manage(actor, event.country_id):
        raise NotAllowed(_("Only the staff of the event's country can change it."))
    fields = _fields(data)
    locked = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    if locked.cancelled_at is not None:
        raise EventError(_("This event is cancelled: it cannot be changed."))
    if fields["capacity"] is not None and fields["capacity"] < locked.registered_count:
        raise EventError(
            _("%(n)s people are registered: the places cannot be fewer.") % {"n": locked.registered_count},
            field="capacity",
        )
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    moved = any(name in changed for name in ("starts_at", "ends_at"))  # the zone alone does not move the event
    for name in changed:
        setattr(locked, name, fields[name])
    if moved:
        locked.sequence += 1
        changed.append("sequence")
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action="events.changed", target=locked, country_code=_code(locked),
            data={"fields": [c for c in changed if c != "sequence"]},
        )  # fmt: skip
    if moved:
        Registration.objects.filter(event=locked).update(reminded_day_at=None, reminded_hour_at=None)
        _tell_all(locked, cancelled=False)
    _fill(locked, actor=actor)
    return locked


@transaction.atomic
def event_cancel(*, actor: Any, event: Event, reason: str = "") -> Event:
    """Cancel an event: it stays listed as cancelled, every registrant (and person waiting) is told."""
    if not policies.can_manage(actor, event.country_id):
        raise NotAllowed(_("Only the staff of the event's country can cancel it."))
    locked = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    if locked.cancelled_at is not None:
        raise EventError(_("This event is already cancelled."))
    locked.cancelled_at, locked.cancel_reason = timezone.now(), " ".join(reason.split())[:500]
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "cancel_reason", "sequence", "updated_at"])
    audit_record(
        actor=actor, action="events.cancelled", target=locked, country_code=_code(locked), reason=locked.cancel_reason
    )
    _tell_all(locked, cancelled=True)
    return locked


def _tell_all(event: Event, *, cancelled: bool) -> None:
    if not event.published:
        return
    people = [
        r.user
        for r in Registration.objects.filter(event=event, status__in=(Status.REGISTERED, Status.WAITING))
        .select_related("user")
        .order_by("pk")
    ]
    transaction.on_commit(partial(_send_changed, event, people, cancelled))


def _send_changed(event: Event, people: list, cancelled: bool) -> None:
    from .times import when

    moment = when(event)
    for person in people:
        if cancelled:
            title = _text(gettext_lazy("Event cancelled: %(title)s"), title=event.title)
            body = _text(gettext_lazy("The event of %(date)s is cancelled. %(reason)s"),
                         date=moment["start"].strftime("%d/%m/%Y %H:%M"), reason=event.cancel_reason)  # fmt: skip
        else:
            title = _text(gettext_lazy("New time for the event: %(title)s"), title=event.title)
            body = _text(
                gettext_lazy("The event now starts on %(date)s (%(zone)s)."),
                date=moment["start"].strftime("%d/%m/%Y %H:%M"),
                zone=event.time_zone,
            )
        notify(recipient=person, kind="events.changed", title=title, body=body, url=_url(event))


# --- registration ------------------------------------------------------------------------------------------


@transaction.atomic
def register(*, event: Event, user: Any) -> Registration:
    """Register ``user``: a place if one is free, else the end of the waiting list. Refused (nothing written)
    when the person may not register (``policies.refusal``)."""
    locked = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    now = timezone.now()
    existing = None
    if getattr(user, "is_authenticated", False):
        existing = Registration.objects.filter(event=locked, user_id=user.pk).first()
    reason = policies.refusal(user, locked, now=now, registration=existing)
    if reason:
        raise EventError(reason)
    row = existing or Registration(event=locked, user=user)
    row.registered_at, row.cancelled_at, row.promoted_at = now, None, None
    row.attended, row.minutes, row.attendance_at = False, None, None
    row.reminded_day_at = row.reminded_hour_at = None
    if locked.capacity is None or locked.registered_count < locked.capacity:
        row.status, row.position = Status.REGISTERED, None
        _bump(locked, registered=1)
    else:
        row.status, row.position = Status.WAITING, _last_position(locked) + 1
        _bump(locked, waiting=1)
    row.save()
    transaction.on_commit(partial(_tell_registered, row, locked))
    return row


def _tell_registered(row: Registration, event: Event) -> None:
    if row.status == Status.WAITING:
        title = _text(gettext_lazy("On the waiting list: %(title)s"), title=event.title)
        body = gettext_lazy("The event is full: you are on its waiting list. We will tell you when a place is yours.")
    else:
        title = _text(gettext_lazy("Registered: %(title)s"), title=event.title)
        body = gettext_lazy("Your place is kept. The joining link appears on the event's page before the start.")
    notify(recipient=row.user, kind="events.registered", title=title, body=body, url=_url(event))


def _last_position(event: Event) -> int:
    last = (
        Registration.objects.filter(event=event, status=Status.WAITING)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return last or 0


def _bump(event: Event, *, registered: int = 0, waiting: int = 0) -> None:
    """Move the event's counts (under its row lock): one ``UPDATE``, never a recount."""
    if not registered and not waiting:
        return
    Event.objects.filter(pk=event.pk).update(
        registered_count=F("registered_count") + registered, waiting_count=F("waiting_count") + waiting
    )
    event.registered_count += registered
    event.waiting_count += waiting


def _fill(event: Event, *, actor: Any) -> list[Registration]:
    """Give the free places of ``event`` (locked) to the first people waiting, before it starts; tell each."""
    if event.cancelled_at is not None or timezone.now() >= event.starts_at:
        return []
    free = None if event.capacity is None else max(0, event.capacity - event.registered_count)
    waiting = (
        Registration.objects.filter(event=event, status=Status.WAITING)
        .select_related("user")
        .order_by("position", "id")
    )
    chosen = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for row in chosen:
        row.status, row.position, row.promoted_at = Status.REGISTERED, None, now
        row.save(update_fields=["status", "position", "promoted_at"])
        audit_record(
            actor=actor, action="events.promoted", target=row, country_code=_code(event), data={"user": row.user_id}
        )
        transaction.on_commit(partial(_tell_promoted, row, event))
    _bump(event, registered=len(chosen), waiting=-len(chosen))
    return chosen


def _tell_promoted(row: Registration, event: Event) -> None:
    notify(
        recipient=row.user,
        kind="events.promoted",
        title=_text(gettext_lazy("A place is yours: %(title)s"), title=event.title),
        body=gettext_lazy("A place freed at the event and you are now registered."),
        url=_url(event),
    )


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration (or leave the waiting list): the person themselves, or the staff of the event's
    country (audited). A freed place goes to the first person waiting, and to no one else."""
    locked = Event.objects.select_for_update().select_related("country").get(pk=registration.event_id)
    row = Registration.objects.select_for_update().get(pk=registration.pk)
    own = row.user_id == getattr(actor, "pk", None)
    if actor is not None and not own and not policies.can_manage(actor, locked.country_id):
        raise NotAllowed(_("You can cancel only your own registrations."))
    if row.status not in (Status.REGISTERED, Status.WAITING):
        raise EventError(_("This registration is already cancelled."))
    was_waiting = row.status == Status.WAITING
    row.status, row.position, row.cancelled_at = Status.CANCELLED, None, timezone.now()
    row.save(update_fields=["status", "position", "cancelled_at"])
    _bump(locked, registered=0 if was_waiting else -1, waiting=-1 if was_waiting else 0)
    if actor is not None and not own:
        audit_record(
            actor=actor, action="events.registration_cancelled", target=row, country_code=_code(locked),
            data={"user": row.user_id},
        )  # fmt: skip
    _fill(locked, actor=actor)
    return row


# --- attendance --------------------------------------------------------------------------------------------


def _attendance_allowed(actor: Any, event: Event) -> None:
    if not policies.can_manage(actor, event.country_id):
        raise NotAllowed(_("Only the staff of the event's country can record attendance."))
    if event.cancelled_at is not None:
        raise EventError(_("This event is cancelled: there is no attendance to record."))
    if timezone.now() < event.starts_at:
        raise EventError(_("Attendance can be recorded once the event has started."))


@transaction.atomic
def attendance_record(*, actor: Any, event: Event, present_ids) -> dict:
    """Record who of the registered people attended (``present_ids``: registration ids; everyone else
    registered is marked absent). One transaction, audited; those present get a certificate of attendance.
    Marking someone absent again does not revoke a certificate already issued (staff revoke it in the
    certificates app)."""
    locked = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    _attendance_allowed(actor, locked)
    present = {int(i) for i in present_ids}
    rows = Registration.objects.filter(event=locked, status=Status.REGISTERED)
    ids = set(rows.values_list("pk", flat=True))
    unknown = present - ids
    if unknown:
        raise EventError(_("Some of the people ticked are not registered for this event."))
    now = timezone.now()
    newly = list(rows.filter(pk__in=present, attended=False).values_list("pk", flat=True))
    rows.filter(pk__in=present, attended=False).update(attended=True, attendance_at=now)
    absent = rows.exclude(pk__in=present).filter(attended=True).update(attended=False, attendance_at=now)
    audit_record(
        actor=actor, action="events.attendance_recorded", target=locked, country_code=_code(locked),
        data={"present": len(present), "newly_present": len(newly), "marked_absent": absent},
    )  # fmt: skip
    issue_certificates(sorted(present))
    return {"present": len(present), "newly_present": len(newly), "marked_absent": absent}


@transaction.atomic
def attendance_import(*, actor: Any, event: Event, minutes_by_registration: dict[int, int]) -> dict:
    """Apply a meeting tool's attendance report (matched beforehand by ``attendance.preview``): each
    registered person with at least the event's minimum minutes is marked present with their minutes.
    Idempotent: applying the same report again changes nothing. Nobody is marked absent by a report."""
    locked = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    _attendance_allowed(actor, locked)
    wanted = {int(k): int(v) for k, v in minutes_by_registration.items() if int(v) >= locked.min_minutes}
    rows = list(Registration.objects.filter(event=locked, status=Status.REGISTERED, pk__in=list(wanted)))
    now = timezone.now()
    changed = []
    for row in rows:
        if row.attended and row.minutes == wanted[row.pk]:
            continue
        row.attended, row.minutes = True, wanted[row.pk]
        row.attendance_at = row.attendance_at or now
        changed.append(row)
    Registration.objects.bulk_update(changed, ["attended", "minutes", "attendance_at"])
    audit_record(
        actor=actor, action="events.attendance_imported", target=locked, country_code=_code(locked),
        data={"present": len(rows), "changed": len(changed)},
    )  # fmt: skip
    issue_certificates(sorted(r.pk for r in rows))
    return {"present": len(rows), "changed": len(changed)}


# --- reminders ---------------------------------------------------------------------------------------------

DAY, HOUR = timedelta(hours=24), timedelta(hours=1)


def send_reminders(*, now=None) -> int:
    """Remind the registered people of a published, live event a day before and an hour before its start,
    each once (the time is recorded on the registration before the notice is written, in one transaction).
    Someone who registers within the hour gets the hour's reminder only."""
    now = now or timezone.now()
    sent = 0
    due = (
        Registration.objects.filter(
            status=Status.REGISTERED,
            event__published=True,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + DAY,
        )
        .filter(Q(reminded_day_at__isnull=True) | Q(event__starts_at__lte=now + HOUR, reminded_hour_at__isnull=True))
        .select_related("event", "user")
        .order_by("event__starts_at", "pk")
    )
    for row in due:
        hour = row.event.starts_at <= now + HOUR
        if hour and row.reminded_hour_at is not None or not hour and row.reminded_day_at is not None:
            continue
        with transaction.atomic():
            claim = Registration.objects.filter(pk=row.pk, status=Status.REGISTERED)
            if hour:
                claimed = claim.filter(reminded_hour_at__isnull=True).update(
                    reminded_hour_at=now, reminded_day_at=F("reminded_day_at") if row.reminded_day_at else now
                )
            else:
                claimed = claim.filter(reminded_day_at__isnull=True).update(reminded_day_at=now)
            if not claimed:
                continue
            _remind(row, hour=hour)
            sent += 1
    return sent


def _remind(row: Registration, *, hour: bool) -> None:
    from .times import when

    event = row.event
    moment = when(event)
    title = (
        _text(gettext_lazy("In an hour: %(title)s"), title=event.title)
        if hour
        else _text(gettext_lazy("Tomorrow: %(title)s"), title=event.title)
    )
    body = _text(
        gettext_lazy("The event starts on %(date)s (%(zone)s). The joining link is on its page."),
        date=moment["start"].strftime("%d/%m/%Y %H:%M"),
        zone=event.time_zone,
    )
    notify(recipient=row.user, kind="events.reminder", title=title, body=body, url=_url(event))


# --- calendar feeds ----------------------------------------------------------------------------------------


def _token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_token(*, user: Any) -> str:
    """The person's secret calendar address token (made the first time)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _token()})
    return feed.token


@transaction.atomic
def feed_regenerate(*, user: Any) -> str:
    """A new token: the old address stops working at once."""
    token = _token()
    CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    return token
