"""Reading an unpacked Moodle course backup into plain dataclasses, no model involved.

What Moodle 2.x–5.x writes and this reads: ``moodle_backup.xml`` (the sections and activities in the
backup, whether it holds user data), ``sections/section_<id>/section.xml`` (number, name, summary, the
order of its activities in ``sequence``, visibility, restrictions), ``activities/<modname>_<cmid>/``
(``module.xml``: visibility, completion, restrictions; ``<modname>.xml``: the activity's own settings),
``questions.xml`` (question categories holding, since Moodle 4, question bank entries with their versions;
before, the questions themselves) and ``files.xml`` with ``files/<2 hex>/<contenthash>``.

Every XML file is parsed with ``defusedxml`` (a DOCTYPE or an entity refuses the whole backup). The
questions are turned into Moodle XML and read by the bank's own Moodle XML parser
(``learning.qformats.moodle_xml``), so that a backup's question and an exported question of the same kind
become the same question of the bank, with the same kinds not brought along.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only to build Moodle XML; parsing is defusedxml's
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError  # noqa: S405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as defused_parse
from django.utils.translation import gettext as _

from ..qformats import common as qcommon
from ..qformats import moodle_xml
from .archive import MANIFEST, BackupRefused

NULL = "$@NULL@$"
MAX_XML_BYTES = 64 * 1024 * 1024  # questions.xml of a large bank
# Moodle's text formats (FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN) as Moodle XML names them.
TEXT_FORMATS = {"0": "moodle_auto_format", "1": "html", "2": "plain_text", "4": "markdown"}


# --- the dataclasses -----------------------------------------------------------------------------------------


@dataclass
class Skip:
    """Something of the backup that is not brought along, and why."""

    what: str  # "activity", "question", "setting", "file", "data"
    kind: str  # the Moodle name of its type (mod_hvp, essay, …) or a label
    name: str
    reason: str
    where: str = ""  # the section (or quiz) it was in

    @property
    def what_label(self) -> str:
        labels = {
            "activity": _("Activity"),
            "question": _("Question"),
            "setting": _("Setting"),
            "file": _("File"),
            "data": _("User data"),
        }
        return str(labels.get(self.what, self.what))

    @property
    def type_label(self) -> str:
        """Moodle's name of the type: ``mod_hvp`` for an activity, the question type, …"""
        if self.what == "activity" and self.kind:
            return f"mod_{self.kind}"
        return self.kind


@dataclass
class BackupFile:
    id: str
    contenthash: str
    contextid: str
    component: str
    filearea: str
    itemid: str
    filepath: str
    filename: str
    filesize: int
    mimetype: str
    license: str = ""

    @property
    def path(self) -> str:
        """As ``@@PLUGINFILE@@`` refers to it: ``/folder/name.png``."""
        return (self.filepath or "/") + self.filename


@dataclass
class Slot:
    number: int
    maxmark: Decimal
    question_key: str  # "e:<bank entry id>" (Moodle 4+) or "q:<question id>" (before); "" for a random slot


@dataclass
class MoodleActivity:
    cmid: str
    modname: str
    title: str
    visible: bool = True
    completion: int = 0  # 0 none, 1 manual, 2 automatic
    availability: bool = False  # access restrictions set
    values: dict[str, str] = field(default_factory=dict)  # the activity element's simple children
    plugins: dict[str, str] = field(default_factory=dict)  # assign's plugin_configs: "onlinetext.enabled"
    slots: list[Slot] = field(default_factory=list)  # a quiz's questions in order
    files: list[BackupFile] = field(default_factory=list)  # the files of the activity's context
    found: bool = True  # its folder is in the backup


@dataclass
class Section:
    id: str
    number: int
    name: str
    summary: str
    summary_format: str
    visible: bool = True
    availability: bool = False
    activities: list[MoodleActivity] = field(default_factory=list)


@dataclass
class BankQuestion:
    key: str
    qtype: str
    name: str
    category_id: str
    parsed: dict | None = None  # a neutral question dict (``qformats.common.question``) when it can be imported
    reason: str = ""  # why not, otherwise
    warnings: list[str] = field(default_factory=list)


@dataclass
class BankCategory:
    id: str
    name: str
    parent_id: str
    info: str
    path: list[str] = field(default_factory=list)  # names from the bank's root ("top" left out)
    questions: list[BankQuestion] = field(default_factory=list)


@dataclass
class Backup:
    folder: Path
    course_name: str = ""
    release: str = ""
    user_data: bool = False
    sections: list[Section] = field(default_factory=list)
    categories: list[BankCategory] = field(default_factory=list)
    questions: dict[str, BankQuestion] = field(default_factory=dict)  # by "e:<entry>" and "q:<question>"
    files: dict[str, BackupFile] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)
    _by_context: dict[str, list[BackupFile]] | None = field(default=None, repr=False)

    def files_by_context(self) -> dict[str, list[BackupFile]]:
        """The backup's files by the Moodle context they belong to (an activity's, the course's…)."""
        if self._by_context is None:
            self._by_context = {}
            for item in self.files.values():
                self._by_context.setdefault(item.contextid, []).append(item)
        return self._by_context

    def content_path(self, file: BackupFile) -> Path | None:
        """Where a file's bytes are in the unpacked backup (None when missing)."""
        digest = file.contenthash
        if len(digest) != 40 or not all(c in "0123456789abcdef" for c in digest):
            return None
        path = self.folder / "files" / digest[:2] / digest
        return path if path.is_file() else None


# --- reading XML ------------------------------------------------------------------------------------------------


def read_xml(folder: Path, name: str, *, required: bool = True) -> Element | None:
    """The root element of the backup's file ``name`` (``defusedxml``: no DOCTYPE, no entity)."""
    path = folder.joinpath(*name.split("/"))
    if not path.is_file():
        if required:
            raise BackupRefused(_("The backup lacks the file %(name)s.") % {"name": name})
        return None
    if path.stat().st_size > MAX_XML_BYTES:
        raise BackupRefused(_("The file %(name)s of the backup is too large to read.") % {"name": name})
    try:
        return defused_parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True).getroot()
    except DefusedXmlException:
        raise BackupRefused(
            _("The file %(name)s of the backup declares a DOCTYPE or entities, which are refused for safety.")
            % {"name": name}
        ) from None
    except (ParseError, ValueError):
        raise BackupRefused(_("The file %(name)s of the backup is not well-formed XML.") % {"name": name}) from None


def text(element: Element | None, tag: str, default: str = "") -> str:
    """The text of ``element/tag`` ("" for Moodle's ``$@NULL@$`` and for a missing element)."""
    if element is None:
        return default
    node = element.find(tag)
    if node is None or node.text is None or node.text == NULL:
        return default
    return node.text


def number(value: str, default: int = 0) -> int:
    try:
        return int(Decimal(value.strip()))
    except (ArithmeticError, ValueError, AttributeError):
        return default


def decimal(value: str) -> Decimal | None:
    try:
        found = Decimal((value or "").strip())
    except ArithmeticError:
        return None
    return found if found.is_finite() else None


def _simple_values(element: Element) -> dict[str, str]:
    return {child.tag: (child.text or "") for child in element if len(child) == 0 and child.text != NULL}


# --- the backup ---------------------------------------------------------------------------------------------------


def read_backup(folder: Path) -> Backup:
    """The backup unpacked in ``folder`` (``archive.unpacked``); ``BackupRefused`` when it cannot be read."""
    manifest = read_xml(folder, MANIFEST)
    assert manifest is not None
    info = manifest.find("information")
    if manifest.tag != "moodle_backup" or info is None or info.find("contents") is None:
        raise BackupRefused(_("moodle_backup.xml does not describe a Moodle course backup."))
    backup = Backup(
        folder=folder,
        course_name=text(info, "original_course_fullname"),
        release=text(info, "moodle_release") or text(info, "backup_release"),
    )
    kind = text(info, "details/detail/type", "course")
    if kind != "course":
        raise BackupRefused(_("This backup is of a single activity or section, not of a course: back up the course."))
    settings = {
        text(s, "name"): text(s, "value") for s in info.findall("settings/setting") if text(s, "level") == "root"
    }
    backup.user_data = settings.get("users") == "1"
    if backup.user_data:
        backup.skipped.append(
            Skip("data", "users", _("User data"), _("not imported: user data (people, submissions, posts, grades)."))
        )
    _read_files(backup)
    _read_questions(backup)
    _read_sections(backup, info)
    return backup


def _read_files(backup: Backup) -> None:
    root = read_xml(backup.folder, "files.xml", required=False)
    if root is None:
        return
    for node in root.findall("file"):
        name = text(node, "filename")
        if not name or name == ".":
            continue  # Moodle's folder rows
        item = BackupFile(
            id=node.get("id", ""),
            contenthash=text(node, "contenthash"),
            contextid=text(node, "contextid"),
            component=text(node, "component"),
            filearea=text(node, "filearea"),
            itemid=text(node, "itemid"),
            filepath=text(node, "filepath", "/"),
            filename=name,
            filesize=number(text(node, "filesize")),
            mimetype=text(node, "mimetype"),
            license=text(node, "license"),
        )
        backup.files[item.id] = item


def _read_sections(backup: Backup, info: Element) -> None:
    listed = info.findall("contents/activities/activity")
    by_section: dict[str, list[Element]] = {}
    for entry in listed:
        by_section.setdefault(text(entry, "sectionid"), []).append(entry)
    for entry in info.findall("contents/sections/section"):
        directory = text(entry, "directory")
        root = read_xml(backup.folder, f"{directory}/section.xml", required=False) if directory else None
        if root is None:
            continue
        section = Section(
            id=root.get("id", "") or text(entry, "sectionid"),
            number=number(text(root, "number")),
            name=" ".join(text(root, "name").split()),
            summary=text(root, "summary"),
            summary_format=text(root, "summaryformat", "1"),
            visible=text(root, "visible", "1") != "0",
            availability=bool(text(root, "availabilityjson").strip() not in ("", "null", "{}")),
        )
        order = [cmid for cmid in text(root, "sequence").split(",") if cmid.strip()]
        entries = by_section.get(text(entry, "sectionid"), [])
        position = {cmid.strip(): i for i, cmid in enumerate(order)}
        entries.sort(key=lambda e: position.get(text(e, "moduleid"), len(position)))
        section.activities = [_read_activity(backup, e) for e in entries]
        backup.sections.append(section)
    backup.sections.sort(key=lambda s: s.number)


def _read_activity(backup: Backup, entry: Element) -> MoodleActivity:
    modname = text(entry, "modulename")
    activity = MoodleActivity(
        cmid=text(entry, "moduleid"), modname=modname, title=" ".join(text(entry, "title").split())
    )
    directory = text(entry, "directory")
    module = read_xml(backup.folder, f"{directory}/module.xml", required=False) if directory else None
    own = read_xml(backup.folder, f"{directory}/{modname}.xml", required=False) if directory and modname else None
    if module is None or own is None:
        activity.found = False
        return activity
    activity.visible = text(module, "visible", "1") != "0"
    activity.completion = number(text(module, "completion"))
    activity.availability = text(module, "availability").strip() not in ("", "null", "{}")
    element = own.find(modname)
    if element is None:
        activity.found = False
        return activity
    activity.values = _simple_values(element)
    activity.title = " ".join(activity.values.get("name", "").split()) or activity.title
    contextid = own.get("contextid", "")
    activity.files = list(backup.files_by_context().get(contextid, [])) if contextid else []
    if modname == "assign":
        for config in element.findall("plugin_configs/plugin_config"):
            activity.plugins[f"{text(config, 'plugin')}.{text(config, 'name')}"] = text(config, "value")
    if modname == "quiz":
        activity.slots = _read_slots(element)
        shuffled = any(text(node, "shufflequestions") == "1" for node in element.findall("sections/section"))
        activity.values["shufflequestions"] = "1" if shuffled else "0"
    grades = read_xml(backup.folder, f"{directory}/grades.xml", required=False)
    item = grades.find("grade_items/grade_item") if grades is not None else None
    if item is not None:
        activity.values["gradepass"] = text(item, "gradepass")
        activity.values["grademax"] = text(item, "grademax")
    return activity


def _read_slots(quiz: Element) -> list[Slot]:
    slots = []
    for node in quiz.findall("question_instances/question_instance"):
        reference = node.find("question_reference")
        if reference is not None:  # Moodle 4+
            key = f"e:{text(reference, 'questionbankentryid')}"
        elif node.find("question_set_reference") is not None:
            key = ""  # a random question drawn from a category
        else:  # before Moodle 4
            key = f"q:{text(node, 'questionid') or text(node, 'question')}"
        slots.append(
            Slot(
                number=number(text(node, "slot")),
                maxmark=decimal(text(node, "maxmark")) or Decimal(1),
                question_key=key,
            )
        )
    slots.sort(key=lambda s: s.number)
    return slots


# --- the question bank ------------------------------------------------------------------------------------------------


def _read_questions(backup: Backup) -> None:
    root = read_xml(backup.folder, "questions.xml", required=False)
    if root is None:
        return
    categories: dict[str, BankCategory] = {}
    nodes: list[tuple[BankCategory, Element, str]] = []
    for node in root.findall("question_category"):
        category = BankCategory(
            id=node.get("id", ""),
            name=" ".join(text(node, "name").split())[:255],
            parent_id=text(node, "parent", "0"),
            info=text(node, "info"),
        )
        categories[category.id] = category
        for entry in node.findall("question_bank_entries/question_bank_entry"):  # Moodle 4+
            versions = entry.findall("question_version/question_versions")
            if not versions:
                continue
            latest = max(versions, key=lambda v: number(text(v, "version")))
            found = latest.find("questions/question")
            if found is not None:
                nodes.append((category, found, f"e:{entry.get('id', '')}"))
        for old in node.findall("questions/question"):  # Moodle 2 and 3
            nodes.append((category, old, f"q:{old.get('id', '')}"))
    for category in categories.values():
        category.path = _path(category, categories)
    backup.categories = list(categories.values())
    for category, node, key in nodes:
        if text(node, "parent", "0") not in ("", "0"):
            continue  # a part of another question (Cloze, random short-answer matching)
        question = _question(node, key, category)
        category.questions.append(question)
        backup.questions[key] = question
        backup.questions[f"q:{node.get('id', '')}"] = question


def _path(category: BankCategory, categories: dict[str, BankCategory]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    current: BankCategory | None = category
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if not (current.name.lower() == "top" and current.parent_id in ("", "0")):
            names.insert(0, current.name or _("Imported questions"))
        current = categories.get(current.parent_id)
    return names or [_("Imported questions")]


def _sub(parent: Element, tag: str, value: str, fmt: str | None = None) -> Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value or ""
    return node


def _answer(parent: Element, node: Element, *, label: str | None = None) -> Element:
    fraction = decimal(text(node, "fraction")) or Decimal(0)
    answer = ET.SubElement(
        parent,
        "answer",
        {
            "fraction": qcommon.decimal_text(fraction * 100),
            "format": TEXT_FORMATS.get(text(node, "answerformat"), "plain_text"),
        },
    )
    ET.SubElement(answer, "text").text = label if label is not None else text(node, "answertext")
    _sub(answer, "feedback", text(node, "feedback"), TEXT_FORMATS.get(text(node, "feedbackformat"), "html"))
    return answer


def as_moodle_xml(node: Element, qtype: str, path: list[str]) -> str:
    """A backup's question written as Moodle XML (``<quiz>`` with its category), for the bank's parser."""
    quiz = ET.Element("quiz")
    _sub(ET.SubElement(quiz, "question", {"type": "category"}), "category", qcommon.category_text(path))
    out = ET.SubElement(quiz, "question", {"type": qtype})
    _sub(out, "name", text(node, "name"))
    _sub(out, "questiontext", text(node, "questiontext"), TEXT_FORMATS.get(text(node, "questiontextformat"), "html"))
    _sub(
        out,
        "generalfeedback",
        text(node, "generalfeedback"),
        TEXT_FORMATS.get(text(node, "generalfeedbackformat"), "html"),
    )
    ET.SubElement(out, "defaultgrade").text = text(node, "defaultmark", "1")
    plugin = node.find(f"plugin_qtype_{qtype}_question")
    if plugin is None:
        return ET.tostring(quiz, encoding="unicode")
    answers = plugin.findall("answers/answer")
    if qtype == "multichoice":
        options = plugin.find("multichoice")
        if options is None:
            options = plugin.find("multichoice_options/multichoice_option")  # before Moodle 2.5's rename
        ET.SubElement(out, "single").text = "true" if text(options, "single", "1") == "1" else "false"
        ET.SubElement(out, "shuffleanswers").text = "true" if text(options, "shuffleanswers", "1") == "1" else "false"
        for answer in answers:
            _answer(out, answer)
    elif qtype == "truefalse":
        options = plugin.find("truefalse")
        true_id = text(options, "trueanswer")
        for answer in answers:
            is_true = answer.get("id") == true_id if true_id else text(answer, "answertext").strip().lower() == "true"
            _answer(out, answer, label="true" if is_true else "false")
    elif qtype == "shortanswer":
        ET.SubElement(out, "usecase").text = text(plugin.find("shortanswer"), "usecase", "0")
        for answer in answers:
            _answer(out, answer)
    elif qtype == "numerical":
        tolerances = {
            text(r, "answer"): text(r, "tolerance", "0") for r in plugin.findall("numerical_records/numerical_record")
        }
        for answer in answers:
            ET.SubElement(_answer(out, answer), "tolerance").text = tolerances.get(answer.get("id", ""), "0")
    elif qtype == "match":
        ET.SubElement(out, "shuffleanswers").text = (
            "true" if text(plugin.find("matchoptions"), "shuffleanswers", "1") == "1" else "false"
        )
        for match in plugin.findall("matches/match"):
            sub = _sub(
                out,
                "subquestion",
                text(match, "questiontext"),
                TEXT_FORMATS.get(text(match, "questiontextformat"), "html"),
            )
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = text(match, "answertext")
    return ET.tostring(quiz, encoding="unicode")


def _question(node: Element, key: str, category: BankCategory) -> BankQuestion:
    qtype = text(node, "qtype").strip().lower()
    name = " ".join(text(node, "name").split())[:255]
    question = BankQuestion(key=key, qtype=qtype, name=name, category_id=category.id)
    result = moodle_xml.parse(as_moodle_xml(node, qtype, category.path))
    question.warnings = [issue.message for issue in result.warnings]
    if result.questions:
        question.parsed = result.questions[0]
    elif result.skipped:
        question.reason = result.skipped[0].reason
    elif result.errors:
        if qtype not in moodle_xml.KNOWN:
            question.reason = _("a «%(type)s» question is not a kind of question of the bank.") % {"type": qtype[:40]}
        else:
            question.reason = result.errors[0].message
    else:
        question.reason = _("the question could not be read.")
    return question
