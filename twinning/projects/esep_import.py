"""Reading an NSO's CSV of its teachers' ESEP history (projects and quality labels brought from the European
School Education Platform). The reading (UTF-8 with or without BOM, comma or semicolon, row numbers as a
spreadsheet shows them) is the school registry import's (``schools.registry_import.read_csv``).

Columns: ``email`` (the teacher's account here, in the importing NSO's country), ``kind`` (project or label),
``esep_id``, ``title``, ``year``, ``label`` (national or european, for a label). A file with any wrong row
imports nothing; every wrong row is reported. Rows are keyed by (teacher, kind, ESEP id, label): importing
the same file twice creates nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.schools.registry_import import FileProblem, as_binary, read_csv

from .models import TITLE_MAX, EsepHistoryItem, HistoryKind, LabelLevel

COLUMNS = ("email", "kind", "esep_id", "title", "year", "label")
REQUIRED_COLUMNS = ("email", "kind", "esep_id", "title", "year")
MAX_ROWS = 20_000
MAX_ERRORS_KEPT = 200
FIRST_YEAR = 2005  # eTwinning started in 2005


@dataclass
class Checked:
    total: int = 0
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0


def clean_item(data: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One item's values checked: (clean row, [(column, message)…])."""
    problems: list[tuple[str, str]] = []
    kind = (data.get("kind") or "").strip().lower()
    if kind not in HistoryKind.values:
        problems.append(("kind", _("Write “project” or “label”.")))
    esep_id = (data.get("esep_id") or "").strip()
    if not esep_id:
        problems.append(("esep_id", _("A value is required.")))
    elif len(esep_id) > 60:
        problems.append(("esep_id", _("The value is longer than %(max)s characters.") % {"max": 60}))
    title = (data.get("title") or "").strip()
    if not title:
        problems.append(("title", _("A value is required.")))
    elif len(title) > TITLE_MAX:
        problems.append(("title", _("The value is longer than %(max)s characters.") % {"max": TITLE_MAX}))
    year: int | None = None
    try:
        year = int(str(data.get("year") or "").strip())
    except ValueError:
        problems.append(("year", _("Write the year with four digits, e.g. 2023.")))
    else:
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            problems.append(
                (
                    "year",
                    _("The year must be between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": timezone.localdate().year},
                )
            )
    label = (data.get("label") or "").strip().lower()
    if kind == HistoryKind.LABEL and label not in LabelLevel.values:
        problems.append(("label", _("For a label write “national” or “european”.")))
    if kind == HistoryKind.PROJECT:
        label = ""
    return {"kind": kind, "esep_id": esep_id, "title": title, "year": year, "label": label}, problems


def check(content: Any, *, country: Any) -> Checked:
    """Read and check the whole file; nothing is written here."""
    result = Checked()

    def error(row: int | None, column: str, message: str) -> None:
        result.errors.append({"row": row, "column": column, "message": str(message)})

    try:
        stream = read_csv(as_binary(content))
        header = stream.header
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing:
            error(None, "", _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            error(
                None,
                "",
                _("Unknown columns: %(columns)s. The allowed columns are: %(allowed)s.")
                % {"columns": ", ".join(unknown), "allowed": ", ".join(COLUMNS)},
            )
        if missing or unknown:
            return result
        parsed: list[tuple[int, str, dict]] = []
        for number, cells in stream.rows:
            result.total += 1
            if result.total > MAX_ROWS:
                error(None, "", _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
                return result
            if len(cells) != len(header):
                error(
                    number,
                    "",
                    _("This row has %(found)s values but the header has %(expected)s columns.")
                    % {"found": len(cells), "expected": len(header)},
                )
                continue
            values = dict(zip(header, cells, strict=True))
            row, problems = clean_item(values)
            for column, message in problems:
                error(number, column, message)
            if not problems:
                parsed.append((number, values["email"].strip().lower(), row))
    except FileProblem as problem:
        for entry in problem.errors.sorted_entries():
            error(entry["row"], entry["column"], entry["message"])
        return result
    if result.total == 0 and not result.errors:
        error(None, "", _("The file has a header row but no rows."))
        return result
    emails = {email for _n, email, _r in parsed}
    people = dict(
        User.objects.filter(email__in=emails, country=country, anonymised_at__isnull=True).values_list("email", "pk")
    )
    people = {e.lower(): pk for e, pk in people.items()}
    seen: dict[tuple, int] = {}
    for number, email, row in parsed:
        user_id = people.get(email)
        if user_id is None:
            error(
                number,
                "email",
                _("No teacher of %(country)s has the e-mail %(email)s here.") % {"country": country, "email": email},
            )
            continue
        key = (user_id, row["kind"], row["esep_id"], row["label"])
        if key in seen:
            error(
                number,
                "esep_id",
                _("The same item appears more than once (also on row %(other)s).") % {"other": seen[key]},
            )
            continue
        seen[key] = number
        result.rows.append({"user": user_id, **row})
    if result.errors:
        result.rows = []
        return result
    existing = {
        (i.user_id, i.kind, i.esep_id, i.label): (i.title, i.year, i.status)
        for i in EsepHistoryItem.objects.filter(user_id__in={r["user"] for r in result.rows})
    }
    for row in result.rows:
        found = existing.get((row["user"], row["kind"], row["esep_id"], row["label"]))
        if found is None:
            result.to_create += 1
        elif found == (row["title"], row["year"], "verified"):
            result.unchanged += 1
        else:
            result.to_update += 1
    return result
