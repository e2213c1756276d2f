"""Who may do what with events: the NSO staff of an event's country (and CSS staff, for every country) run
it; a draft is seen by them only; a person sees and cancels only their own registrations; ``refusal`` says,
in the person's words, why they may not register (or nothing when they may); the joining link is shown to
registered people from a while before the start."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from twinning.accounts.policies import is_etwinner
from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil
from twinning.core.rules import rule
from twinning.staff.models import StaffRole
from twinning.staff.policies import (
    active_staff_roles,
    can_act_for_country,
    is_css_staff,
    is_support_staff,
    nso_country_ids,
)

from .models import Eligibility, Event, Registration, Status
from .times import in_zone


def can_manage(user: Any, country_id: int | None) -> bool:
    """NSO staff of the event's country and CSS staff."""
    return bool(
        getattr(user, "is_authenticated", False) and is_support_staff(user) and can_act_for_country(user, country_id)
    )


def is_events_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (is_css_staff(user) or bool(nso_country_ids(user)))


def managed_country_ids(user: Any) -> set[int] | None:
    """The countries whose events the person runs (``None``: every country)."""
    return None if is_css_staff(user) else nso_country_ids(user)


def is_ambassador_of(user: Any, country_id: int) -> bool:
    return any(r.kind == StaffRole.Kind.AMBASSADOR and r.country_id == country_id for r in active_staff_roles(user))


def registration_open(event: Event, now) -> bool:
    opens = event.registration_opens_at
    closes = event.registration_closes_at or event.starts_at
    return (opens is None or opens <= now) and now < closes


def refusal(user: Any, event: Event, *, now, registration: Registration | None) -> str:
    """Why ``user`` may not register for ``event`` now, in their words; "" when they may."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to register.")
    if event.cancelled_at is not None:
        return _("This event is cancelled.")
    if registration is not None and registration.status == Status.REGISTERED:
        return _("You are registered for this event.")
    if registration is not None and registration.status == Status.WAITING:
        return _("You are on the waiting list of this event.")
    if not event.published:
        return _("This event is not published yet.")
    if now >= event.starts_at:
        return _("This event has started: registration is closed.")
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return _("Registration is not open yet: it opens on %(date)s.") % {
            "date": formats.date_format(in_zone(event.registration_opens_at, event.time_zone), "DATETIME_FORMAT")
        }
    if not registration_open(event, now):
        return _("Registration is closed.")
    if not user.is_active or is_pupil(user):
        return _("This account cannot register for events.")
    if event.eligibility == Eligibility.ETWINNERS and not is_etwinner(user):
        return _("Only eTwinners (validated by their National Support Organisation) may register for this event.")
    if event.eligibility == Eligibility.AMBASSADORS and not is_ambassador_of(user, event.country_id):
        return _("This training is for the eTwinning ambassadors of %(country)s only.") % {
            "country": event.country.name
        }
    return ""


def link_opens_at(event: Event):
    return event.starts_at - timedelta(minutes=rule("events.link_minutes_before"))


def may_see_link(user: Any, event: Event, registration: Registration | None, *, now) -> bool:
    """The joining link: for the event's staff always; for a registered person from a while before the start
    until the end; never for a cancelled event."""
    if not event.link or event.cancelled_at is not None:
        return False
    if can_manage(user, event.country_id):
        return True
    if registration is None or registration.status != Status.REGISTERED:
        return False
    return link_opens_at(event) <= now <= event.ends_at


def event_or_404(user: Any, event_id: Any) -> Event:
    """A published event, or a draft for the staff who run it."""
    event = get_or_404(Event.objects.select_related("country"), pk=event_id)
    if not event.published and not can_manage(user, event.country_id):
        raise Http404
    return event


def managed_event_or_404(user: Any, event_id: Any) -> Event:
    event = get_or_404(Event.objects.select_related("country"), pk=event_id)
    if not can_manage(user, event.country_id):
        raise Http404
    return event


def own_registration_or_404(user: Any, registration_id: Any) -> Registration:
    """The person's own registration; another person's answers 404 (as a missing one)."""
    return get_or_404(
        Registration.objects.select_related("event", "event__country").filter(user_id=user.pk), pk=registration_id
    )


def managed_registration_or_404(user: Any, registration_id: Any) -> Registration:
    registration = get_or_404(
        Registration.objects.select_related("event", "event__country", "user"), pk=registration_id
    )
    if not can_manage(user, registration.event.country_id):
        raise Http404
    return registration
