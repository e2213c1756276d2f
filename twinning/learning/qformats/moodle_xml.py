"""Moodle XML (``<quiz>`` of ``<question type="…">``): reading a file into neutral question dicts, writing
them back. Parsed with ``defusedxml`` (no DOCTYPE, no entity, nothing external is ever expanded); each
element keeps its source line so that every message names it.

Read: ``category`` ($course$/top/… paths), ``multichoice`` (``<single>`` true: one answer, false: several),
``truefalse``, ``shortanswer`` (``<usecase>``), ``numerical`` (``<tolerance>``, several answers),
``matching`` (subquestions; an empty one is a distractor). Credits are percentages ("33.33333", "-50").
Moodle's other types (essay, description, calculated, Cloze, drag and drop…) are reported as not imported;
an unknown type is an error. Pictures embedded with ``@@PLUGINFILE@@`` cannot be brought along: the text
is kept and a warning says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only to build a tree and to write; parsing is defusedxml's
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError, TreeBuilder  # noqa: S405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from . import common
from .common import ParseResult

KNOWN = {"multichoice", "truefalse", "shortanswer", "numerical", "matching", "match"}
# Moodle's own types (and common plugins) that the bank does not have, with the words for them.
UNSUPPORTED = {
    "essay": N_("an essay"),
    "description": N_("a description"),
    "calculated": N_("a calculated question"),
    "calculatedsimple": N_("a simple calculated question"),
    "calculatedmulti": N_("a calculated multiple-choice question"),
    "multianswer": N_("an embedded-answers (Cloze) question"),
    "ddwtos": N_("a drag-and-drop into text question"),
    "ddimageortext": N_("a drag-and-drop onto image question"),
    "ddmarker": N_("a drag-and-drop markers question"),
    "gapselect": N_("a select-missing-words question"),
    "random": N_("a random question"),
    "randomsamatch": N_("a random short-answer matching question"),
    "ordering": N_("an ordering question"),
    "gapfill": N_("a gap-fill question"),
    "wordselect": N_("a word-select question"),
    "coderunner": N_("a CodeRunner question"),
    "stack": N_("a STACK question"),
    "multinumerical": N_("a multi-numerical question"),
    "drawlines": N_("a draw-lines question"),
}
PLUGINFILE = "@@PLUGINFILE@@"


class _Element(Element):
    line = 0


def _line(element: Element) -> int:
    return getattr(element, "line", 0) or 1


class _Builder(TreeBuilder):
    """A tree builder that notes on each element the line where it starts."""

    def __init__(self):
        super().__init__(element_factory=_Element)
        self.parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        # an _Element (element_factory)
        element.line = self.parser.parser.CurrentLineNumber if self.parser else 0  # type: ignore[attr-defined]
        return element


def _tree(text: str, result: ParseResult) -> _Element | None:
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(text)
        return parser.close()
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        result.error(line, _("the file is not well-formed XML (%(reason)s).") % {"reason": str(exc).split(":")[0]})
    except DefusedXmlException:
        result.error(
            parser.parser.CurrentLineNumber or 1,
            _("the file declares a DOCTYPE or entities, which are refused for safety: export it from Moodle again."),
        )
    return None


def _child_text(element: Element | None, tag: str | None = None) -> tuple[str, str]:
    """The ``<text>`` of ``element/tag`` (or of ``element``) and its ``format`` ("" when none)."""
    node = element if tag is None or element is None else element.find(tag)
    if node is None:
        return "", ""
    inner = node.find("text")
    value = inner.text if inner is not None else node.text
    return (value or ""), node.get("format", "")


def _fmt(declared: str, default: str = "html") -> str:
    declared = (declared or default).lower()
    return "html" if declared == "html" else "plain"


def _flag(element: Element, tag: str, default: bool) -> bool:
    node = element.find(tag)
    if node is None or node.text is None or not node.text.strip():
        return default
    return node.text.strip().lower() in ("true", "1", "yes")


def parse(text: str) -> ParseResult:
    """Every question of a Moodle XML file (decoded text), with the rows not imported, warnings and errors."""
    result = ParseResult()
    root = _tree(text, result)
    if root is None:
        return result
    if root.tag != "quiz":
        result.error(_line(root), _("the file is not a Moodle XML question file (it has no <quiz>)."))
        return result
    category: list[str] = []
    for element in root:
        if element.tag != "question":
            continue
        qtype = (element.get("type") or "").strip().lower()
        if qtype == "category":
            category = common.category_path(_child_text(element, "category")[0])
            continue
        name = " ".join(_child_text(element, "name")[0].split())
        if qtype in UNSUPPORTED:
            result.skip(_line(element), name, _("%(kind)s is not a kind of question of the bank.")
                        % {"kind": _(UNSUPPORTED[qtype])})  # fmt: skip
            continue
        if qtype not in KNOWN:
            result.error(_line(element), _("unknown question type «%(type)s».") % {"type": qtype[:40]})
            continue
        _question(result, element, qtype, name, category)
    return result


def _question(result: ParseResult, element: Element, qtype: str, name: str, category: list[str]) -> None:
    line = _line(element)
    errors_before = len(result.errors)
    raw_text, text_format = _child_text(element, "questiontext")
    text = common.to_html(raw_text, _fmt(text_format), paragraphs=True)
    raw_general, general_format = _child_text(element, "generalfeedback")
    general = common.to_html(raw_general, _fmt(general_format))
    grade = element.find("defaultgrade")
    default_points = Decimal("1.00")
    grade_text = (grade.text or "").strip() if grade is not None else ""
    if grade is not None and grade_text:
        found = common.points(grade_text)
        if found is None:
            result.error(_line(grade), _("the default mark «%(value)s» is not a number from 0 to 9999.")
                         % {"value": grade_text[:20]})  # fmt: skip
        else:
            default_points = found
    if any(PLUGINFILE in (node.text or "") for node in element.iter()) or element.find(".//file") is not None:
        message = _(
            "«%(name)s» shows pictures or files embedded in Moodle; they cannot be brought along: the text is "
            "imported without them."
        )
        result.warn(line, message % {"name": name or common.name_from(text)})
    if qtype == "multichoice":
        kind = "multichoice" if _flag(element, "single", True) else "multianswer"
        data = {"answers": _answers(result, element, html=True), "shuffle": _flag(element, "shuffleanswers", True)}
    elif qtype == "truefalse":
        kind, data = "truefalse", _truefalse(result, element)
    elif qtype == "shortanswer":
        kind = "shortanswer"
        data = {"answers": _answers(result, element, html=False), "case_sensitive": _flag(element, "usecase", False)}
    elif qtype == "numerical":
        kind, data = "numerical", {"answers": _numbers(result, element)}
    else:
        kind, data = "matching", _pairs(element)
    if len(result.errors) > errors_before:
        return
    common.finish(
        result,
        common.question(
            kind=kind,
            name=name or common.name_from(text),
            text=text,
            general_feedback=general,
            default_points=default_points,
            data=data,
            line=line,
            category_path=category,
        ),  # fmt: skip
    )


def _fraction(result: ParseResult, answer: Element) -> str:
    raw = answer.get("fraction", "0")
    fraction = common.fraction_from_percent(raw)
    if fraction is None:
        result.error(_line(answer), _("the credit «%(value)s» is not a percentage from -100 to 100.")
                     % {"value": raw[:20]})  # fmt: skip
        return "0"
    return fraction


def _feedback(answer: Element) -> str:
    raw, fmt = _child_text(answer, "feedback")
    return common.to_html(raw, _fmt(fmt))


def _answers(result: ParseResult, element: Element, *, html: bool) -> list[dict]:
    rows = []
    for answer in element.findall("answer"):
        raw, fmt = _child_text(answer)
        text = common.to_html(raw, _fmt(fmt)) if html else common.to_plain(raw, _fmt(fmt, "plain"))
        rows.append({"text": text, "fraction": _fraction(result, answer), "feedback": _feedback(answer)})
    return rows


def _truefalse(result: ParseResult, element: Element) -> dict:
    data: dict = {"correct": None, "feedback_true": "", "feedback_false": ""}
    for answer in element.findall("answer"):
        is_true = _child_text(answer)[0].strip().lower() == "true"
        key = "true" if is_true else "false"
        data[f"feedback_{key}"] = _feedback(answer)
        if common.number(answer.get("fraction", "0")) == 100:
            data["correct"] = is_true
    if data["correct"] is None:
        result.error(_line(element), _("a true/false question must give 100% to «true» or to «false»."))
    return data


def _numbers(result: ParseResult, element: Element) -> list[dict]:
    rows = []
    for answer in element.findall("answer"):
        raw = _child_text(answer)[0].strip()
        if raw == "*":
            result.warn(_line(answer), _("the answer «*» (any other number) and its feedback are not imported."))
            continue
        value = common.number(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw)
        tolerance_node = answer.find("tolerance")
        tolerance_text = (tolerance_node.text or "0").strip() if tolerance_node is not None else "0"
        tolerance = common.number(tolerance_text or "0")
        if value is None:
            result.error(_line(answer), _("«%(value)s» is not a number.") % {"value": raw[:40]})
            continue
        if tolerance is None or tolerance < 0:
            result.error(_line(answer), _("the tolerance «%(value)s» is not a number, 0 or more.")
                         % {"value": tolerance_text[:40]})  # fmt: skip
            continue
        rows.append(
            {
                "value": common.decimal_text(value),
                "tolerance": common.decimal_text(tolerance),
                "fraction": _fraction(result, answer),
                "feedback": _feedback(answer),
            }
        )
    return rows


def _pairs(element: Element) -> dict:
    pairs = []
    for sub in element.findall("subquestion"):
        raw, fmt = _child_text(sub)
        question = common.to_html(raw, _fmt(fmt))
        answer_node = sub.find("answer")
        answer = common.to_plain(_child_text(answer_node)[0], "plain") if answer_node is not None else ""
        if not question and not answer:
            continue  # Moodle writes empty rows of its form
        pairs.append({"question": question, "answer": answer})
    return {"pairs": pairs, "shuffle": _flag(element, "shuffleanswers", True)}


# --- writing ------------------------------------------------------------------------------------------------


def _text(parent: Element, tag: str, value: str, fmt: str | None = "html") -> Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value or ""
    return node


def _answer(parent: Element, text: str, fraction: str, feedback: str, fmt: str) -> Element:
    node = ET.SubElement(parent, "answer", {"fraction": common.percent_text(fraction), "format": fmt})
    ET.SubElement(node, "text").text = text
    _text(node, "feedback", feedback)
    return node


def dump(questions: list[dict]) -> str:
    """A Moodle XML file of ``questions`` (neutral dicts with ``category_path``), in the order given."""
    quiz = ET.Element("quiz")
    category: list[str] | None = None
    for question in questions:
        path = list(question.get("category_path") or [])
        if path != category:
            node = ET.SubElement(quiz, "question", {"type": "category"})
            _text(node, "category", common.category_text(path), None)
            _text(node, "info", "")
            category = path
        _one(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _one(quiz: Element, question: dict) -> None:
    kind, data = question["kind"], question["data"]
    qtype = {"multianswer": "multichoice"}.get(kind, kind)
    node = ET.SubElement(quiz, "question", {"type": qtype})
    _text(node, "name", question["name"], None)
    _text(node, "questiontext", question["text"])
    _text(node, "generalfeedback", question.get("general_feedback") or "")
    ET.SubElement(node, "defaultgrade").text = str(question.get("default_points") or "1")
    ET.SubElement(node, "penalty").text = "0.3333333"
    ET.SubElement(node, "hidden").text = "0"
    if kind in ("multichoice", "multianswer"):
        ET.SubElement(node, "single").text = "true" if kind == "multichoice" else "false"
        ET.SubElement(node, "shuffleanswers").text = "true" if data.get("shuffle", True) else "false"
        ET.SubElement(node, "answernumbering").text = "abc"
        for row in data["answers"]:
            _answer(node, row["text"], row["fraction"], row["feedback"], "html")
    elif kind == "truefalse":
        _answer(node, "true", "1" if data["correct"] else "0", data["feedback_true"], "moodle_auto_format")
        _answer(node, "false", "0" if data["correct"] else "1", data["feedback_false"], "moodle_auto_format")
    elif kind == "shortanswer":
        ET.SubElement(node, "usecase").text = "1" if data.get("case_sensitive") else "0"
        for row in data["answers"]:
            _answer(node, row["text"], row["fraction"], row["feedback"], "moodle_auto_format")
    elif kind == "numerical":
        for row in data["answers"]:
            answer = _answer(node, row["value"], row["fraction"], row["feedback"], "moodle_auto_format")
            ET.SubElement(answer, "tolerance").text = row["tolerance"]
    elif kind == "matching":
        ET.SubElement(node, "shuffleanswers").text = "true" if data.get("shuffle", True) else "false"
        for pair in data["pairs"]:
            sub = _text(node, "subquestion", pair["question"])
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = pair["answer"]
