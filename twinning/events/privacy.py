"""A person's events in their data download, and their erasure: active registrations are cancelled first (so
their places go to the people waiting), then every registration and the calendar address are deleted; events
they created stay, without their name."""

from __future__ import annotations

from twinning.core import privacy as core_privacy

from .models import CalendarFeed, Event, Registration, Status


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_events(user) -> list[dict]:
    rows = Registration.objects.filter(user=user).select_related("event").order_by("registered_at", "pk")
    return [
        {
            "event": r.event.title,
            "starts_at": _iso(r.event.starts_at),
            "status": r.status,
            "registered_at": _iso(r.registered_at),
            "promoted_at": _iso(r.promoted_at),
            "cancelled_at": _iso(r.cancelled_at),
            "attended": r.attended,
            "minutes": r.minutes,
        }
        for r in rows
    ]


def erase_events(user) -> None:
    from . import services

    for registration in Registration.objects.filter(user=user, status__in=(Status.REGISTERED, Status.WAITING)):
        services.registration_cancel(actor=user, registration=registration)
    Registration.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Event.objects.filter(created_by=user).update(created_by=None)


core_privacy.register_exporter("events", export_events, position=90)
core_privacy.register_eraser("events", erase_events)
