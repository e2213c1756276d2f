"""What a Moodle backup becomes in a cycle: the plan that the preview shows and the import carries out.

- a section becomes a **module** (its name, else "Topic N", "General" for Moodle's section 0; its summary as
  plain text); an empty section 0 becomes nothing;
- a **page** becomes a page (its content sanitised; pictures and files it embeds with ``@@PLUGINFILE@@``
  attached to it and pointed at); a **label** a page not required for completion, named after its text;
  a **file** (resource) a page with the file attached and linked; a **URL** a page with the link;
- a **quiz** becomes a quiz (dates, attempts, time limit, the highest or last attempt, points, pass mark) with
  its questions, in order, taken from the course's question bank, where the backup's questions go under
  categories named after Moodle's;
- an **assignment** an assignment (instructions, opening, due and cut-off dates, points, text and/or file);
- a **forum** a forum task (the posts its completion asks for); an announcements forum is not one;
- an activity is required for completion when Moodle tracked its completion (when the course tracked none,
  every activity but labels is required); restrictions, hidden items, scales and what has no counterpart
  are listed, never silently dropped. Everything else (choice, wiki, plugins…) is listed as not imported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from twinning.core import upload_check
from twinning.core.richtext import plain_text, sanitize

from ..models import TITLE_MAX, ActivityKind, GradingMethod, SubmissionType
from ..qformats import common as qcommon
from .parse import Backup, BackupFile, BankQuestion, MoodleActivity, Section, Skip, decimal, number

PLUGINFILE = re.compile(r"@@PLUGINFILE@@(/[^\"'\s<>?#]*)")
CROSS_LINK = re.compile(r"\$@[A-Z]+\*[0-9]+@\$")  # Moodle's links to other activities of the course
FILE_LINK = "moodle-file:"  # a file to attach, named in a body until the import knows its address
MAX_POINTS = Decimal("9999.99")
MAX_FILE_BYTES = 20 * 1024 * 1024

# Moodle's own activities the platform has no kind for, with the reason shown to staff.
MODULE_NAMES = {
    "choice": N_("choice"),
    "feedback": N_("feedback"),
    "glossary": N_("glossary"),
    "wiki": N_("wiki"),
    "lesson": N_("lesson"),
    "workshop": N_("workshop"),
    "data": N_("database"),
    "scorm": N_("SCORM package"),
    "book": N_("book"),
    "folder": N_("folder"),
    "lti": N_("external tool (LTI)"),
    "chat": N_("chat"),
    "survey": N_("survey"),
    "h5pactivity": N_("H5P"),
    "imscp": N_("IMS content package"),
    "bigbluebuttonbn": N_("BigBlueButton"),
    "qbank": N_("question bank"),
    "subsection": N_("subsection"),
}


@dataclass
class PlannedFile:
    file: BackupFile
    source: Path
    linked: bool = False  # a resource's file: a link to it goes into the page


@dataclass
class PlannedActivity:
    kind: str
    title: str
    source: str  # Moodle's module name
    fields: dict[str, Any] = field(default_factory=dict)  # for ``content.activity_create``
    files: list[PlannedFile] = field(default_factory=list)
    slots: list[tuple[str, Decimal]] = field(default_factory=list)  # (question key, points)

    @property
    def kind_label(self) -> str:
        return str(ActivityKind(self.kind).label)


@dataclass
class PlannedModule:
    title: str
    summary: str
    activities: list[PlannedActivity] = field(default_factory=list)


@dataclass
class PlannedCategory:
    path: list[str]
    questions: list[BankQuestion] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " / ".join(self.path)

    @property
    def kinds(self) -> list[tuple[str, int]]:
        from ..models import QuestionKind

        counts = Counter(q.parsed["kind"] for q in self.questions if q.parsed)
        return [(str(QuestionKind(kind).label), n) for kind, n in sorted(counts.items())]


@dataclass
class Plan:
    course_name: str = ""
    release: str = ""
    modules: list[PlannedModule] = field(default_factory=list)
    categories: list[PlannedCategory] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def activities(self) -> list[PlannedActivity]:
        return [a for m in self.modules for a in m.activities]

    @property
    def files(self) -> list[PlannedFile]:
        return [f for a in self.activities for f in a.files]

    def counts(self) -> dict[str, Any]:
        kinds = Counter(str(a.kind) for a in self.activities)
        return {
            "modules": len(self.modules),
            "activities": len(self.activities),
            "kinds": dict(sorted(kinds.items())),
            "questions": sum(len(c.questions) for c in self.categories),
            "categories": len(self.categories),
            "files": len(self.files),
            "not_imported": len(self.skipped),
        }


# --- texts ----------------------------------------------------------------------------------------------------


def to_html(value: str, fmt: str) -> str:
    """A Moodle text as sanitised HTML: HTML (and Moodle's auto-format when it holds tags) kept and sanitised,
    plain text and Markdown escaped into paragraphs."""
    value = CROSS_LINK.sub("#", value or "")
    if fmt == "1" or (fmt == "0" and "<" in value):
        return sanitize(value.strip())
    return qcommon.plain_to_html(value, paragraphs=True)


def _title(value: str, fallback: str) -> str:
    title = " ".join((value or "").split()) or fallback
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


def _when(value: str | None) -> datetime | None:
    seconds = number(value or "0")
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _points(value: str | None) -> Decimal:
    found = decimal(value or "0") or Decimal(0)
    return min(max(found, Decimal(0)), MAX_POINTS).quantize(Decimal("0.01"))


# --- files ------------------------------------------------------------------------------------------------------


def _max_file_bytes() -> int:
    return getattr(settings, "MOODLE_MAX_FILE_BYTES", MAX_FILE_BYTES)


def _file_problem(backup: Backup, item: BackupFile) -> tuple[Path | None, str]:
    """Where the file's bytes are, or why it cannot be attached (a kind the platform refuses, too large, missing)."""
    source = backup.content_path(item)
    if source is None:
        return None, _("the file is missing from the backup.")
    size = source.stat().st_size
    if size > _max_file_bytes():
        return None, _("the file is too large to attach here.")
    with source.open("rb") as handle:
        head = handle.read(upload_check.HEAD_BYTES)
    extension = Path(item.filename).suffix.lower()
    code = upload_check.sniff(head, extension)
    if code is None or code not in upload_check.MATERIALS or extension not in upload_check.KINDS[code].extensions:
        return None, _("this kind of file cannot be attached on the platform.")
    return source, ""


def _with_files(backup: Backup, plan: Plan, planned: PlannedActivity, html: str, activity: MoodleActivity) -> str:
    """``html`` with each ``@@PLUGINFILE@@`` reference to a file of the activity pointed at that file (attached
    by the import); files that cannot come along are listed and their references dropped."""
    by_path: dict[str, BackupFile] = {}
    for item in activity.files:
        by_path.setdefault(item.path, item)
    attached: dict[str, PlannedFile] = {f.file.id: f for f in planned.files}

    def replace(match: re.Match) -> str:
        path = unquote(match.group(1))
        item = by_path.get(path)
        if item is None:
            plan.skipped.append(
                Skip(
                    "file",
                    "file",
                    path.lstrip("/"),
                    _("the text refers to a file that is not in the backup."),
                    planned.title,
                )
            )
            return "#"
        if item.id not in attached:
            source, problem = _file_problem(backup, item)
            if source is None:
                plan.skipped.append(Skip("file", "file", item.filename, problem, planned.title))
                return "#"
            attached[item.id] = PlannedFile(file=item, source=source)
            planned.files.append(attached[item.id])
        return f"/{FILE_LINK}{item.id}"

    return PLUGINFILE.sub(replace, html)


# --- activities -------------------------------------------------------------------------------------------------


def _rich(backup: Backup, plan: Plan, planned: PlannedActivity, activity: MoodleActivity, key: str = "intro") -> str:
    """The activity's text ``key`` (``intro``, ``content``) as sanitised HTML, its embedded files planned."""
    raw = _with_files(backup, plan, planned, activity.values.get(key, ""), activity)
    return to_html(raw, activity.values.get(f"{key}format", "1"))


def _dates(plan: Plan, planned: PlannedActivity, opens, due, closes) -> None:
    """Dates as the platform's rules allow them (opens < due ≤ closes); a date that breaks them is left out
    and listed."""

    def drop(label: str) -> None:
        plan.skipped.append(
            Skip(
                "setting",
                planned.source,
                planned.title,
                _("the %(date)s does not fit the other dates and is not imported.") % {"date": label},
            )
        )

    if opens and due and not opens < due:
        drop(_("opening date"))
        opens = None
    if due and closes and not due <= closes:
        drop(_("closing date"))
        closes = None
    if opens and closes and not opens < closes:
        drop(_("opening date"))
        opens = None
    planned.fields.update(opens_at=opens, due_at=due, closes_at=closes)


def _page(backup: Backup, plan: Plan, activity: MoodleActivity, title: str, required: bool) -> PlannedActivity:
    planned = PlannedActivity(kind=ActivityKind.PAGE, title=title, source=activity.modname)
    values = activity.values
    body = _rich(backup, plan, planned, activity, "content" if activity.modname == "page" else "intro")
    if activity.modname == "url":
        address = values.get("externalurl", "").strip()
        if urlsplit(address).scheme.lower() not in ("http", "https"):
            raise _NotMapped(_("the link is not a web address (http or https)."))
        body += f'<p><a href="{escape(address)}">{escape(title)}</a></p>'
    if activity.modname == "resource":
        contents = [f for f in activity.files if f.component == "mod_resource" and f.filearea == "content"]
        if not contents:
            raise _NotMapped(_("the file is missing from the backup."))
        main = contents[0]
        source, problem = _file_problem(backup, main)
        if source is None:
            raise _NotMapped(problem)
        planned.files.append(PlannedFile(file=main, source=source, linked=True))
        body += f'<p><a href="/{FILE_LINK}{main.id}">{escape(main.filename)}</a></p>'
    planned.fields = {"title": title, "body": body, "required": required}
    return planned


def _quiz(backup: Backup, plan: Plan, activity: MoodleActivity, title: str, required: bool) -> PlannedActivity:
    values = activity.values
    planned = PlannedActivity(kind=ActivityKind.QUIZ, title=title, source="quiz")
    points = _points(values.get("grade"))
    method = number(values.get("grademethod", "1"), 1)
    if method not in (1, 4):
        label = _("the average of the attempts") if method == 2 else _("the first attempt")
        plan.skipped.append(
            Skip(
                "setting",
                "quiz",
                title,
                _("the grade kept was %(method)s; here the highest attempt counts.") % {"method": label},
            )
        )
    attempts = number(values.get("attempts_number", "0"))
    limit = number(values.get("timelimit", "0"))
    pass_percent = None
    grade_pass, grade_max = decimal(values.get("gradepass", "")), decimal(values.get("grademax", ""))
    if grade_pass and grade_max and grade_max > 0:
        pass_percent = min(100, max(0, int((grade_pass * 100 / grade_max).to_integral_value())))
    planned.fields = {
        "title": title,
        "body": _rich(backup, plan, planned, activity),
        "required": required,
        "max_points": points,
        "pass_percent": pass_percent,
        "attempts_allowed": min(attempts, 1000) if attempts > 0 else None,
        "time_limit_minutes": min(math.ceil(limit / 60), 32767) if limit > 0 else None,
        "grading_method": GradingMethod.LAST if method == 4 else GradingMethod.HIGHEST,
        "shuffle": values.get("shufflequestions") == "1",
    }
    _dates(plan, planned, _when(values.get("timeopen")), None, _when(values.get("timeclose")))
    seen: set[int] = set()
    for slot in activity.slots:
        if not slot.question_key:
            plan.skipped.append(
                Skip(
                    "question",
                    "random",
                    _("Random question"),
                    _("questions drawn at random are not imported: add them to the quiz by hand."),
                    title,
                )
            )
            continue
        question = backup.questions.get(slot.question_key)
        if question is None:
            plan.skipped.append(
                Skip(
                    "question",
                    "",
                    _("Question %(n)s") % {"n": slot.number},
                    _("the question is missing from the backup."),
                    title,
                )
            )
            continue
        if question.parsed is None or id(question) in seen:
            continue  # listed once with the question bank
        seen.add(id(question))
        planned.slots.append((question.key, slot.maxmark.quantize(Decimal("0.01"))))
    return planned


def _assignment(backup: Backup, plan: Plan, activity: MoodleActivity, title: str, required: bool) -> PlannedActivity:
    values, plugins = activity.values, activity.plugins
    planned = PlannedActivity(kind=ActivityKind.ASSIGNMENT, title=title, source="assign")
    grade = decimal(values.get("grade", "0")) or Decimal(0)
    if grade < 0:
        plan.skipped.append(Skip("setting", "assign", title, _("it was graded on a scale: give it points by hand.")))
    text_on, file_on = plugins.get("onlinetext.enabled") == "1", plugins.get("file.enabled") == "1"
    if text_on and file_on:
        submission = SubmissionType.BOTH
    elif file_on:
        submission = SubmissionType.FILE
    else:
        submission = SubmissionType.TEXT
        if not text_on:
            plan.skipped.append(
                Skip("setting", "assign", title, _("it asked for no online submission; here learners submit a text."))
            )
    if values.get("teamsubmission") == "1":
        plan.skipped.append(
            Skip("setting", "assign", title, _("group submissions are not available: each learner submits."))
        )
    planned.fields = {
        "title": title,
        "body": _rich(backup, plan, planned, activity),
        "required": required,
        "max_points": _points(values.get("grade")) if grade > 0 else Decimal(0),
        "submission_type": submission,
    }
    _dates(
        plan,
        planned,
        _when(values.get("allowsubmissionsfromdate")),
        _when(values.get("duedate")),
        _when(values.get("cutoffdate")),
    )
    return planned


def _forum(backup: Backup, plan: Plan, activity: MoodleActivity, title: str, required: bool) -> PlannedActivity:
    values = activity.values
    if values.get("type") == "news":
        raise _NotMapped(_("an announcements forum: the cycle's announcements do this."))
    posts = number(values.get("completionposts", "0"))
    posts = posts or number(values.get("completiondiscussions", "0")) + number(values.get("completionreplies", "0"))
    if values.get("assessed", "0") not in ("", "0"):
        plan.skipped.append(Skip("setting", "forum", title, _("ratings of posts are not imported.")))
    planned = PlannedActivity(kind=ActivityKind.FORUM, title=title, source="forum")
    planned.fields = {
        "title": title,
        "body": _rich(backup, plan, planned, activity),
        "required": required,
        "posts_required": min(max(posts, 1), 100),
    }
    return planned


class _NotMapped(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _activity(
    backup: Backup, plan: Plan, activity: MoodleActivity, uses_completion: bool, where: str
) -> PlannedActivity | None:
    modname = activity.modname
    title = _title(activity.title, modname)
    if not activity.found:
        plan.skipped.append(Skip("activity", modname, title, _("the activity is missing from the backup."), where))
        return None
    required = activity.completion > 0 if uses_completion else True
    try:
        if modname in ("page", "url", "resource"):
            planned = _page(backup, plan, activity, title, required)
        elif modname == "label":
            planned = PlannedActivity(kind=ActivityKind.PAGE, title=title, source="label")
            text_html = _rich(backup, plan, planned, activity)
            planned.title = _title(plain_text(text_html, limit=80), title)
            planned.fields = {"title": planned.title, "body": text_html, "required": False}
        elif modname == "quiz":
            planned = _quiz(backup, plan, activity, title, required)
        elif modname == "assign":
            planned = _assignment(backup, plan, activity, title, required)
        elif modname == "forum":
            planned = _forum(backup, plan, activity, title, required)
        else:
            if modname in MODULE_NAMES:
                reason = _("the platform has no activity of this kind (Moodle's %(name)s).") % {
                    "name": _(MODULE_NAMES[modname])
                }
            else:
                reason = _("an activity of a Moodle plugin (mod_%(name)s) that the platform does not have.") % {
                    "name": modname
                }
            raise _NotMapped(reason)
    except _NotMapped as exc:
        plan.skipped.append(Skip("activity", modname, title, exc.reason, where))
        return None
    if not activity.visible:
        plan.skipped.append(
            Skip("setting", modname, title, _("it was hidden from learners in Moodle; here it is visible."), where)
        )
    if activity.availability:
        plan.skipped.append(Skip("setting", modname, title, _("its access restrictions are not imported."), where))
    return planned


def _module_title(section: Section) -> str:
    if section.name:
        return _title(section.name, "")
    if section.number == 0:
        return _("General")
    return _("Topic %(n)s") % {"n": section.number}


def plan(backup: Backup) -> Plan:
    """The plan of what importing ``backup`` creates, and what it leaves out (nothing is written)."""
    result = Plan(course_name=backup.course_name, release=backup.release, skipped=list(backup.skipped))
    uses_completion = any(a.completion > 0 for s in backup.sections for a in s.activities)
    for section in backup.sections:
        module = PlannedModule(
            title=_module_title(section),
            summary=plain_text(to_html(section.summary, section.summary_format))[:2000],
        )
        for activity in section.activities:
            planned = _activity(backup, result, activity, uses_completion, module.title)
            if planned is not None:
                module.activities.append(planned)
        if section.number == 0 and not module.activities and not module.summary:
            continue
        if not section.visible:
            result.skipped.append(
                Skip(
                    "setting",
                    "section",
                    module.title,
                    _("the section was hidden from learners in Moodle; here it is visible."),
                )
            )
        if section.availability:
            result.skipped.append(
                Skip("setting", "section", module.title, _("its access restrictions are not imported."))
            )
        result.modules.append(module)
    for category in backup.categories:
        importable = [q for q in category.questions if q.parsed is not None]
        for question in category.questions:
            for warning in question.warnings:  # pictures in a question's text, an answer "*" of a number…
                result.skipped.append(
                    Skip("question", question.qtype, question.name, warning, " / ".join(category.path))
                )
            if question.parsed is None:
                result.skipped.append(
                    Skip("question", question.qtype, question.name, question.reason, " / ".join(category.path))
                )
        if importable:
            result.categories.append(PlannedCategory(path=category.path, questions=importable))
    return result


def summary(result: Plan) -> dict[str, Any]:
    """The plan as plain data (kept with the job, shown on the result page)."""
    return {
        "course": result.course_name,
        "counts": result.counts(),
        "modules": [
            {
                "title": m.title,
                "activities": [{"kind": a.kind, "title": a.title, "source": a.source} for a in m.activities],
            }
            for m in result.modules
        ],
        "categories": [{"title": c.title, "questions": len(c.questions)} for c in result.categories],
        "not_imported": [skip_data(s) for s in result.skipped],
    }


def skip_data(skip: Skip) -> dict[str, str]:
    return {"what": skip.what, "kind": skip.kind, "name": skip.name, "reason": str(skip.reason), "where": skip.where}
