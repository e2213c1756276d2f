"""GIFT, Moodle's text format for questions: reading a file into neutral question dicts, writing them back.

One question a block (blocks are separated by blank lines); ``// comment`` lines are ignored;
``$CATEGORY: $course$/top/Unit 1`` sets the category of the questions that follow; ``::title::`` names a
question; ``[html]`` / ``[moodle]`` / ``[plain]`` / ``[markdown]`` say how its text is written (HTML is kept
and sanitised, the others are escaped); the answers are between braces::

    {=right ~wrong#feedback}                 multiple choice (one answer)
    {~%50%half ~%50%half ~%-100%wrong}       multiple answers (credits as percentages)
    {T} {FALSE#if wrong#if right}            true or false
    {=cat =%50%feline}                       short answer
    {#3.14:0.01} {#1..5} {#=2000:0 =%50%2000:100}   numerical
    {=Athens -> Greece =Rome -> Italy}       matching
    {...####general feedback}                general feedback

``\\~ \\= \\# \\{ \\} \\: \\\\`` write those characters literally, ``\\n`` a line break. A description (no braces)
or an essay (``{}``) is not a kind of the bank: reported as not imported.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from . import common
from .common import ParseResult

# Escaped characters become private-use characters while the block is cut into parts, then go back.
_ESCAPES = {"\\": "\ue010", ":": "\ue011", "#": "\ue012", "=": "\ue013", "{": "\ue014", "}": "\ue015", "~": "\ue016"}
_NEWLINE = "\ue017"
_RESTORE = {ord(v): k for k, v in _ESCAPES.items()} | {ord(_NEWLINE): "\n"}
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_PRIVATE = re.compile("[\ue010-\ue017]")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")


def _hide(text: str) -> str:
    return _ESCAPE.sub(lambda m: _NEWLINE if m.group(1) == "n" else _ESCAPES[m.group(1)], text)


def _show(text: str) -> str:
    return text.translate(_RESTORE)


def _blocks(text: str):
    """(first line number, [(line number, line)]) for each blank-line separated block, comments left out."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if block:
                yield block
            block = []
            continue
        block.append((number, line))
    if block:
        yield block


class _Question:
    """One block being read: its lines (for the line of an offset), its format, its errors."""

    def __init__(self, result: ParseResult, lines: list[tuple[int, str]]):
        self.result = result
        self.numbers = [number for number, _line in lines]
        self.text = "\n".join(line for _number, line in lines)
        self.first = self.numbers[0]
        self.fmt = "moodle"
        self.failed = False

    def line_at(self, offset: int) -> int:
        return self.numbers[min(self.text.count("\n", 0, offset), len(self.numbers) - 1)]

    def error(self, message: str, line: int | None = None) -> None:
        self.result.error(line or self.first, message)
        self.failed = True

    def html(self, text: str, *, paragraphs: bool = False) -> str:
        return common.to_html(_show(text), "html" if self.fmt == "html" else "plain", paragraphs=paragraphs)

    def plain(self, text: str) -> str:
        return common.to_plain(_show(text), "html" if self.fmt == "html" else "plain")

    def weight(self, piece: str, default: str) -> tuple[str, str | None]:
        """A leading ``%50%`` as a fraction; the rest of the piece."""
        match = _WEIGHT.match(piece)
        if not match:
            if piece.startswith("%"):
                self.error(_("the credit %(weight)s is not a percentage such as %%50%%.") % {"weight": piece[:12]})
                return piece, None
            return piece, default
        fraction = common.fraction_from_percent(match.group(1).replace(",", "."))
        if fraction is None:
            self.error(_("a credit must be between -100%% and 100%% (%(weight)s).") % {"weight": match.group(0)})
        return piece[match.end() :], fraction


def parse(text: str) -> ParseResult:
    """Every question of a GIFT file (decoded text), with the rows not imported, warnings and errors."""
    result = ParseResult()
    category: list[str] = []
    for lines in _blocks(_PRIVATE.sub("", text)):
        lines = [(number, line) for number, line in lines if not line.startswith("//")]
        if not lines:
            continue
        if lines[0][1].startswith("$CATEGORY:"):
            category = common.category_path(_show(_hide(lines[0][1][len("$CATEGORY:") :])))
            lines = lines[1:]
            if not lines:
                continue
        _read(result, _Question(result, [(number, _hide(line)) for number, line in lines]), category)
    return result


def _read(result: ParseResult, q: _Question, category: list[str]) -> None:
    body, title = q.text, ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            q.error(_("the title is not closed with '::'."))
            return
        title, body = body[2:end], body[end + 2 :]
        title_offset = end + 2
    else:
        title_offset = 0
    stripped = body.lstrip()
    title_offset += len(body) - len(stripped)
    body = stripped
    match = _FORMAT.match(body)
    if match:
        q.fmt = match.group(1).lower()
        body = body[match.end() :]
        title_offset += match.end()
    name = " ".join(_show(title).split())
    start = body.find("{")
    closing = body.find("}")
    if start < 0:
        if closing >= 0:
            q.error(_("a '}' closes answers that were never opened (write \\} for the character)."),
                    q.line_at(title_offset + closing))  # fmt: skip
            return
        shown = name or common.name_from(q.html(body))
        result.skip(q.first, shown, _("a description (text without answers) is not a kind of question of the bank."))
        return
    end = body.find("}", start)
    if closing >= 0 and closing < start:
        q.error(_("a '}' closes answers that were never opened (write \\} for the character)."),
                q.line_at(title_offset + closing))  # fmt: skip
        return
    if end < 0:
        q.error(_("the answers opened with '{' are not closed with '}'."), q.line_at(title_offset + start))
        return
    inner = body.find("{", start + 1)
    if 0 <= inner < end:
        q.error(_("a '{' inside the answers: write \\{ for the character."), q.line_at(title_offset + inner))
        return
    after = body[end + 1 :]
    if "{" in after or "}" in after:
        offset = title_offset + end + 1 + min(i for i in (after.find("{"), after.find("}")) if i >= 0)
        q.error(_("only one set of answers between braces is allowed in a question."), q.line_at(offset))
        return
    before, answers = body[:start], body[start + 1 : end].strip()
    text_source = before.rstrip() + " _____ " + after.strip() if after.strip() else before
    text = q.html(text_source, paragraphs=True)
    general = ""
    if "####" in answers:
        answers, general_source = answers.split("####", 1)
        answers, general = answers.strip(), q.html(general_source)
    name = name or common.name_from(text)
    if answers == "":
        result.skip(q.first, name, _("an essay (an answer written freely) is not a kind of question of the bank."))
        return
    if answers.startswith("#"):
        kind, data = "numerical", _numerical(q, answers[1:])
    elif "~" in answers:
        kind = "multichoice" if "=" in answers else "multianswer"
        data = _choices(q, answers, kind)
    elif "=" not in answers:
        kind, data = "truefalse", _truefalse(q, answers)
    elif "->" in answers:
        kind, data = "matching", _matching(q, answers)
    else:
        kind, data = "shortanswer", _short(q, answers)
    if q.failed or data is None:
        return
    common.finish(
        result,
        common.question(
            kind=kind, name=name, text=text, general_feedback=general, data=data, line=q.first, category_path=category
        ),  # fmt: skip
    )


def _pieces(q: _Question, answers: str, markers: str) -> list[tuple[str, str]]:
    """The answers cut at each marker (``=`` / ``~``): [(marker, rest)]."""
    parts = re.split(f"([{re.escape(markers)}])", answers)
    if parts[0].strip():
        q.error(_("the answers must each start with %(markers)s (found «%(text)s»).")
                % {"markers": " ".join(markers), "text": _show(parts[0].strip())[:40]})  # fmt: skip
        return []
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def _feedback(q: _Question, piece: str) -> tuple[str, str]:
    text, _sep, feedback = piece.partition("#")
    return text.strip(), q.html(feedback)


def _choices(q: _Question, answers: str, kind: str) -> dict | None:
    rows = []
    for marker, piece in _pieces(q, answers, "=~"):
        piece, fraction = q.weight(piece, "1" if marker == "=" else "0")
        text, feedback = _feedback(q, piece)
        if not text:
            q.error(_("an answer has no text."))
        rows.append({"text": q.html(text), "fraction": fraction or "0", "feedback": feedback})
    if q.failed:
        return None
    return {"answers": rows, "shuffle": True}


def _truefalse(q: _Question, answers: str) -> dict | None:
    head, *feedback = answers.split("#", 2)
    word = head.strip().upper()
    if word not in ("T", "TRUE", "F", "FALSE"):
        q.error(_("«%(text)s» is not an answer GIFT knows: a true/false answer is T, TRUE, F or FALSE, other "
                  "answers start with = or ~.") % {"text": _show(head.strip())[:40]})  # fmt: skip
        return None
    wrong = q.html(feedback[0]) if feedback else ""
    right = q.html(feedback[1]) if len(feedback) > 1 else ""
    correct = word in ("T", "TRUE")
    return {
        "correct": correct,
        "feedback_true": right if correct else wrong,
        "feedback_false": wrong if correct else right,
    }


def _short(q: _Question, answers: str) -> dict | None:
    rows = []
    for _marker, piece in _pieces(q, answers, "="):
        piece, fraction = q.weight(piece, "1")
        text, feedback = _feedback(q, piece)
        if not text:
            q.error(_("an answer has no text."))
        rows.append({"text": q.plain(text), "fraction": fraction or "0", "feedback": feedback})
    return None if q.failed else {"answers": rows, "case_sensitive": False}


def _numerical(q: _Question, answers: str) -> dict | None:
    answers = answers.strip()
    if "~" in answers:
        answers, _sep, other = answers.partition("~")
        if other.strip().lstrip("#").strip():
            q.result.warn(q.first, _("the feedback for any other number (after ~) is not imported."))
    if "=" in answers:
        pieces = [piece for _marker, piece in _pieces(q, answers, "=")]
        default = "1"
    else:
        pieces, default = [answers], "1"
    rows = []
    for piece in pieces:
        piece, fraction = q.weight(piece, default)
        spec, feedback = _feedback(q, piece)
        spec = _show(spec).strip()
        value = tolerance = None
        if ".." in spec:
            low, _sep, high = spec.partition("..")
            low_n, high_n = common.number(low), common.number(high)
            if low_n is not None and high_n is not None and low_n <= high_n:
                value, tolerance = (low_n + high_n) / 2, (high_n - low_n) / 2
        else:
            given, _sep, margin = spec.partition(":")
            value, tolerance = common.number(given), common.number(margin) if margin.strip() else Decimal(0)
        if value is None or tolerance is None or tolerance < 0:
            q.error(_("«%(text)s» is not a number, a number:tolerance or a range min..max.") % {"text": spec[:40]})
            continue
        rows.append(
            {
                "value": common.decimal_text(value),
                "tolerance": common.decimal_text(tolerance),
                "fraction": fraction or "0",
                "feedback": feedback,
            }
        )
    return None if q.failed else {"answers": rows}


def _matching(q: _Question, answers: str) -> dict | None:
    pairs = []
    for _marker, piece in _pieces(q, answers, "="):
        left, arrow, right = piece.partition("->")
        if not arrow:
            q.error(_("each pair of a matching question is written «question -> answer» (found «%(text)s»).")
                    % {"text": _show(piece)[:40]})  # fmt: skip
            continue
        right, _sep, _feedback_text = right.partition("#")
        answer = q.plain(right)
        if not answer:
            q.error(_("a pair of a matching question has no answer."))
        pairs.append({"question": q.html(left), "answer": answer})
    return None if q.failed else {"pairs": pairs, "shuffle": True}


# --- writing ------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in ":#={}~":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _html_plain(text: str) -> str:
    """A plain-text answer written in a question whose format is HTML."""
    import html

    return escape(html.escape(text, quote=False))


def _weight(fraction: str) -> str:
    return f"%{common.percent_text(fraction)}%"


def _fb(feedback: str) -> str:
    return f"#{escape(feedback)}" if feedback else ""


def dump(questions: list[dict]) -> str:
    """A GIFT file of ``questions`` (neutral dicts with ``category_path``), in the order given."""
    out: list[str] = ["// " + _("Exported from Twinning (GIFT format)."), ""]
    category: list[str] | None = None
    for question in questions:
        path = list(question.get("category_path") or [])
        if path != category:
            out += [f"$CATEGORY: {common.category_text(path)}", ""]
            category = path
        out += [_one(question), ""]
    return "\n".join(out)


def _one(question: dict) -> str:
    kind, data = question["kind"], question["data"]
    lines = [f"::{escape(question['name'])}::[html]{escape(question['text'])}{{"]
    if kind in ("multichoice", "multianswer"):
        for row in data["answers"]:
            fraction = Decimal(row["fraction"])
            if kind == "multichoice" and fraction == 1:
                head = "="
            else:
                head = "~" + (_weight(row["fraction"]) if fraction != 0 else "")
            lines.append(f"\t{head}{escape(row['text'])}{_fb(row['feedback'])}")
    elif kind == "truefalse":
        right, wrong = (
            (data["feedback_true"], data["feedback_false"])
            if data["correct"]
            else (data["feedback_false"], data["feedback_true"])
        )
        tail = ""
        if wrong or right:
            tail = f"#{escape(wrong)}" + (f"#{escape(right)}" if right else "")
        lines[-1] += ("TRUE" if data["correct"] else "FALSE") + tail
    elif kind == "shortanswer":
        for row in data["answers"]:
            weight = "" if Decimal(row["fraction"]) == 1 else _weight(row["fraction"])
            lines.append(f"\t={weight}{_html_plain(row['text'])}{_fb(row['feedback'])}")
    elif kind == "numerical":
        lines[-1] += "#"
        for row in data["answers"]:
            weight = "" if Decimal(row["fraction"]) == 1 else _weight(row["fraction"])
            lines.append(f"\t={weight}{row['value']}:{row['tolerance']}{_fb(row['feedback'])}")
    elif kind == "matching":
        for pair in data["pairs"]:
            lines.append(f"\t={escape(pair['question'])} -> {_html_plain(pair['answer'])}")
    if question.get("general_feedback"):
        lines.append(f"\t####{escape(question['general_feedback'])}")
    lines.append("}")
    if kind == "truefalse":
        lines = ["".join(lines)]
    return "\n".join(lines)
