"""What the GIFT and Moodle XML parsers share: the result of a parse (questions, rows not imported,
warnings, errors, each with its line), reading an upload's bytes as text, credits written as percentages,
texts turned into sanitised HTML, Moodle's category paths, and the final check of every question against
the question bank's contract (``learning.questions.clean_data``).

A parsed question is a plain dict, no model involved::

    {"kind", "name", "text", "general_feedback", "default_points", "data", "category_path": [..], "line": n}
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from twinning.core.richtext import plain_text, sanitize

MAX_BYTES = 5 * 1024 * 1024  # one upload: a bank of a few thousand questions
NAME_LENGTH = 255
MAX_TEXT = 20000  # Question.text and general_feedback
KINDS = ("multichoice", "multianswer", "truefalse", "shortanswer", "numerical", "matching")
GIFT, XML = "gift", "xml"


class FormatError(ValueError):
    """The file as a whole cannot be read (encoding, size): nothing is parsed."""


@dataclass
class Issue:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Skipped:
    """A question of the file that is not imported (a kind the bank does not have), with the reason."""

    line: int
    name: str
    reason: str


@dataclass
class ParseResult:
    questions: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(Issue(line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Issue(line, message))

    def skip(self, line: int, name: str, reason: str) -> None:
        self.skipped.append(Skipped(line, name, reason))

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(content: bytes) -> str:
    """An upload's text: UTF-8 (with or without a byte-order mark), line endings made ``\\n``."""
    if len(content) > MAX_BYTES:
        raise FormatError(
            _("The file is larger than %(size)s MB: split the question bank into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FormatError(
            _("The file is not UTF-8 text (line %(line)s): save it again as UTF-8 and upload it again.")
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise FormatError(_("The file is not a text file."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(filename: str, text: str) -> str:
    """GIFT or Moodle XML, from the file's name, else from its first characters."""
    name = (filename or "").lower()
    if name.endswith(".xml"):
        return XML
    if name.endswith((".gift", ".txt")):
        return GIFT
    return XML if text.lstrip("\ufeff \n\t").startswith(("<?xml", "<quiz")) else GIFT


# --- numbers ------------------------------------------------------------------------------------------------


def number(text: str) -> Decimal | None:
    text = (text or "").strip().replace("\u2212", "-")
    if not text or len(text) > 40:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def decimal_text(value: Decimal) -> str:
    value = value.normalize()
    return "0" if value == 0 else format(value, "f")


def fraction_from_percent(text: str) -> str | None:
    """A Moodle credit "33.33333" / "-50" / "100" as the bank's fraction "0.3333333" / "-0.5" / "1"."""
    value = number(text)
    if value is None or value < -100 or value > 100:
        return None
    return decimal_text((value / 100).quantize(Decimal("0.0000001")))


def percent_text(fraction: str) -> str:
    """The bank's fraction as Moodle's percentage ("0.3333333" → "33.33333")."""
    return decimal_text(Decimal(str(fraction)) * 100)


def points(text: str) -> Decimal | None:
    value = number(text)
    if value is None or value < 0 or value >= 10000:
        return None
    return value.quantize(Decimal("0.01"))


# --- texts --------------------------------------------------------------------------------------------------


def plain_to_html(text: str, *, paragraphs: bool) -> str:
    """Text typed without markup, escaped; blank lines make paragraphs (when asked), newlines ``<br>``."""
    text = text.strip()
    if not text:
        return ""
    if not paragraphs:
        return sanitize(html.escape(text, quote=False).replace("\n", "<br>"))
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return sanitize("".join("<p>" + html.escape(block, quote=False).replace("\n", "<br>") + "</p>" for block in blocks))


def to_html(text: str, fmt: str, *, paragraphs: bool = False) -> str:
    """A text in its declared format as sanitised HTML (``html`` kept and sanitised, others escaped)."""
    if fmt == "html":
        return sanitize(text.strip())
    return plain_to_html(text, paragraphs=paragraphs)


def to_plain(text: str, fmt: str) -> str:
    """A text that the bank keeps as plain text (a short answer, a matching answer)."""
    if fmt == "html":
        return plain_text(sanitize(text))
    return " ".join(text.split())


def name_from(text_html: str) -> str:
    """A question without a title is named after its first words (as Moodle does)."""
    words = plain_text(text_html, limit=80)
    return words or _("Question")


def cut_name(name: str) -> str:
    return " ".join(name.split())[:NAME_LENGTH]


# --- categories ---------------------------------------------------------------------------------------------

CONTEXTS = ("$course$", "$module$", "$system$", "$coursecategory$", "$cat1$", "$cat2$", "$cat3$", "$cat4$")


def category_path(text: str) -> list[str]:
    """Moodle's "$course$/top/Unit 1/Part A" as ["top", "Unit 1", "Part A"] ("//" is a slash in a name)."""
    marker = "\ue000"
    parts = [part.replace(marker, "/").strip() for part in text.strip().replace("//", marker).split("/")]
    parts = [part for part in parts if part]
    if parts and parts[0].lower() in CONTEXTS:
        parts = parts[1:]
    return [part[:255] for part in parts]


def category_text(path: list[str]) -> str:
    return "/".join(["$course$", *(name.replace("/", "//") for name in path)])


# --- the final check ----------------------------------------------------------------------------------------


def finish(result: ParseResult, question: dict[str, Any]) -> None:
    """Check ``question`` against the bank's contract; keep it (normalised) or record a line-numbered error."""
    from twinning.learning.questions import clean_data

    line = question["line"]
    if not plain_text(question["text"]) and "<img" not in question["text"]:
        result.error(line, _("the question has no text."))
        return
    if max(len(question["text"]), len(question["general_feedback"])) > MAX_TEXT:
        result.error(line, _("the question's text is longer than %(count)s characters.") % {"count": MAX_TEXT})
        return
    if question["kind"] == "multianswer":
        rows = question["data"].get("answers") or []
        positive = sum((Decimal(row["fraction"]) for row in rows if Decimal(row["fraction"]) > 0), Decimal(0))
        if abs(positive - 1) > Decimal("0.01"):
            result.error(
                line,
                _("the answers' credits of a multiple-answer question must add up to 100%% (they add up to "
                  "%(sum)s%%).") % {"sum": percent_text(str(positive))},
            )  # fmt: skip
            return
    try:
        question["data"] = clean_data(question["kind"], question["data"])
    except ValueError as exc:
        result.error(line, str(exc))
        return
    question["name"] = cut_name(question["name"]) or cut_name(name_from(question["text"]))
    result.questions.append(question)


def question(*, kind, name, text, data, line, category_path, general_feedback="", default_points=None) -> dict:
    return {
        "kind": kind,
        "name": name,
        "text": text,
        "general_feedback": general_feedback,
        "default_points": default_points if default_points is not None else Decimal("1.00"),
        "data": data,
        "category_path": list(category_path),
        "line": line,
    }
