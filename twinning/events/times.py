"""Time zones and calendars of events, with no writes.

An event's times are stored in UTC with the IANA zone they were set in; pages show them in that zone with its
name ("18:00 (Athens time)"). The iCalendar (RFC 5545) of events: one event, a person's feed or a country's
feed, with a UID stable per event and the times with their TZID.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from twinning.core.timezones import COUNTRY_ZONES, valid_zone, zone_for_country, zone_names  # noqa: F401

# The default zone of an event of a country (its capital's); any other country falls back to the platform's.

# Names of the zones people meet most, in the interface's language; any other zone is shown by its IANA name.
ZONE_NAMES = {
    "Europe/Athens": _("Athens time"),
    "Asia/Nicosia": _("Cyprus time"),
    "Europe/Rome": _("Rome time"),
    "Europe/Paris": _("Paris time"),
    "Europe/Berlin": _("Berlin time"),
    "Europe/Brussels": _("Brussels time"),
    "Europe/Madrid": _("Madrid time"),
    "Europe/Lisbon": _("Lisbon time"),
    "Europe/Dublin": _("Dublin time"),
    "Europe/Warsaw": _("Warsaw time"),
    "Europe/Bucharest": _("Bucharest time"),
    "Europe/Sofia": _("Sofia time"),
    "Europe/Helsinki": _("Helsinki time"),
    "Europe/Istanbul": _("Istanbul time"),
    "UTC": _("Coordinated Universal Time (UTC)"),
}


def zone_label(zone: str) -> str:
    """The zone's name for people ("Athens time"), else its IANA name."""
    return str(ZONE_NAMES.get(zone, zone.replace("_", " ")))


def zone_choices(likely: list[str]) -> list[tuple[str, str]]:
    """Every zone, the ``likely`` ones and the named ones first."""
    first = [z for z in dict.fromkeys([*likely, *ZONE_NAMES]) if valid_zone(z)]
    rest = sorted(z for z in zone_names() if z not in first and "/" in z and not z.startswith(("Etc/", "SystemV")))
    return [(z, f"{zone_label(z)} ({z})" if z in ZONE_NAMES else z.replace("_", " ")) for z in first + rest]


def make_local(naive: datetime, zone: str) -> datetime:
    """A wall-clock time in ``zone`` as an aware datetime in UTC (summer time taken into account)."""
    aware = naive.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(ZoneInfo("UTC"))


def in_zone(value: datetime, zone: str) -> datetime:
    return value.astimezone(ZoneInfo(zone))


def when(event: Any) -> dict:
    """The event's start and end in its own zone, with the zone's names (for pages)."""
    return {
        "start": in_zone(event.starts_at, event.time_zone),
        "end": in_zone(event.ends_at, event.time_zone),
        "zone": event.time_zone,
        "zone_label": zone_label(event.time_zone),
    }


# --- iCalendar -----------------------------------------------------------------------------------------

PRODID = "-//eTwinning Twinning//Events//EN"


def _vevent(event: Any, *, url: str, link: str):
    from icalendar import Event as VEvent

    item = VEvent()
    zone = ZoneInfo(event.time_zone)
    item.add("uid", f"event-{event.uid}@twinning")
    item.add("sequence", event.sequence)
    item.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("summary", event.title)
    where = link or ("" if event.online else event.address)
    description = "\n\n".join(part for part in (link, url) if part)
    if description:
        item.add("description", description)
    if where:
        item.add("location", where)
    item.add("url", url)
    item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    return item


def calendar(entries: list[tuple[Any, str, str]], *, name: str = "") -> bytes:
    """An iCalendar of ``(event, url, link)`` entries (``link`` empty where the reader may not see it)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    first = last = None
    for event, url, link in entries:
        cal.add_component(_vevent(event, url=url, link=link))
        day = event.starts_at.date()
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    if first is not None and last is not None:
        around = timedelta(days=31)  # the zones' rules of these dates only, not fifty years of them
        cal.add_missing_timezones(first_date=first - around, last_date=last + around)
    return cal.to_ical()
