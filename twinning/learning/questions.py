"""The six kinds of question of a course's bank: what ``Question.data`` holds for each (the contract shared
with the GIFT / Moodle XML formats), ``clean_data`` that checks and normalises it, ``read_answer`` that turns
what a quiz form sent into an answer (refusing a choice that does not exist), ``fraction`` that grades an
answer (partial credit, negative credit clipped at 0) and ``render`` that prepares a question for a page.

Answers as stored on an attempt:
- multichoice: the chosen answer's index in ``data["answers"]`` (int); multianswer: a sorted list of indexes;
- truefalse: ``True`` / ``False``; shortanswer and numerical: the text typed (str);
- matching: ``{pair index (str): index of the chosen answer in choices(data) (int)}``.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from twinning.core.richtext import sanitize

from .models import QuestionKind

ONE = Decimal(1)
ZERO = Decimal(0)
MAX_ANSWERS = 50


def to_decimal(value: Any) -> Decimal | None:
    """A number as people type it: "3.14", "3,14" (the Greek decimal comma), " -2 "; None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().replace("\u2212", "-")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not text or len(text) > 40:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _fraction_text(value: Any) -> str:
    number = to_decimal(value)
    if number is None or number < -ONE or number > ONE:
        raise ValueError(_("Each answer's credit must be a number between -100% and 100%."))
    number = number.quantize(Decimal("0.0000001")).normalize()
    return "0" if number == 0 else format(number, "f")


def _is_full(fraction_text: str) -> bool:
    return Decimal(fraction_text) == ONE


def _answers(data: dict, *, html: bool) -> list[dict]:
    rows = data.get("answers")
    if not isinstance(rows, list):
        raise ValueError(_("The question has no answers."))
    if len(rows) > MAX_ANSWERS:
        raise ValueError(_("A question has at most %(count)s answers.") % {"count": MAX_ANSWERS})
    cleaned = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError(_("The question has no answers."))
        text = sanitize(row.get("text")) if html else str(row.get("text") or "").strip()
        if not text:
            raise ValueError(_("Every answer needs a text."))
        cleaned.append(
            {
                "text": text,
                "fraction": _fraction_text(row.get("fraction", "0")),
                "feedback": sanitize(row.get("feedback")),
            }
        )
    return cleaned


def clean_data(kind: str, data: Any) -> dict:
    """``data`` checked and normalised for a question of ``kind`` (fractions as decimal strings, HTML
    sanitised); ``ValueError`` with a message for the author when it does not hold."""
    if not isinstance(data, dict):
        raise ValueError(_("The question's settings are missing."))
    if kind in (QuestionKind.MULTICHOICE, QuestionKind.MULTIANSWER):
        answers = _answers(data, html=True)
        if len(answers) < 2:
            raise ValueError(_("A multiple-choice question needs at least 2 answers."))
        if kind == QuestionKind.MULTICHOICE:
            if not any(_is_full(row["fraction"]) for row in answers):
                raise ValueError(_("One answer at least must give full credit (100%)."))
        else:
            positive = sum((Decimal(row["fraction"]) for row in answers if Decimal(row["fraction"]) > 0), ZERO)
            if abs(positive - ONE) > Decimal("0.01"):
                raise ValueError(_("The credits of the right answers must add up to 100%."))
        return {"answers": answers, "shuffle": bool(data.get("shuffle", True))}
    if kind == QuestionKind.TRUEFALSE:
        correct = data.get("correct")
        if not isinstance(correct, bool):
            raise ValueError(_("Say whether the statement is true or false."))
        return {
            "correct": correct,
            "feedback_true": sanitize(data.get("feedback_true")),
            "feedback_false": sanitize(data.get("feedback_false")),
        }
    if kind == QuestionKind.SHORTANSWER:
        answers = _answers(data, html=False)
        if not answers:
            raise ValueError(_("A short-answer question needs at least one accepted answer."))
        if not any(_is_full(row["fraction"]) for row in answers):
            raise ValueError(_("One answer at least must give full credit (100%)."))
        return {"answers": answers, "case_sensitive": bool(data.get("case_sensitive", False))}
    if kind == QuestionKind.NUMERICAL:
        rows = data.get("answers")
        if not isinstance(rows, list) or not rows or len(rows) > MAX_ANSWERS:
            raise ValueError(_("A numeric question needs at least one accepted number."))
        answers = []
        for row in rows:
            if not isinstance(row, dict):
                raise ValueError(_("A numeric question needs at least one accepted number."))
            value, tolerance = to_decimal(row.get("value")), to_decimal(row.get("tolerance") or "0")
            if value is None:
                raise ValueError(_("Each accepted answer must be a number."))
            if tolerance is None or tolerance < 0:
                raise ValueError(_("The tolerance must be a number, 0 or more."))
            answers.append(
                {
                    "value": format(value.normalize(), "f"),
                    "tolerance": format(tolerance.normalize(), "f"),
                    "fraction": _fraction_text(row.get("fraction", "1")),
                    "feedback": sanitize(row.get("feedback")),
                }
            )
        if not any(_is_full(row["fraction"]) for row in answers):
            raise ValueError(_("One answer at least must give full credit (100%)."))
        return {"answers": answers}
    if kind == QuestionKind.MATCHING:
        rows = data.get("pairs")
        if not isinstance(rows, list) or len(rows) > MAX_ANSWERS:
            raise ValueError(_("A matching question needs at least 2 pairs."))
        pairs = []
        for row in rows:
            if not isinstance(row, dict):
                raise ValueError(_("A matching question needs at least 2 pairs."))
            answer = str(row.get("answer") or "").strip()
            if not answer:
                raise ValueError(_("Every pair needs an answer."))
            pairs.append({"question": sanitize(row.get("question")), "answer": answer})
        if sum(1 for row in pairs if row["question"]) < 2:
            raise ValueError(_("A matching question needs at least 2 pairs."))
        return {"pairs": pairs, "shuffle": bool(data.get("shuffle", True))}
    raise ValueError(_("Unknown kind of question."))


# --- answering --------------------------------------------------------------------------------------------


def choices(data: dict) -> list[str]:
    """A matching question's answers to choose from: each distinct answer once, in the order written."""
    return list(dict.fromkeys(row["answer"] for row in data.get("pairs", [])))


def real_pairs(data: dict) -> list[int]:
    return [index for index, row in enumerate(data.get("pairs", [])) if row["question"]]


def order_for(kind: str, data: dict, rng: random.Random | None = None) -> list[int]:
    """The order in which an attempt shows the answers (multiple choice) or the answers to choose from
    (matching): shuffled when the question says so. Fixed at the start of an attempt (in its layout)."""
    if kind in (QuestionKind.MULTICHOICE, QuestionKind.MULTIANSWER):
        order = list(range(len(data.get("answers", []))))
    elif kind == QuestionKind.MATCHING:
        order = list(range(len(choices(data))))
    else:
        return []
    if data.get("shuffle"):
        (rng or random.SystemRandom()).shuffle(order)
    return order


def _index(value: Any, size: int) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) >= size:
        raise ValueError(_("An answer was sent for a choice that does not exist."))
    return int(text)


def read_answer(kind: str, data: dict, values: list[str], parts: dict[str, list[str]]) -> Any:
    """What a quiz form sent for one question, as stored: ``values`` the field's values, ``parts`` the values
    of its sub-fields (matching: one a pair). ``None`` when nothing was answered; ``ValueError`` when a
    choice does not exist (a tampered form)."""
    values = [value for value in values if value != ""]
    if kind == QuestionKind.MULTICHOICE:
        if len(values) > 1:
            raise ValueError(_("An answer was sent for a choice that does not exist."))
        return _index(values[0], len(data["answers"])) if values else None
    if kind == QuestionKind.MULTIANSWER:
        chosen = sorted({_index(value, len(data["answers"])) for value in values})
        return chosen or None
    if kind == QuestionKind.TRUEFALSE:
        if not values:
            return None
        if len(values) > 1 or values[0] not in ("true", "false"):
            raise ValueError(_("An answer was sent for a choice that does not exist."))
        return values[0] == "true"
    if kind in (QuestionKind.SHORTANSWER, QuestionKind.NUMERICAL):
        if len(values) > 1:
            raise ValueError(_("An answer was sent for a choice that does not exist."))
        return values[0].strip()[:1000] if values and values[0].strip() else None
    if kind == QuestionKind.MATCHING:
        pairs, size, answer = set(real_pairs(data)), len(choices(data)), {}
        for key, given in parts.items():
            if not key.isdigit() or int(key) not in pairs:
                raise ValueError(_("An answer was sent for a choice that does not exist."))
            given = [value for value in given if value != ""]
            if len(given) > 1:
                raise ValueError(_("An answer was sent for a choice that does not exist."))
            if given:
                answer[key] = _index(given[0], size)
        return answer or None
    raise ValueError(_("Unknown kind of question."))


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    body = ".*".join(re.escape(part) for part in pattern.strip().split("*"))
    return re.compile(rf"\A{body}\Z", 0 if case_sensitive else re.IGNORECASE | re.DOTALL)


def _better(row: dict, best: dict | None) -> bool:
    return best is None or Decimal(row["fraction"]) > Decimal(best["fraction"])


def matched_answer(kind: str, data: dict, answer: Any) -> dict | None:
    """The answer row a text or number answer matched (the best credit), for its feedback."""
    if answer is None:
        return None
    best = None
    if kind == QuestionKind.SHORTANSWER:
        given = str(answer).strip()
        for row in data["answers"]:
            if _wildcard(row["text"], data.get("case_sensitive", False)).match(given) and _better(row, best):
                best = row
    elif kind == QuestionKind.NUMERICAL:
        number = to_decimal(answer)
        if number is None:
            return None
        for row in data["answers"]:
            if abs(number - Decimal(row["value"])) <= Decimal(row["tolerance"]) and _better(row, best):
                best = row
    return best


def _clip(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def fraction(question: Any, answer: Any) -> Decimal:
    """The share of the question's points an answer earns, between 0 and 1. ``question`` has ``kind`` and
    ``data``; ``answer`` is as stored (``read_answer``); no answer earns 0."""
    kind, data = question.kind, question.data
    if answer is None:
        return ZERO
    try:
        if kind == QuestionKind.MULTICHOICE:
            return _clip(Decimal(data["answers"][int(answer)]["fraction"]))
        if kind == QuestionKind.MULTIANSWER:
            return _clip(sum((Decimal(data["answers"][int(index)]["fraction"]) for index in set(answer)), ZERO))
        if kind == QuestionKind.TRUEFALSE:
            return ONE if bool(answer) == data["correct"] else ZERO
        if kind in (QuestionKind.SHORTANSWER, QuestionKind.NUMERICAL):
            row = matched_answer(kind, data, answer)
            return _clip(Decimal(row["fraction"])) if row else ZERO
        if kind == QuestionKind.MATCHING:
            pairs, options = real_pairs(data), choices(data)
            right = sum(
                1
                for index in pairs
                if str(index) in answer and options[int(answer[str(index)])] == data["pairs"][index]["answer"]
            )
            return (Decimal(right) / Decimal(len(pairs))).quantize(Decimal("0.0000001")) if pairs else ZERO
    except (IndexError, KeyError, TypeError, ValueError):
        return ZERO
    return ZERO


# --- showing ----------------------------------------------------------------------------------------------


def render(question: Any, order: list[int], answer: Any = None, *, review: bool = False) -> dict:
    """What a page needs to draw a question: its field name, the options in the attempt's order (ticked as
    answered), and in a review the right answers and the feedback of those chosen."""
    kind, data = question.kind, question.data
    name = f"q{question.pk}"
    view: dict[str, Any] = {"question": question, "name": name, "kind": kind, "answer": answer}
    if kind in (QuestionKind.MULTICHOICE, QuestionKind.MULTIANSWER):
        chosen = set(answer or []) if kind == QuestionKind.MULTIANSWER else {answer}
        indexes = order or list(range(len(data["answers"])))
        view["options"] = [
            {
                "value": index,
                "text": data["answers"][index]["text"],
                "checked": index in chosen,
                "right": Decimal(data["answers"][index]["fraction"]) > 0,
                "feedback": data["answers"][index]["feedback"] if review and index in chosen else "",
                "id": f"{name}_{index}",
            }
            for index in indexes
            if index < len(data["answers"])
        ]
        view["multiple"] = kind == QuestionKind.MULTIANSWER
    elif kind == QuestionKind.TRUEFALSE:
        view["options"] = [
            {
                "value": "true",
                "text": _("True"),
                "checked": answer is True,
                "right": data["correct"],
                "id": f"{name}_t",
            },
            {
                "value": "false",
                "text": _("False"),
                "checked": answer is False,
                "right": not data["correct"],
                "id": f"{name}_f",
            },
        ]
        if review and answer is not None:
            view["feedback"] = data["feedback_true"] if answer else data["feedback_false"]
    elif kind in (QuestionKind.SHORTANSWER, QuestionKind.NUMERICAL):
        view["text"] = answer or ""
        if review:
            row = matched_answer(kind, data, answer)
            view["feedback"] = row["feedback"] if row else ""
            best = [row for row in data["answers"] if Decimal(row["fraction"]) == ONE]
            view["right"] = best[0]["text" if kind == QuestionKind.SHORTANSWER else "value"] if best else ""
    elif kind == QuestionKind.MATCHING:
        options = choices(data)
        indexes = order or list(range(len(options)))
        given = answer or {}
        view["pairs"] = [
            {
                "name": f"{name}_{index}",
                "question": data["pairs"][index]["question"],
                "right": data["pairs"][index]["answer"],
                "options": [
                    {"value": option, "text": options[option], "selected": given.get(str(index)) == option}
                    for option in indexes
                    if option < len(options)
                ],
                "correct": str(index) in given
                and given[str(index)] < len(options)
                and options[given[str(index)]] == data["pairs"][index]["answer"],
            }
            for index in real_pairs(data)
        ]
    return view
