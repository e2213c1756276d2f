"""Events for tests, made through the services by the NSO staff of the event's country."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.events import services
from twinning.events.models import Eligibility, Event, Kind


def etwinner(country, **kwargs):
    return teacher(country=country, status=ValidationStatus.VALIDATED, **kwargs)


def make_event(country, *, staff=None, title="Webinar: first steps", starts_in=timedelta(days=7),
               length=timedelta(hours=1), capacity=None, eligibility=Eligibility.ANYONE, kind=Kind.WEBINAR,
               published=True, **kwargs) -> Event:  # fmt: skip
    staff = staff or nso_staff(country)
    start = (timezone.now() + starts_in).replace(microsecond=0)
    fields = {
        "kind": kind,
        "title": title,
        "description": "<p>About it.</p>",
        "starts_at": start,
        "ends_at": start + length,
        "time_zone": "Europe/Athens",
        "online": True,
        "address": "",
        "link": "https://meet.example.org/room-1",
        "hours": Decimal("1.5"),
        "capacity": capacity,
        "eligibility": eligibility,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "min_minutes": 30,
        "published": published,
        **kwargs,
    }
    return services.event_create(actor=staff, country=country, **fields)


def move_to_past(event: Event, *, ago=timedelta(hours=2)) -> Event:
    """Written directly: an event that has taken place (the services refuse past dates for registration)."""
    length = event.ends_at - event.starts_at
    start = timezone.now() - ago
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + length)
    event.refresh_from_db()
    return event
