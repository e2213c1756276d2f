"""Reading a meeting tool's attendance report (Zoom's or Teams' export, or any CSV with an e-mail column and
minutes, or join and leave times), with no writes: ``preview`` says whom it matches among the registered
people, whom it does not know, who stayed less than the event's minimum and which rows it could not read.
The matched rows travel to the "apply" step signed (``sign``/``unsign``), so that nothing but what was
previewed is applied.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .models import Event, Registration, Status

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
SALT = "events.attendance"

EMAIL = {
    "email", "e-mail", "email address", "e-mail address", "user email", "attendee email", "participant email",
    "mail", "διεύθυνση e-mail", "ηλεκτρονικό ταχυδρομείο", "email (upn)", "participant id (upn)", "upn",
}  # fmt: skip
NAME = {
    "name", "full name", "name (original name)", "participant", "attendee", "display name", "όνομα",
    "ονοματεπώνυμο",
}  # fmt: skip
MINUTES = {
    "minutes", "duration (minutes)", "duration (mins)", "total duration (minutes)", "time in session (minutes)",
    "attendance duration", "in-meeting duration", "duration", "λεπτά", "διάρκεια (λεπτά)", "διάρκεια",
}  # fmt: skip
JOIN = {"join time", "first join", "joined", "join", "ώρα εισόδου"}
LEAVE = {"leave time", "last leave", "left", "leave", "ώρα εξόδου"}
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y, %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
)  # fmt: skip


class ReportError(Exception):
    """The file cannot be read as a report; the message is for the user."""


class NoEmailColumn(Exception):
    """No line names an e-mail column (with this delimiter)."""


@dataclass
class Preview:
    matched: list[dict] = field(default_factory=list)  # registration, name, email, minutes (at least the minimum)
    below: list[dict] = field(default_factory=list)  # registered, but fewer minutes than the event's minimum
    unknown: list[dict] = field(default_factory=list)  # e-mail of nobody registered for the event
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    rows: int = 0

    @property
    def minutes_by_registration(self) -> dict[int, int]:
        return {m["registration"].pk: m["minutes"] for m in self.matched}


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise ReportError(_("The file is not text in UTF-8: save it from the spreadsheet as “CSV UTF-8” and try again."))


def _key(value: str) -> str:
    return " ".join((value or "").strip().strip('"').lower().split())


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The first line (of the first 30) naming an e-mail column, and the columns it names."""
    for index, row in enumerate(rows[:30]):
        keys = [_key(c) for c in row]
        columns: dict[str, int] = {}
        for name, known in (("email", EMAIL), ("name", NAME), ("minutes", MINUTES), ("join", JOIN), ("leave", LEAVE)):
            for position, key in enumerate(keys):
                if key in known and name not in columns:
                    columns[name] = position
        if "email" in columns:
            if "minutes" not in columns and not ("join" in columns and "leave" in columns):
                raise ReportError(
                    _("The file has an e-mail column but no minutes (or join and leave times): add a “Minutes” column.")
                )
            return index, columns
    raise NoEmailColumn


def parse_minutes(value: str) -> int | None:
    """Minutes from "45", "45.5", "45,5", "1h 5m 3s", "65m", "01:05:03" or "1:05"; None if unreadable."""
    text = (value or "").strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d+([.,]\d+)?", text):
        return int(float(text.replace(",", ".")))
    parts = re.fullmatch(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mins))?\s*(?:(\d+)\s*s)?", text)
    if parts and any(parts.groups()):
        hours, minutes, seconds = (int(p or 0) for p in parts.groups())
        return hours * 60 + minutes + seconds // 60
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", text)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    return None


def _time(value: str) -> datetime | None:
    text = " ".join((value or "").split())
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def parse(data: bytes) -> tuple[dict[str, dict], list[tuple[int, str]], int]:
    """The report's people by e-mail (lower case: name and minutes, rows of one person added up, as Zoom
    writes a row per joining), the rows' errors and the number of rows read."""
    if not data:
        raise ReportError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ReportError(_("The file is too large (at most 5 MB)."))
    text = _decode(data)
    if "\x00" in text:
        raise ReportError(_("This is not a CSV file."))
    head = "\n".join(text.splitlines()[:30])  # a Teams export has a summary above the participants
    found = None
    for delimiter in sorted(("\t", ";", ","), key=head.count, reverse=True):  # the likeliest first
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
            found = (rows, *_header(rows))
            break
        except csv.Error as exc:
            raise ReportError(_("The file cannot be read as CSV: %(error)s") % {"error": exc}) from None
        except NoEmailColumn:
            continue
    if found is None:
        raise ReportError(
            _("No column of e-mail addresses was found: the first line must name the columns, e.g. “E-mail;Minutes”.")
        )
    rows, start, columns = found
    people: dict[str, dict] = {}
    errors: list[tuple[int, str]] = []
    count = 0
    for line, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ReportError(_("The file has too many rows (at most 100,000)."))

        def cell(name: str, row=row) -> str:
            position = columns.get(name)
            return row[position].strip() if position is not None and position < len(row) else ""

        email = cell("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append((line, _("“%(value)s” is not an e-mail address.") % {"value": email[:80]} if email
                           else _("The e-mail address is missing.")))  # fmt: skip
            continue
        minutes = parse_minutes(cell("minutes")) if "minutes" in columns else None
        if minutes is None and "join" in columns and "leave" in columns:
            joined, left = _time(cell("join")), _time(cell("leave"))
            if joined is not None and left is not None and left >= joined:
                minutes = int((left - joined).total_seconds() // 60)
        if minutes is None:
            errors.append((line, _("The minutes (or the join and leave times) cannot be read.")))
            continue
        person = people.setdefault(email, {"email": email, "name": cell("name")[:150], "minutes": 0})
        person["minutes"] += minutes
    return people, errors, count


def preview(event: Event, data: bytes) -> Preview:
    """What applying the report would do; raises ``ReportError`` for a file that cannot be read."""
    people, errors, count = parse(data)
    result = Preview(errors=errors, rows=count)
    registered: dict[str, Any] = {}
    emails = list(people)
    for start in range(0, len(emails), 2000):
        chunk = emails[start : start + 2000]
        for row in (
            Registration.objects.filter(event=event, status=Status.REGISTERED)
            .annotate(email_lower=Lower("user__email"))
            .filter(email_lower__in=chunk)
            .select_related("user")
        ):
            registered[row.email_lower] = row
    for email, person in sorted(people.items()):
        row = registered.get(email)
        if row is None:
            result.unknown.append(person)
        elif person["minutes"] < event.min_minutes:
            result.below.append({**person, "registration": row})
        else:
            result.matched.append({**person, "registration": row})
    return result


def sign(event: Event, minutes: dict[int, int]) -> str:
    return signing.dumps({"event": event.pk, "minutes": minutes}, salt=SALT, compress=True)


def unsign(event: Event, token: str) -> dict[int, int] | None:
    """The previewed minutes by registration, or None when the token is not this event's (or is a day old)."""
    try:
        value = signing.loads(token or "", salt=SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("event") != event.pk or not isinstance(value.get("minutes"), dict):
        return None
    try:
        return {int(k): int(v) for k, v in value["minutes"].items()}
    except (TypeError, ValueError):
        return None
