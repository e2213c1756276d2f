"""Bringing Moodle question files (GIFT, Moodle XML) into a course's question bank, and taking them out.

Import is two steps: ``import_preview`` reads the file and says what would happen (questions per category
and kind, those already in the bank, the rows not imported, warnings and line-numbered errors), changing
nothing; ``import_apply`` reads the same file again and, only when it has no error at all, creates the
missing categories and the new questions in one transaction. A question is "already there" when its
category holds a question of the same name and the same text: importing a file twice adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from twinning.core.errors import DomainError
from twinning.core.registries import register_audit_actions
from twinning.core.services import audit_record

from . import qformats
from .models import Course, Question, QuestionCategory, QuestionKind

register_audit_actions({"learning.questions_imported": gettext_lazy("questions imported into a course's bank")})

# The category of a file's questions that name none (created in the language of the page).
DEFAULT_CATEGORY = gettext_noop("Imported questions")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class Row:
    """One line of the preview: how many questions of a kind go into a category."""

    category: str
    kind: str
    count: int = 0
    existing: int = 0

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)

    @property
    def new(self) -> int:
        return self.count - self.existing


@dataclass
class Preview:
    fmt: str
    result: qformats.ParseResult
    rows: list[Row] = field(default_factory=list)
    new: int = 0
    existing: int = 0

    @property
    def ok(self) -> bool:
        return self.result.ok


def _path(question: dict, default: list[str]) -> tuple[str, ...]:
    return tuple(question["category_path"] or default)


def _parse(content: bytes, fmt: str, filename: str) -> tuple[str, qformats.ParseResult]:
    try:
        return qformats.parse(content, fmt=fmt, filename=filename)
    except qformats.FormatError as exc:
        raise DomainError(str(exc)) from exc


def _categories(course: Course) -> dict[tuple[int | None, str], QuestionCategory]:
    return {(c.parent_id, c.name): c for c in QuestionCategory.objects.filter(course=course)}


def _find(known: dict, path: tuple[str, ...], parent: QuestionCategory | None = None) -> QuestionCategory | None:
    for name in path:
        parent = known.get((parent.pk if parent else None, name))
        if parent is None:
            return None
    return parent


def _existing(course: Course) -> set[tuple[int, str, str]]:
    rows = Question.objects.filter(course=course).values_list("category_id", "name", "text")
    return {(category_id, name, text_hash(text)) for category_id, name, text in rows}


def import_preview(*, course: Course, content: bytes, fmt: str = "", filename: str = "",
                   default_category: QuestionCategory | None = None) -> Preview:  # fmt: skip
    """What importing ``content`` would do (nothing is written)."""
    fmt, result = _parse(content, fmt, filename)
    preview = Preview(fmt=fmt, result=result)
    if not result.ok:
        return preview
    known, existing = _categories(course), _existing(course)
    default = _default_path(default_category)
    rows: dict[tuple[tuple[str, ...], str], Row] = {}
    seen: set = set()
    for question in result.questions:
        path = _path(question, default)
        row = rows.setdefault((path, question["kind"]), Row(" / ".join(path), question["kind"]))
        row.count += 1
        category = _find(known, path)
        key = (category.pk if category else path, question["name"], text_hash(question["text"]))
        if key in seen or (category is not None and key in existing):
            row.existing += 1
        seen.add(key)
    preview.rows = list(rows.values())
    preview.existing = sum(row.existing for row in preview.rows)
    preview.new = sum(row.count for row in preview.rows) - preview.existing
    return preview


def _default_path(category: QuestionCategory | None) -> list[str]:
    if category is None:
        return [_(DEFAULT_CATEGORY)]
    path: list[str] = []
    while category is not None:
        path.insert(0, category.name)
        category = category.parent
    return path


@transaction.atomic
def import_apply(*, actor, course: Course, content: bytes, fmt: str = "", filename: str = "",
                 default_category: QuestionCategory | None = None) -> dict:  # fmt: skip
    """Import every question of ``content`` into ``course``'s bank, all or nothing: any error in the file
    and nothing is written. Categories named by the file are created when missing; questions already in
    their category (same name, same text) are left as they are. Returns the counts."""
    fmt, result = _parse(content, fmt, filename)
    if not result.ok:
        raise DomainError(_("The file has errors: nothing was imported. %(first)s") % {"first": str(result.errors[0])})
    if not result.questions:
        raise DomainError(_("The file has no question that can be imported."))
    Course.objects.select_for_update().filter(pk=course.pk).first()  # one import of a course at a time
    known, existing = _categories(course), _existing(course)
    default = _default_path(default_category)
    created_categories = 0
    new: list[Question] = []
    already = 0
    for question in result.questions:
        parent = None
        for name in _path(question, default):
            found = known.get((parent.pk if parent else None, name))
            if found is None:
                found = QuestionCategory.objects.create(course=course, parent=parent, name=name)
                known[(found.parent_id, name)] = found
                created_categories += 1
            parent = found
        assert parent is not None
        key = (parent.pk, question["name"], text_hash(question["text"]))
        if key in existing:
            already += 1
            continue
        existing.add(key)
        new.append(
            Question(
                course=course,
                category=parent,
                kind=question["kind"],
                name=question["name"],
                text=question["text"],
                general_feedback=question["general_feedback"],
                default_points=question["default_points"],
                data=question["data"],
            )
        )
    Question.objects.bulk_create(new)
    counts = {
        "format": fmt,
        "file": filename[:200],
        "created": len(new),
        "already_there": already,
        "not_imported": len(result.skipped),
        "warnings": len(result.warnings),
        "categories_created": created_categories,
    }
    audit_record(
        actor=actor,
        action="learning.questions_imported",
        target=course,
        country_code=course.country.code if course.country_id else "",
        data=counts,
    )
    return counts


# --- export -------------------------------------------------------------------------------------------------


def category_paths(course: Course) -> dict[int, list[str]]:
    """Every category of the course with the chain of names from its root (one query)."""
    rows = {c.pk: c for c in QuestionCategory.objects.filter(course=course).only("pk", "parent_id", "name")}
    paths: dict[int, list[str]] = {}

    def path(pk: int, depth: int = 0) -> list[str]:
        if pk not in paths:
            row = rows[pk]
            parent = path(row.parent_id, depth + 1) if row.parent_id in rows and depth < 50 else []
            paths[pk] = [*parent, row.name]
        return paths[pk]

    for pk in rows:
        path(pk)
    return paths


def export(*, course: Course, fmt: str, category: QuestionCategory | None = None) -> tuple[str, str]:
    """The course's questions (those of ``category`` and its subcategories when given) as a GIFT or Moodle
    XML file: (file name, text)."""
    paths = category_paths(course)
    wanted = set(paths)
    if category is not None:
        root = paths[category.pk]
        wanted = {pk for pk, path in paths.items() if path[: len(root)] == root}
    questions = [
        {
            "kind": q.kind,
            "name": q.name,
            "text": q.text,
            "general_feedback": q.general_feedback,
            "default_points": q.default_points,
            "data": q.data,
            "category_path": paths[q.category_id],
        }
        for q in Question.objects.filter(course=course, category_id__in=wanted).order_by("id")
    ]
    questions.sort(key=lambda q: q["category_path"])  # stable: in each category, the order of creation
    extension = "xml" if fmt == qformats.XML else "gift"
    name = f"{slugify(course.title, allow_unicode=False) or 'course'}-questions.{extension}"
    return name, qformats.dump(questions, fmt)


def import_summary(counts: dict) -> str:
    """What an import did, for the message after it."""
    created = ngettext("Imported %(count)s question.", "Imported %(count)s questions.", counts["created"]) % {
        "count": counts["created"]
    }
    return (
        created
        + " "
        + _("Already there: %(existing)s. Not imported: %(skipped)s.")
        % {
            "existing": counts["already_there"],
            "skipped": counts["not_imported"],
        }
    )
