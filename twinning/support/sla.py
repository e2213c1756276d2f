"""Service-level times counted in business hours of a country's support organisation.

Business hours are 09:00–17:00 local time, Monday to Friday, except the country's national public
holidays (from the ``holidays`` package, so Greece's Orthodox Easter Monday, Clean Monday and Whit Monday
move with the calendar). A country the package does not know has weekends only.

Pure functions, no models: the helpdesk passes the NSO's country code. Every loop walks days, never minutes,
so a long deadline costs a few hundred iterations at most.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from twinning.core.timezones import zone_for_country

OPENING = time(9, 0)
CLOSING = time(17, 0)
# A deadline further than this many calendar days away means bad input (or a calendar with no working day).
MAX_DAYS = 366 * 20
_MICRO = 1_000_000


def business_zone(country_code: str) -> ZoneInfo:
    """The time zone of a country's support organisation."""
    return ZoneInfo(zone_for_country(country_code))


@lru_cache(maxsize=512)
def _holiday_dates(country_code: str, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country_code, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(calendar.keys())


def is_business_day(day: date, country_code: str) -> bool:
    return day.weekday() < 5 and day not in _holiday_dates((country_code or "").upper(), day.year)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("SLA times need an aware datetime")
    return value


def _windows(first: date, country_code: str, zone: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
    """Business windows (opening, closing) as UTC datetimes, day by day from ``first``."""
    day = first
    for _ in range(MAX_DAYS):
        if is_business_day(day, country_code):
            opening = datetime.combine(day, OPENING, tzinfo=zone).astimezone(UTC)
            closing = datetime.combine(day, CLOSING, tzinfo=zone).astimezone(UTC)
            yield opening, closing
        day += timedelta(days=1)
    raise ValueError("no business hours found within the search range")


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * _MICRO + delta.microseconds


def due_at(start: datetime, hours: float, country_code: str) -> datetime:
    """When ``hours`` business hours have passed since ``start`` (UTC, aware).

    A start outside business hours counts from the next opening. A deadline ending exactly at closing time
    is that closing time, not the next morning.
    """
    start = _aware(start).astimezone(UTC)
    remaining = round(hours * 3600 * _MICRO)
    if remaining <= 0:
        return start
    zone = business_zone(country_code)
    for opening, closing in _windows(start.astimezone(zone).date(), country_code, zone):
        if closing <= start:
            continue
        begin = max(opening, start)
        available = _micros(closing - begin)
        if remaining <= available:
            return begin + timedelta(microseconds=remaining)
        remaining -= available
    raise AssertionError("unreachable")  # pragma: no cover - _windows raises first


def business_hours_between(start: datetime, end: datetime, country_code: str) -> float:
    """Business hours between two moments (0 when ``end`` is not after ``start``)."""
    start = _aware(start).astimezone(UTC)
    end = _aware(end).astimezone(UTC)
    if end <= start:
        return 0.0
    zone = business_zone(country_code)
    last_day = end.astimezone(zone).date()
    total = 0
    for opening, closing in _windows(start.astimezone(zone).date(), country_code, zone):
        if opening.astimezone(zone).date() > last_day:
            break
        overlap_start, overlap_end = max(opening, start), min(closing, end)
        if overlap_end > overlap_start:
            total += _micros(overlap_end - overlap_start)
    return total / (3600 * _MICRO)
