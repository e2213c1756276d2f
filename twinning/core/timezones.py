"""Time zones the platform offers: IANA names this installation knows, and a country's usual zone (meetings
in a workspace, events of an NSO)."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings

COUNTRY_ZONES = {
    "AL": "Europe/Tirane", "AM": "Asia/Yerevan", "AT": "Europe/Vienna", "AZ": "Asia/Baku",
    "BA": "Europe/Sarajevo", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "CY": "Asia/Nicosia",
    "CZ": "Europe/Prague", "DE": "Europe/Berlin", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid", "FI": "Europe/Helsinki", "FR": "Europe/Paris", "GE": "Asia/Tbilisi",
    "GR": "Europe/Athens", "HR": "Europe/Zagreb", "HU": "Europe/Budapest", "IE": "Europe/Dublin",
    "IS": "Atlantic/Reykjavik", "IT": "Europe/Rome", "JO": "Asia/Amman", "LB": "Asia/Beirut",
    "LI": "Europe/Vaduz", "LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "LV": "Europe/Riga",
    "MD": "Europe/Chisinau", "ME": "Europe/Podgorica", "MK": "Europe/Skopje", "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam", "NO": "Europe/Oslo", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest", "RS": "Europe/Belgrade", "SE": "Europe/Stockholm", "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava", "TN": "Africa/Tunis", "TR": "Europe/Istanbul", "UA": "Europe/Kyiv",
    "XK": "Europe/Belgrade",
}  # fmt: skip
FALLBACK_ZONE = "Europe/Athens"


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """The IANA names of the time zones this installation knows."""
    return frozenset(available_timezones())


def valid_zone(name: str) -> bool:
    if not name or name not in zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_for_country(code: str | None) -> str:
    zone = COUNTRY_ZONES.get((code or "").upper(), "")
    if valid_zone(zone):
        return zone
    return settings.TIME_ZONE if valid_zone(settings.TIME_ZONE) else FALLBACK_ZONE
