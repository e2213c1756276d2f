"""Meetings' helpers with no writes: time zones (a country's, a viewer's), the video room's address from the
service an NSO configures, and the iCalendar (RFC 5545/5546) of a meeting.

No video server is built here: a meeting's link is a room on an outside service (Jitsi, BigBlueButton…)
made from the template of the organiser's country (``VideoService``), else the platform's, else Jitsi.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from twinning.core.timezones import COUNTRY_ZONES, FALLBACK_ZONE, valid_zone, zone_for_country, zone_names  # noqa: F401

DEFAULT_SERVICE_NAME = "Jitsi Meet"
DEFAULT_TEMPLATE = "https://meet.jit.si/{room}"
ROOM = "{room}"


# The time zone of each country taking part in eTwinning (the capital's), for a meeting's default and for
# showing times to a viewer; anything else falls back to the platform's zone.
def zone_of(user: Any) -> str:
    """The time zone a person's times are shown in: their country's (one query the first time per request)."""
    country = getattr(user, "country", None) if getattr(user, "country_id", None) else None
    return zone_for_country(getattr(country, "code", ""))


def zone_choices(likely: list[str]) -> list[tuple[str, str]]:
    """Every zone, the ``likely`` ones (the project's countries) first."""
    first = [z for z in dict.fromkeys(likely) if valid_zone(z)]
    rest = sorted(z for z in zone_names() if z not in first and "/" in z and not z.startswith(("Etc/", "SystemV")))
    return [(z, z.replace("_", " ")) for z in first + rest]


def local_parts(meeting: Any, zone: str) -> dict:
    """When a meeting starts, in a viewer's zone and in the meeting's own."""
    viewer = ZoneInfo(zone)
    own = ZoneInfo(meeting.time_zone)
    return {
        "start": meeting.starts_at.astimezone(viewer),
        "end": (meeting.starts_at + timedelta(minutes=meeting.duration_minutes)).astimezone(viewer),
        "zone": zone,
        "own_start": meeting.starts_at.astimezone(own),
        "own_zone": meeting.time_zone,
        "same_zone": viewer.utcoffset(meeting.starts_at.replace(tzinfo=None))
        == own.utcoffset(meeting.starts_at.replace(tzinfo=None))
        and zone == meeting.time_zone,
    }


# --- The video room ---------------------------------------------------------------------------------------


def https_address(value: str) -> bool:
    """An https address with a host, no spaces and no user name in it."""
    value = (value or "").strip()
    if not value or any(c.isspace() for c in value) or len(value) > 500:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and "@" not in parts.netloc


def valid_template(template: str) -> bool:
    """An https address holding ``{room}`` once (and no other braces)."""
    if (template or "").count(ROOM) != 1:
        return False
    rest = template.replace(ROOM, "")
    return "{" not in rest and "}" not in rest and https_address(template.replace(ROOM, "room"))


def new_room() -> str:
    """An unguessable room name (96 random bits, letters and digits only: every service takes it)."""
    return "etw" + secrets.token_hex(12)


def room_link(template: str) -> str:
    return template.replace(ROOM, new_room())


# --- iCalendar --------------------------------------------------------------------------------------------

PRODID = "-//eTwinning Twinning//TwinSpace meetings//EN"


def ics(meeting: Any, *, method: str, url: str, organiser: str = "", attendees: list[str] | None = None) -> bytes:
    """The meeting as an iCalendar object (bytes): ``PUBLISH`` for a download, ``REQUEST`` for an invitation
    or a change, ``CANCEL`` when it is cancelled. The UID stays, the SEQUENCE grows with each change. The
    organiser is named (``organiser``) with the platform's address: nobody's own e-mail goes in it."""
    from email.utils import parseaddr

    from icalendar import Calendar, Event, vCalAddress

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    zone = ZoneInfo(meeting.time_zone)
    start = meeting.starts_at.astimezone(zone)
    event.add("uid", f"{meeting.uid}@twinning")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    description = "\n\n".join(part for part in (meeting.agenda, meeting.link, url) if part)
    event.add("description", description)
    event.add("location", meeting.link)
    event.add("url", url)
    event.add("status", "CANCELLED" if method == "CANCEL" or meeting.cancelled_at else "CONFIRMED")
    if method != "PUBLISH":
        address = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        if organiser:
            address.params["CN"] = organiser
        event.add("organizer", address, encode=False)
    for email in attendees or []:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["RSVP"] = "FALSE"
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    around = timedelta(days=366)  # the zone's rules of the meeting's year only, not fifty years of them
    calendar.add_missing_timezones(first_date=start.date() - around, last_date=start.date() + around)
    return calendar.to_ical()
