"""Reading and checking a country's official school registry in CSV (format: docs/school-import.md).

This module reads; the writes (storing the preview, writing the schools, removing old files) are in
``services`` and run in background tasks. Two passes:

1. ``run_validation`` reads the file, checks every row and stores a preview on the SchoolImport row
   (counts of schools to create / update / leave unchanged, the first 200 errors). Nothing is written
   to the registry.
2. ``run_apply`` (after a staff member confirms) checks the file again against the registry as it is
   now, then writes everything in one transaction with bulk inserts/updates. Rows are keyed by
   (country, national code), so importing the same file twice changes nothing the second time.

The file is read as a stream, row by row, in both passes: memory holds the country's existing schools
and the national codes seen, never the file's rows (a 45 MB file is checked in a few tens of MB).

Errors are stored as a code with parameters (and the text in the uploader's language), so the
preview shows them in the language of whoever reads it.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.reference.models import EducationLevel, Region

from . import matching
from .models import School, SchoolStatus, SchoolType

logger = logging.getLogger(__name__)

COLUMNS = (
    "national_code",
    "name",
    "city",
    "region_code",
    "address",
    "postcode",
    "levels",
    "school_type",
    "principal_name",
    "principal_email",
    "phone",
    "email",
    "website",
)
REQUIRED_COLUMNS = ("national_code", "name", "city")
# Columns that, when present, need a value on every row.
REQUIRED_VALUES = ("national_code", "name", "city", "school_type")
MAX_LENGTHS = {
    "national_code": 40,
    "name": 300,
    "city": 120,
    "address": 300,
    "postcode": 20,
    "principal_name": 200,
    "principal_email": 254,
    "phone": 40,
    "email": 254,
    "website": 200,
}
# Plain text columns copied to the school's field of the same name.
TEXT_FIELDS = ("name", "city", "address", "postcode", "principal_name", "principal_email", "phone", "email", "website")

MAX_ERRORS_KEPT = 200
# The preview lists this many new schools, and this many new schools that may be registered already.
MAX_NEW_KEPT = 200
MAX_DUPLICATES_KEPT = 200
CANDIDATES_PER_ROW = 3
PROGRESS_EVERY = 500
BATCH_SIZE = 1000
_VALUE_PREVIEW = 60

MESSAGES = {
    "encoding": _(
        'The file is not UTF-8 text. In your spreadsheet choose "Save as" → "CSV UTF-8" and upload it again.'
    ),
    "empty": _("The file is empty: it needs a header row and at least one school."),
    "no_rows": _("The file has a header row but no schools."),
    "malformed": _("The file is not valid CSV near row %(row)s (%(detail)s)."),
    "missing_columns": _("Required columns are missing: %(columns)s."),
    "unknown_columns": _("Unknown columns: %(columns)s. The allowed columns are: %(allowed)s."),
    "duplicate_columns": _("These columns appear more than once: %(columns)s."),
    "too_many_values": _("This row has %(found)s values but the header has %(expected)s columns."),
    "too_few_values": _("This row has %(found)s values but the header has %(expected)s columns."),
    "required": _("A value is required."),
    "too_long": _("The value is longer than %(max)s characters."),
    "duplicate_code": _("The national code %(value)s appears more than once in the file (also on row %(other)s)."),
    "region": _("Unknown region code %(value)s for %(country)s."),
    "level": _("Unknown level code %(value)s. Known codes: %(allowed)s."),
    "school_type": _("Unknown school type %(value)s. Use one of: %(allowed)s."),
    "email": _("%(value)s is not a valid e-mail address."),
    "website": _("%(value)s is not a valid web address."),
    "merged_code": _(
        "The national code %(value)s belongs to a school that was merged into another one; "
        "correct it in the registry first."
    ),
}


def error_text(code: str, params: dict | None = None) -> str:
    """The message of an error code in the active language."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def _preview(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= _VALUE_PREVIEW else value[: _VALUE_PREVIEW - 1] + "…"


class ErrorLog:
    """Counts every error and keeps the first ``MAX_ERRORS_KEPT`` of them."""

    def __init__(self) -> None:
        self.count = 0
        self.entries: list[dict] = []

    def add(self, row: int | None, column: str, code: str, /, **params) -> None:
        self.count += 1
        if len(self.entries) < MAX_ERRORS_KEPT:
            self.entries.append(
                {"row": row, "column": column, "code": code, "params": params, "message": error_text(code, params)}
            )

    def sorted_entries(self) -> list[dict]:
        return sorted(self.entries, key=lambda e: (e["row"] or 0, e["column"]))


class FileProblem(Exception):
    """The file as a whole cannot be read; ``errors`` says why."""

    def __init__(self, errors: ErrorLog):
        super().__init__("file-level error")
        self.errors = errors


def _file_error(code: str, /, **params) -> FileProblem:
    log = ErrorLog()
    log.add(None, "", code, **params)
    return FileProblem(log)


def as_binary(source) -> BinaryIO:
    """Bytes (tests, small files) or an open binary file (an upload in storage)."""
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else source


def count_lines(handle: BinaryIO) -> int:
    """Line breaks in the file, read in 1 MB chunks (an estimate of the rows, for the progress bar)."""
    handle.seek(0)
    lines = 0
    while chunk := handle.read(1024 * 1024):
        lines += chunk.count(b"\n")
    handle.seek(0)
    return lines


@dataclass
class CsvStream:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells), read lazily


def read_csv(handle: BinaryIO) -> CsvStream:
    """Open the file for reading row by row: UTF-8 with or without BOM, comma or semicolon.

    Raises FileProblem for the header; the rows iterator raises FileProblem when it meets a row that is
    not UTF-8 or not valid CSV. The file is never read whole into memory.
    """
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise _file_error("encoding") from None
    if not first.strip():
        raise _file_error("empty")
    # Comma or semicolon, whichever the header line uses more (spreadsheets in Greek locales write ';').
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _file_error("malformed", row=1, detail=_preview(str(exc))) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        record = 1  # the last row read; an error concerns the next one
        try:
            for record, cells in enumerate(reader, start=2):  # noqa: B007 (record is read in the except)
                if any(cell.strip() for cell in cells):  # blank lines (often at the end) are skipped
                    yield record, cells
        except UnicodeDecodeError:
            raise _file_error("encoding") from None
        except csv.Error as exc:
            raise _file_error("malformed", row=record + 1, detail=_preview(str(exc))) from None

    return CsvStream(header=[h.strip().lower() for h in header], rows=rows())


def check_header(header: list[str]) -> ErrorLog:
    errors = ErrorLog()
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        errors.add(None, "", "missing_columns", columns=", ".join(missing))
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        errors.add(
            None,
            "",
            "unknown_columns",
            columns=", ".join(_preview(c) or '""' for c in unknown[:20]),
            allowed=", ".join(COLUMNS),
        )
    duplicates = sorted({c for c in header if header.count(c) > 1 and c in COLUMNS})
    if duplicates:
        errors.add(None, "", "duplicate_columns", columns=", ".join(duplicates))
    return errors


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class Plan:
    """What an import would do to the registry of one country (national codes and ids, not rows)."""

    total_rows: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    to_create: list[str] = field(default_factory=list)  # national codes of new schools
    to_update: list[int] = field(default_factory=list)  # ids of schools that change
    unchanged: int = 0
    new_schools: list[dict] = field(default_factory=list)  # the first new schools: {row, code, name, city}
    likely_duplicates: list[dict] = field(default_factory=list)  # the first with candidates (see DuplicateFinder)
    likely_duplicate_count: int = 0

    @property
    def is_valid(self) -> bool:
        return self.errors.count == 0


# Columns of an existing school read for the comparison, kept as tuples (a country may have 60,000).
_EXISTING_FIELDS = ("pk", "national_code", "region_id", "status", *TEXT_FIELDS, "school_type")
_AT = {name: index for index, name in enumerate(_EXISTING_FIELDS)}


def _existing_schools(country) -> tuple[dict[str, tuple], dict[int, frozenset[int]]]:
    """The country's coded schools (as tuples of _EXISTING_FIELDS) and their level ids, in two queries."""
    existing = {
        values[1]: values
        for values in School.objects.filter(country=country, national_code__isnull=False)
        .values_list(*_EXISTING_FIELDS)
        .iterator(chunk_size=5000)
    }
    levels: dict[int, set[int]] = {}
    through = School.levels.through.objects.filter(school__country=country, school__national_code__isnull=False)
    for school_id, level_id in through.values_list("school_id", "educationlevel_id").iterator(chunk_size=5000):
        levels.setdefault(school_id, set()).add(level_id)
    return existing, {k: frozenset(v) for k, v in levels.items()}


class RowChecker:
    """Validates the cells of one row and turns them into school values."""

    def __init__(self, country, header: list[str], errors: ErrorLog):
        self.country = country
        self.header = header
        self.present = set(header)
        self.errors = errors
        self.regions = {
            code.upper(): pk for code, pk in Region.objects.filter(country=country).values_list("code", "pk")
        }
        self.level_ids = {code.lower(): pk for code, pk in EducationLevel.objects.values_list("code", "pk")}
        self.url_validator = URLValidator(schemes=["http", "https"])

    def check(self, row: int, cells: list[str]) -> dict | None:
        expected = len(self.header)
        if len(cells) != expected:
            code = "too_many_values" if len(cells) > expected else "too_few_values"
            self.errors.add(row, "", code, found=len(cells), expected=expected)
            return None
        raw = {col: cell.strip() for col, cell in zip(self.header, cells, strict=True)}
        before = self.errors.count
        values: dict = {}
        for col in REQUIRED_VALUES:
            if col in self.present and not raw[col]:
                self.errors.add(row, col, "required")
        for col, limit in MAX_LENGTHS.items():
            if col in self.present and len(raw[col]) > limit:
                self.errors.add(row, col, "too_long", max=limit)
        for col in TEXT_FIELDS:
            if col in self.present:
                values[col] = raw[col]
        values["national_code"] = raw["national_code"]
        if "region_code" in self.present:
            code = raw["region_code"]
            values["region_id"] = self.regions.get(code.upper()) if code else None
            if code and values["region_id"] is None:
                self.errors.add(row, "region_code", "region", value=_preview(code), country=self.country.name)
        if "levels" in self.present:
            ids = set()
            for code in (c.strip().lower() for c in raw["levels"].split(";")):
                if not code:
                    continue
                if code in self.level_ids:
                    ids.add(self.level_ids[code])
                else:
                    self.errors.add(
                        row, "levels", "level", value=_preview(code), allowed=", ".join(sorted(self.level_ids))
                    )
            values["levels"] = frozenset(ids)
        if "school_type" in self.present and raw["school_type"]:
            school_type = raw["school_type"].lower()
            if school_type in SchoolType.values:
                values["school_type"] = school_type
            else:
                self.errors.add(
                    row,
                    "school_type",
                    "school_type",
                    value=_preview(raw["school_type"]),
                    allowed=", ".join(SchoolType.values),
                )
        for col in ("principal_email", "email"):
            if col in self.present and raw[col] and len(raw[col]) <= MAX_LENGTHS[col]:
                try:
                    validate_email(raw[col])
                except ValidationError:
                    self.errors.add(row, col, "email", value=_preview(raw[col]))
        if "website" in self.present and raw["website"]:
            website = raw["website"] if "://" in raw["website"] else "https://" + raw["website"]
            try:
                self.url_validator(website)
            except ValidationError:
                self.errors.add(row, "website", "website", value=_preview(raw["website"]))
            else:
                if len(website) <= MAX_LENGTHS["website"]:
                    values["website"] = website
                else:
                    self.errors.add(row, "website", "too_long", max=MAX_LENGTHS["website"])
        return values if self.errors.count == before else None


class Registry:
    """The country's registry as the import compares against it, and how a row changes it."""

    def __init__(self, country, header: list[str]):
        self.country = country
        self.existing, self.existing_levels = _existing_schools(country)
        present = set(header)
        self.text_fields = [f for f in TEXT_FIELDS if f in present]
        compared = set(self.text_fields)
        if "region_code" in present:
            compared.add("region_id")
        if "school_type" in present:
            compared.add("school_type")
        self.compared = compared
        self.update_fields = sorted(
            {f.removesuffix("_id") for f in compared}
            | {"search_name", "search_city", "search_latin", "sort_name", "status", "updated_at"}
        )

    def match(self, code: str) -> tuple | None:
        return self.existing.get(code)

    def action(self, values: dict) -> tuple[str, bool]:
        """(create | update | unchanged, whether the levels change) for one valid row."""
        match = self.existing.get(values["national_code"])
        new_levels = values.get("levels")
        if match is None:
            return CREATE, bool(new_levels)
        levels_differ = new_levels is not None and new_levels != self.existing_levels.get(match[0], frozenset())
        differs = match[_AT["status"]] != SchoolStatus.VALIDATED or any(
            values[f] != match[_AT[f]] for f in self.compared if f in values
        )
        return (UPDATE if differs or levels_differ else UNCHANGED), levels_differ

    def school(self, values: dict, *, today, now) -> School:
        """The School to insert, or to update (carrying the existing pk), for a valid row."""
        code = values["national_code"]
        match = self.existing.get(code)
        if match is None:
            school = School(
                country=self.country,
                national_code=code,
                status=SchoolStatus.VALIDATED,
                registered_on=today,
                **{f: values[f] for f in self.text_fields},
            )
            if "region_id" in values:
                school.region_id = values["region_id"]
            if "school_type" in values:
                school.school_type = values["school_type"]
        else:
            school = School(pk=match[0], national_code=code)
            for f in (*TEXT_FIELDS, "region_id", "school_type"):
                setattr(school, f, values[f] if f in values else match[_AT[f]])
            school.status = SchoolStatus.VALIDATED
            school.updated_at = now
        for column, value in matching.search_columns(school.name, school.city).items():
            setattr(school, column, value)
        return school


class DuplicateFinder:
    """Schools of the registry a new row of the file may be, although they lack its national code: a
    proposed school, or a school without a code, in the same city with a similar name.

    The candidates (usually few: teachers' proposals and schools entered by hand) are read once and kept in
    memory by city; each new row is compared with those of its city only.
    """

    def __init__(self, country):
        self.by_city: dict[str, list[tuple[matching.NameProfile, dict]]] = {}
        candidates = (
            School.objects.filter(country=country, status__in=(SchoolStatus.VALIDATED, SchoolStatus.PROPOSED))
            .filter(Q(national_code__isnull=True) | Q(status=SchoolStatus.PROPOSED))
            .values_list("pk", "name", "city", "status", "national_code")
            .iterator(chunk_size=5000)
        )
        for pk, name, city, status, code in candidates:
            info = {"id": pk, "name": name, "city": city, "status": status, "national_code": code or ""}
            self.by_city.setdefault(matching.city_key(city), []).append((matching.NameProfile.of(name), info))

    def find(self, name: str, city: str) -> list[dict]:
        bucket = self.by_city.get(matching.city_key(city))
        if not bucket:
            return []
        wanted = matching.NameProfile.of(name)
        scored = []
        for profile, info in bucket:
            score = matching.similarity(wanted, profile)
            if score >= matching.SIMILARITY_THRESHOLD:
                scored.append((score, info))
        scored.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        return [info for _score, info in scored[:CANDIDATES_PER_ROW]]


def analyse(
    source,
    country,
    progress: Callable[[int, int], None] | None = None,
    *,
    look_for_duplicates: bool = False,
) -> Plan:
    """Check every row of the file against the registry of ``country`` and count what would change.

    ``source`` is bytes or an open binary file; it is read row by row and only national codes and ids
    are kept, so memory does not grow with the file's rows. Error messages are rendered in the active
    language (callers use translation.override). With ``look_for_duplicates`` the plan also lists the
    first new schools and those that may be in the registry already without their code (both capped).
    """
    handle = as_binary(source)
    plan = Plan()
    estimate = max(0, count_lines(handle) - 1) if progress else 0
    try:
        stream = read_csv(handle)
        plan.errors = check_header(stream.header)
        if plan.errors.count:
            return plan
        if progress:
            progress(0, estimate)
        checker = RowChecker(country, stream.header, plan.errors)
        registry = Registry(country, stream.header)
        finder = DuplicateFinder(country) if look_for_duplicates else None
        new_rows: dict[str, dict] = {}  # code -> {row, code, name, city}: the first new schools
        duplicates: dict[str, dict] = {}  # the first new schools with candidates
        duplicate_codes: set[str] = set()  # every new school with candidates (codes only)
        code_index = stream.header.index("national_code")
        seen: dict[str, int] = {}  # code -> its first row
        flagged: set[int] = set()
        outcome: dict[str, str | int] = {}  # code -> "create" | "unchanged" | id to update, for valid rows
        for index, (row, cells) in enumerate(stream.rows, start=1):
            plan.total_rows = index
            values = checker.check(row, cells)
            if values is not None:
                code = values["national_code"]
            elif len(cells) == len(stream.header):
                code = cells[code_index].strip()
            else:
                code = ""
            if code:
                first = seen.get(code)
                if first is None:
                    seen[code] = row
                else:
                    plan.errors.add(row, "national_code", "duplicate_code", value=_preview(code), other=first)
                    if first not in flagged:
                        plan.errors.add(first, "national_code", "duplicate_code", value=_preview(code), other=row)
                        flagged.add(first)
                        outcome.pop(code, None)
                        new_rows.pop(code, None)
                        duplicates.pop(code, None)
                        duplicate_codes.discard(code)
                    values = None
            if values is not None:
                match = registry.match(code)
                if match is not None and match[_AT["status"]] == SchoolStatus.MERGED:
                    plan.errors.add(row, "national_code", "merged_code", value=_preview(code))
                else:
                    action, _levels = registry.action(values)
                    outcome[code] = match[0] if action == UPDATE else action
                    if action == CREATE and finder is not None:
                        entry = {"row": row, "code": code, "name": values["name"], "city": values["city"]}
                        if len(new_rows) < MAX_NEW_KEPT:
                            new_rows[code] = entry
                        candidates = finder.find(values["name"], values["city"])
                        if candidates:
                            duplicate_codes.add(code)
                            if len(duplicates) < MAX_DUPLICATES_KEPT:
                                duplicates[code] = {**entry, "candidates": candidates}
            if progress and index % PROGRESS_EVERY == 0:
                progress(index, max(estimate, index))
    except FileProblem as problem:
        plan.errors = problem.errors
        plan.total_rows = 0
        return plan
    if not plan.total_rows:
        plan.errors.add(None, "", "no_rows")
        return plan
    plan.new_schools = list(new_rows.values())
    plan.likely_duplicates = list(duplicates.values())
    plan.likely_duplicate_count = len(duplicate_codes)
    for code, result in outcome.items():
        if result == CREATE:
            plan.to_create.append(code)
        elif result == UNCHANGED:
            plan.unchanged += 1
        else:
            plan.to_update.append(int(result))
    if progress:
        progress(plan.total_rows, plan.total_rows)
    return plan
