"""What the staff pages of self-reflection do and read:

- **official results**: the group results of the official SELFIE for TEACHERS tool for a cycle, put into a
  small CSV (``role``, ``phase``, ``area``, ``percent``, ``respondents``; English or Greek headers and
  values). ``official_check`` reads a file and reports every bad row (row number, column, message in the
  reader's language) without writing anything; ``official_token`` signs the checked rows so that the
  confirmation posts them back unchanged (no file and no draft is kept on the server: a signed value bound
  to the cycle and the person, valid for an hour); ``official_import`` replaces the cycle's figures with
  them in one transaction (the same figures again change nothing); ``official_remove`` removes them.
- **framework wording**: ``item_wording_change`` makes a new version of the framework with one item's
  question and six statements changed (``framework.version_create``); unchanged text makes none.
- **courses and areas**: the areas (1..6) a course develops, ``course_areas_set``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.lookups import get_or_404
from twinning.core.registries import register_audit_actions
from twinning.core.services import audit_record
from twinning.core.text import normalize_search
from twinning.learning.models import Course, Cycle
from twinning.schools.registry_import import FileProblem, as_binary, read_csv

from . import framework as fw
from . import policies
from .models import AREAS, LEVEL_CODES, Area, CourseArea, FrameworkVersion, Item, OfficialResult, Phase, Role

register_audit_actions(
    {
        "competences.official_imported": gettext_lazy("official SELFIE for TEACHERS results imported"),
        "competences.official_removed": gettext_lazy("official SELFIE for TEACHERS results removed"),
        "competences.course_areas_changed": gettext_lazy("areas a course develops changed"),
    }
)


class StaffError(DomainError):
    """A rule of these pages was not met; ``field`` names the form field it is about, if any."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- official results ---------------------------------------------------------------------------------------

OFFICIAL_MAX_BYTES = 1024 * 1024
OFFICIAL_MAX_ROWS = 200
RESPONDENTS_MAX = 10_000_000
TOKEN_MAX_AGE = 60 * 60  # seconds a checked file may wait for its confirmation
COLUMNS = ("role", "phase", "area", "percent", "respondents")
REQUIRED_COLUMNS = ("role", "phase", "area", "percent")
GREEK_COLUMNS = {"role": "ρόλος", "phase": "φάση", "area": "τομέας", "percent": "ποσοστό", "respondents": "απαντήσεις"}
# Each header a column may have.
HEADERS = {
    **{name: name for name in COLUMNS},
    "ρολος": "role",
    "φαση": "phase",
    "τομεας": "area",
    "ποσοστο": "percent",
    "ποσοστο (%)": "percent",
    "percent (%)": "percent",
    "percentage": "percent",
    "απαντησεις": "respondents",
    "απαντησαντες": "respondents",
    "συμμετεχοντες": "respondents",
}
ROLE_VALUES = {
    "trainee": Role.TRAINEE,
    "επιμορφουμενος": Role.TRAINEE,
    "επιμορφουμενοι": Role.TRAINEE,
    "trainer": Role.TRAINER,
    "επιμορφωτης": Role.TRAINER,
    "επιμορφωτες": Role.TRAINER,
    "εθελοντης επιμορφωτης": Role.TRAINER,
}
PHASE_VALUES = {"before": Phase.BEFORE, "πριν": Phase.BEFORE, "after": Phase.AFTER, "μετα": Phase.AFTER}
OVERALL_VALUES = {"0", "overall", "συνολικα", "συνολικο"}
ONE_DECIMAL = Decimal("0.1")
# Compared folded (``core.text.normalize_search``: case, accents, final sigma, spaces).
HEADERS = {normalize_search(name): column for name, column in HEADERS.items()}
ROLE_VALUES = {normalize_search(name): role for name, role in ROLE_VALUES.items()}
PHASE_VALUES = {normalize_search(name): phase for name, phase in PHASE_VALUES.items()}
OVERALL_VALUES = {normalize_search(name) for name in OVERALL_VALUES}


@dataclass(frozen=True)
class OfficialRow:
    role: str
    phase: str
    area: int  # 0: overall
    percent: Decimal
    respondents: int | None
    line: int = 0  # the row of the file (0 once posted back)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.role, self.phase, self.area)

    @property
    def figure(self) -> tuple[str, int | None]:
        return (str(self.percent), self.respondents)


@dataclass
class OfficialCheck:
    rows: list[OfficialRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"row": n or None, "column": header or "", "message"}
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})


def _percent(text: str) -> Decimal | None:
    value = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        return None
    return number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _respondents(text: str) -> int | None:
    """The number, ``None`` when it is not a whole number from 1 (a spreadsheet's "12.0" is 12)."""
    value = text.strip().removesuffix(".0").removesuffix(",0")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= RESPONDENTS_MAX:
        return None
    return int(value)


def _area(text: str) -> int | None:
    value = normalize_search(text)
    if value in OVERALL_VALUES:
        return 0
    if value.isascii() and value.isdigit() and int(value) in AREAS:
        return int(value)
    return None


def _header(check: OfficialCheck, header: list[str]) -> dict[str, int] | None:
    """Where each column is (its index), or ``None`` after reporting what is wrong with the first row."""
    where: dict[str, int] = {}
    unknown, twice = [], []
    for index, name in enumerate(header):
        column = HEADERS.get(normalize_search(name))
        if column is None:
            if name.strip():
                unknown.append(name.strip())
            continue
        if column in where:
            twice.append(name.strip())
        where.setdefault(column, index)
    missing = [c for c in REQUIRED_COLUMNS if c not in where]
    if missing:
        greek = ", ".join(GREEK_COLUMNS[c] for c in missing)
        check.error(1, "", _("The first row must name the columns; missing: %(columns)s (in Greek: %(greek)s).")
                    % {"columns": ", ".join(missing), "greek": greek})  # fmt: skip
    if unknown:
        check.error(1, "", _("Unknown columns: %(columns)s. The allowed columns are: %(allowed)s.")
                    % {"columns": ", ".join(unknown[:10]), "allowed": ", ".join(COLUMNS)})  # fmt: skip
    if twice:
        check.error(1, "", _("These columns appear more than once: %(columns)s.") % {"columns": ", ".join(twice)})
    return None if check.errors else where


def _row(check: OfficialCheck, line: int, cells: list[str], header: list[str], where: dict[str, int]):
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        check.error(line, "", _("This row has %(found)s values but the header has %(expected)s columns.")
                    % {"found": len(cells), "expected": len(header)})  # fmt: skip
        return None

    def cell(column: str) -> tuple[str, str]:
        index = where.get(column)
        if index is None:
            return "", column
        return (cells[index] if index < len(cells) else "").strip(), header[index].strip() or column

    values: dict[str, Any] = {}
    bad = False
    for column in COLUMNS:
        text, name = cell(column)
        if not text:
            if column in REQUIRED_COLUMNS:
                check.error(line, name, _("A value is required."))
                bad = True
            values[column] = None
            continue
        if column == "role":
            value = ROLE_VALUES.get(normalize_search(text))
            message = _("Unknown role “%(value)s”: write trainee or trainer (επιμορφούμενος or επιμορφωτής).")
        elif column == "phase":
            value = PHASE_VALUES.get(normalize_search(text))
            message = _("Unknown phase “%(value)s”: write before or after (πριν or μετά).")
        elif column == "area":
            value = _area(text)
            message = _("Unknown area “%(value)s”: write 1 to 6, or 0 or “overall” (συνολικά) for the overall figure.")
        elif column == "percent":
            value = _percent(text)
            message = _("“%(value)s” is not a percentage from 0 to 100 (for example 62.5 or 62,5).")
        else:
            value = _respondents(text)
            message = _("“%(value)s” is not a number of respondents (a whole number, 1 or more).")
        if value is None:
            check.error(line, name, message % {"value": text[:40]})
            bad = True
            continue
        values[column] = value
    if bad:
        return None
    return OfficialRow(line=line, **values)


def official_check(content: bytes | None) -> OfficialCheck:
    """Every problem of a file of official figures (nothing is written): the file as a whole (size, encoding,
    header, number of rows), then each row (required values, values, the same role, phase and area twice)."""
    check = OfficialCheck()
    content = content or b""
    if len(content) > OFFICIAL_MAX_BYTES:
        check.error(None, "", _("The file is larger than 1 MB."))
        return check
    try:
        stream = read_csv(as_binary(bytes(content)))
        where = _header(check, stream.header)
        if where is None:
            return check
        seen: dict[tuple, int] = {}
        for line, cells in stream.rows:
            check.total += 1
            if check.total > OFFICIAL_MAX_ROWS:
                check.rows = []
                check.errors = []
                check.error(None, "", _("The file has more than %(max)s rows.") % {"max": OFFICIAL_MAX_ROWS})
                return check
            row = _row(check, line, cells, stream.header, where)
            if row is None:
                continue
            if row.key in seen:
                check.error(line, "", _("The same role, phase and area are already on row %(other)s.")
                            % {"other": seen[row.key]})  # fmt: skip
                continue
            seen[row.key] = line
            check.rows.append(row)
    except FileProblem as problem:
        check.rows = []
        for entry in problem.errors.sorted_entries():
            check.error(entry["row"], entry["column"], entry["message"])
        return check
    if not check.total and not check.errors:
        check.error(None, "", _("The file has a header row but no rows."))
    if check.errors:
        check.rows = []  # any error: nothing is imported
    return check


def _ordered(rows):
    return sorted(rows, key=lambda r: (list(Role.values).index(r.role), list(Phase.values).index(r.phase), r.area))


def official_of(cycle: Cycle) -> list[OfficialResult]:
    """The figures stored for a cycle, in the order of the pages (role, phase, area)."""
    found = list(OfficialResult.objects.filter(cycle_id=cycle.pk).select_related("imported_by"))
    return _ordered(found)


def _fingerprint(rows: list[OfficialResult]) -> str:
    figures = sorted([r.role, r.phase, r.area, str(r.percent), r.respondents] for r in rows)
    return hashlib.sha256(json.dumps(figures).encode()).hexdigest()[:32]


def _salt(actor: Any, cycle: Cycle) -> str:
    return f"competences.official:{cycle.pk}:{getattr(actor, 'pk', '')}"


def official_token(*, actor: Any, cycle: Cycle, rows: list[OfficialRow]) -> str:
    """The checked rows, signed for this person and cycle, with the figures they replace (their digest)."""
    payload = {
        "rows": [[r.role, r.phase, r.area, str(r.percent), r.respondents] for r in rows],
        "was": _fingerprint(list(OfficialResult.objects.filter(cycle_id=cycle.pk))),
    }
    return signing.dumps(payload, salt=_salt(actor, cycle), compress=True)


def _expired() -> StaffError:
    return StaffError(_("This check is no longer valid (it is kept for an hour): upload the file again."))


def _rows_of(actor: Any, cycle: Cycle, token: str) -> tuple[list[OfficialRow], str]:
    try:
        payload = signing.loads(token or "", salt=_salt(actor, cycle), max_age=TOKEN_MAX_AGE)
        rows = []
        for role, phase, area, percent, respondents in payload["rows"]:
            row = OfficialRow(role=Role(role).value, phase=Phase(phase).value, area=int(area),
                              percent=Decimal(percent), respondents=respondents)  # fmt: skip
            if row.area != 0 and row.area not in AREAS or _percent(percent) != row.percent:
                raise ValueError
            if respondents is not None and not (isinstance(respondents, int) and 1 <= respondents <= RESPONDENTS_MAX):
                raise ValueError
            rows.append(row)
        was = str(payload["was"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, InvalidOperation):
        raise _expired() from None
    if not rows or len({r.key for r in rows}) != len(rows):
        raise _expired()
    return rows, was


@dataclass
class PreviewLine:
    role: str
    phase: str
    area: int
    new: OfficialRow | None
    old: OfficialResult | None
    label: str = ""  # the area's

    @property
    def status(self) -> str:
        if self.old is None:
            return "new"
        if self.new is None:
            return "removed"
        same = (str(self.old.percent), self.old.respondents) == self.new.figure
        return "same" if same else "changed"


def official_preview(cycle: Cycle, rows: list[OfficialRow]) -> list[PreviewLine]:
    """What confirming would store, beside what it replaces (a figure of the cycle missing from the file is
    removed)."""
    stored = {(r.role, r.phase, r.area): r for r in OfficialResult.objects.filter(cycle_id=cycle.pk)}
    new = {r.key: r for r in rows}
    labels = area_labels()
    lines = [
        PreviewLine(role=k[0], phase=k[1], area=k[2], new=new.get(k), old=stored.get(k), label=labels[k[2]])
        for k in set(stored) | set(new)
    ]
    return _ordered(lines)


@dataclass
class ImportResult:
    count: int
    replaced: int
    changed: bool


def _may_import(actor: Any, cycle: Cycle) -> None:
    if not policies.may_see_cycle(actor, cycle):
        raise NotAllowed(_("Only the staff of the course's country can import its official results."))


@transaction.atomic
def official_import(*, actor: Any, cycle: Cycle, token: str) -> ImportResult:
    """Replace the cycle's official figures with the checked rows (``token``), stamped with who and when, and
    audit it. The same figures as those stored change nothing (no event); figures that changed since the
    check are not overwritten (check the file again)."""
    cycle = Cycle.objects.select_for_update().select_related("course__country").get(pk=cycle.pk)
    _may_import(actor, cycle)
    rows, was = _rows_of(actor, cycle, token)
    stored = list(OfficialResult.objects.filter(cycle_id=cycle.pk))
    now_figures = {(r.role, r.phase, r.area): (str(r.percent), r.respondents) for r in stored}
    if now_figures == {r.key: r.figure for r in rows}:
        return ImportResult(count=len(rows), replaced=len(stored), changed=False)
    if _fingerprint(stored) != was:
        raise StaffError(_("The official figures of this cycle changed since you checked the file: check it again."))
    now = timezone.now()
    OfficialResult.objects.filter(cycle_id=cycle.pk).delete()
    OfficialResult.objects.bulk_create(
        OfficialResult(cycle=cycle, role=r.role, phase=r.phase, area=r.area, percent=r.percent,
                       respondents=r.respondents, imported_at=now, imported_by=actor)
        for r in rows
    )  # fmt: skip
    audit_record(
        actor=actor, action="competences.official_imported", target=cycle, country_code=cycle.course.country.code,
        data={"cycle": cycle.pk, "rows": len(rows), "replaced": len(stored)},
    )  # fmt: skip
    return ImportResult(count=len(rows), replaced=len(stored), changed=True)


@transaction.atomic
def official_remove(*, actor: Any, cycle: Cycle) -> int:
    """Remove every official figure of the cycle (audited); the number removed."""
    cycle = Cycle.objects.select_for_update().select_related("course__country").get(pk=cycle.pk)
    _may_import(actor, cycle)
    removed, _by_model = OfficialResult.objects.filter(cycle_id=cycle.pk).delete()
    if not removed:
        raise StaffError(_("This cycle has no official figures to remove."))
    audit_record(
        actor=actor, action="competences.official_removed", target=cycle, country_code=cycle.course.country.code,
        data={"cycle": cycle.pk, "rows": removed},
    )  # fmt: skip
    return removed


def area_labels() -> dict[int, str]:
    """0: overall, 1..6: "1. Professional engagement" (the current version's names, in the active language)."""
    labels = {0: _("Overall")}
    for area in Area.objects.filter(version=fw.current()).order_by("number"):
        labels[area.number] = str(area)
    for number in AREAS:
        labels.setdefault(number, _("Area %(n)s") % {"n": number})
    return labels


def official_table(results: list[OfficialResult]) -> dict:
    """The stored figures as a table: one row an area (overall first), one column a role and phase."""
    columns = [(role, phase) for role in Role.values for phase in (Phase.BEFORE, Phase.AFTER)]
    cells = {(r.role, r.phase, r.area): r for r in results}
    labels = area_labels() if results else {}
    rows = []
    heads = [f"{Role(role).label}, {Phase(phase).label}" for role, phase in columns]
    for area in [0, *AREAS]:
        figures = [cells.get((role, phase, area)) for role, phase in columns]
        if any(figures):
            rows.append({"area": area, "label": labels[area], "figures": list(zip(heads, figures, strict=True))})
    latest = max(results, key=lambda r: r.imported_at) if results else None
    return {"heads": heads, "rows": rows, "latest": latest, "count": len(results)}


# --- framework wording -------------------------------------------------------------------------------------

TEXT_MAX = 300
NOTE_MAX = 300


def framework_editor_or_404(user: Any) -> None:
    if not policies.can_edit_framework(user):
        raise Http404


def versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.select_related("created_by").order_by("-number")


def current_item_or_404(code: Any) -> Item:
    """An item of the current version, by its code."""
    return get_or_404(
        Item.objects.select_related("competence__area", "version"), version=fw.current(), code=str(code)[:10]
    )


@dataclass
class AreaBlock:
    area: Area
    competences: list[dict]  # {"competence": Competence, "items": [{"item": Item, "levels": [(A1, en, el)…]}]}


def framework_blocks(framework: fw.Framework) -> list[AreaBlock]:
    """The current version area by area, competence by competence (no query: ``framework`` is loaded)."""
    blocks = {a.number: AreaBlock(area=a, competences=[]) for a in framework.areas}
    for item in framework.items:
        block = blocks.get(item.area_number)
        if block is None:
            continue
        if not block.competences or block.competences[-1]["competence"].pk != item.competence_id:
            block.competences.append({"competence": item.competence, "items": []})
        en, el = list(item.statements_en or []), list(item.statements_el or [])
        levels = [
            (code, en[i] if i < len(en) else "", el[i] if i < len(el) else "") for i, code in enumerate(LEVEL_CODES)
        ]
        block.competences[-1]["items"].append({"item": item, "levels": levels})
    return list(blocks.values())


def _clean_text(value: Any) -> str:
    return " ".join(str(value or "").split())


def item_wording_change(
    *,
    actor: Any,
    item: Item,
    version_number: int | None,
    prompt_en: str,
    prompt_el: str,
    statements_en: list[str],
    statements_el: list[str],
    note: str,
) -> FrameworkVersion:
    """A new version of the framework where ``item`` has this question and these six statements in English
    and Greek. Refused when the text is the same as now (no version is made), when a text is empty or too
    long, when the note is missing, or when another version was made since the form was opened."""
    if not policies.can_edit_framework(actor):
        raise NotAllowed(_("Only the Central Support Service can change the framework's wording."))
    values = {
        "prompt_en": _clean_text(prompt_en),
        "prompt_el": _clean_text(prompt_el),
        "statements_en": [_clean_text(s) for s in statements_en],
        "statements_el": [_clean_text(s) for s in statements_el],
    }
    note = _clean_text(note)
    for name in ("prompt_en", "prompt_el"):
        if not values[name]:
            raise StaffError(_("Write the question."), field=name)
        if len(values[name]) > TEXT_MAX:
            raise StaffError(_("At most %(n)s characters.") % {"n": TEXT_MAX}, field=name)
    for language in ("en", "el"):
        statements = values[f"statements_{language}"]
        if len(statements) != 6:
            raise StaffError(_("Each item has six statements, one a level (A1 to C2)."))
        for index, text in enumerate(statements, start=1):
            if not text:
                raise StaffError(_("Write the statement of this level."), field=f"statement_{language}_{index}")
            if len(text) > TEXT_MAX:
                raise StaffError(_("At most %(n)s characters.") % {"n": TEXT_MAX},
                                 field=f"statement_{language}_{index}")  # fmt: skip
    if not note:
        raise StaffError(_("Say what changed: it is shown in the list of versions."), field="note")
    if len(note) > NOTE_MAX:
        raise StaffError(_("At most %(n)s characters.") % {"n": NOTE_MAX}, field="note")
    with transaction.atomic():
        current = FrameworkVersion.objects.select_for_update().order_by("-number").first()
        if (
            current is None
            or current.pk != item.version_id
            or (version_number is not None and version_number != current.number)
        ):
            raise StaffError(_("Someone made a new version since you opened this page: open the item again."))
        fresh = Item.objects.get(pk=item.pk)
        changed = {
            name: value
            for name, value in values.items()
            if (list(getattr(fresh, name)) if name.startswith("statements") else getattr(fresh, name)) != value
        }
        if not changed:
            raise StaffError(_("Nothing changed: the wording is the same as in the current version."))
        return fw.version_create(actor=actor, edits={item.code: changed}, note=note)


# --- courses and the areas they develop ----------------------------------------------------------------------


def _course_scope(user: Any) -> set[int] | None:
    ids = policies.report_country_ids(user)
    if ids is not None and not ids:
        raise Http404
    return ids


def staff_courses(user: Any) -> QuerySet[Course]:
    """The courses of the person's countries (every course for CSS staff), by title; 404 for others."""
    ids = _course_scope(user)
    courses = Course.objects.select_related("country").order_by("title", "id")
    return courses if ids is None else courses.filter(country_id__in=ids)


def staff_course_or_404(user: Any, course_id: Any) -> Course:
    return get_or_404(staff_courses(user), pk=course_id)


def areas_of(course_ids: list[int]) -> dict[int, set[int]]:
    """The areas of each course (one query)."""
    found: dict[int, set[int]] = {pk: set() for pk in course_ids}
    for course_id, area in CourseArea.objects.filter(course_id__in=course_ids).values_list("course_id", "area"):
        found.setdefault(course_id, set()).add(area)
    return found


@transaction.atomic
def course_areas_set(*, actor: Any, course: Course, areas: list[int] | set[int]) -> bool:
    """The areas ``course`` develops are ``areas`` from now on; audited when they changed. ``True`` if they
    did."""
    course = Course.objects.select_for_update().select_related("country").get(pk=course.pk)
    ids = policies.report_country_ids(actor)
    if ids is not None and course.country_id not in ids:
        raise NotAllowed(_("Only the staff of the course's country can say which areas it develops."))
    wanted = set()
    for area in areas:
        number = int(area)
        if number not in AREAS:
            raise StaffError(_("The framework has areas 1 to 6."), field="areas")
        wanted.add(number)
    before = set(CourseArea.objects.filter(course_id=course.pk).values_list("area", flat=True))
    if wanted == before:
        return False
    CourseArea.objects.filter(course_id=course.pk, area__in=before - wanted).delete()
    CourseArea.objects.bulk_create(CourseArea(course=course, area=a) for a in sorted(wanted - before))
    audit_record(
        actor=actor, action="competences.course_areas_changed", target=course, country_code=course.country.code,
        data={"before": sorted(before), "after": sorted(wanted)},
    )  # fmt: skip
    return True
