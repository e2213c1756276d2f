"""Forms of the question bank (one purpose-built form per kind of question) and of a quiz's slots."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField

from . import questions
from .models import QuestionKind

HUNDRED = Decimal(100)
MAX_ROWS = 30


def _points_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=_("Points"), min_value=0, max_value=1000, max_digits=6, decimal_places=2, **kwargs)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name of the category"), max_length=255)
    parent = forms.TypedChoiceField(label=_("Inside"), required=False, coerce=int, empty_value=None)
    info = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, tree=(), with_parent=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_parent:
            self.fields["parent"].choices = [("", _("Top level")), *[(row.pk, row.label) for row in tree]]  # type: ignore[attr-defined]
        else:
            del self.fields["parent"]


def _credit(required: bool = False, initial: Any = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Credit (%)"), min_value=-100, max_value=100, max_digits=10, decimal_places=5,
        required=required, initial=initial,
        help_text=_("100 for a right answer, 0 for a wrong one; a part for partial credit, negative for a penalty."),
    )  # fmt: skip


def _percent(fraction: Any) -> str:
    value = (Decimal(str(fraction)) * HUNDRED).normalize()
    return format(value, "f")


class QuestionForm(forms.Form):
    """The common fields, then the fields of ``kind`` in rows (one an answer or a pair)."""

    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        required=False,
        help_text=_("For the bank's list; empty: the question's start."),
    )
    text = RichTextFormField(label=_("Question"), widget=RichTextEditor())
    general_feedback = RichTextFormField(
        label=_("General feedback"), required=False, widget=RichTextEditor(), help_text=_("Shown after the attempt.")
    )
    default_points = _points_field(initial=1)
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS, required=False)

    def __init__(self, *args, kind: str, tree=(), question=None, **kwargs):
        self.kind = kind
        data = question.data if question is not None else {}
        existing = data.get("pairs" if kind == QuestionKind.MATCHING else "answers", [])
        count = max(len(existing) + 2, 4 if kind != QuestionKind.MATCHING else 5)
        posted = args[0] if args else kwargs.get("data")
        if posted is not None:
            with contextlib.suppress(TypeError, ValueError):
                count = max(1, min(int(posted.get("rows") or count), MAX_ROWS))
        if question is not None:
            kwargs.setdefault("initial", self._initial(question, existing))
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(row.pk, row.label) for row in tree]  # type: ignore[attr-defined]
        self.fields["rows"].initial = count
        self.row_names: list[list[str]] = []
        self.count = 0
        if kind in (QuestionKind.MULTICHOICE, QuestionKind.MULTIANSWER, QuestionKind.SHORTANSWER):
            self.count = count
            for i in range(count):
                text = (
                    forms.CharField(label=_("Answer %(n)s") % {"n": i + 1}, required=False, max_length=5000,
                                    widget=forms.Textarea({"rows": 2}))
                    if kind != QuestionKind.SHORTANSWER
                    else forms.CharField(label=_("Accepted answer %(n)s") % {"n": i + 1}, required=False,
                                         max_length=500, help_text=_("* stands for any characters."))
                )  # fmt: skip
                self._row(i, {"text": text, "credit": _credit(), "feedback": self._feedback()})
            if kind == QuestionKind.SHORTANSWER:
                self.fields["case_sensitive"] = forms.BooleanField(label=_("Capitals matter"), required=False)
            else:
                self.fields["shuffle"] = forms.BooleanField(
                    label=_("Answers in a random order"), required=False, initial=True
                )
        elif kind == QuestionKind.NUMERICAL:
            self.count = count
            for i in range(count):
                self._row(
                    i,
                    {
                        "value": forms.CharField(label=_("Accepted number %(n)s") % {"n": i + 1}, required=False,
                                                 max_length=40),
                        "tolerance": forms.CharField(label=_("Tolerance (±)"), required=False, max_length=40,
                                                     initial="0"),
                        "credit": _credit(),
                        "feedback": self._feedback(),
                    },
                )  # fmt: skip
        elif kind == QuestionKind.MATCHING:
            self.count = count
            for i in range(count):
                self._row(
                    i,
                    {
                        "question": forms.CharField(
                            label=_("Item %(n)s") % {"n": i + 1}, required=False, max_length=2000,
                            help_text=_("Empty: the answer is only a distractor."),
                        ),
                        "answer": forms.CharField(label=_("Its match"), required=False, max_length=500),
                    },
                )  # fmt: skip
            self.fields["shuffle"] = forms.BooleanField(
                label=_("Answers in a random order"), required=False, initial=True
            )
        elif kind == QuestionKind.TRUEFALSE:
            self.fields["correct"] = forms.TypedChoiceField(
                label=_("The statement is"), choices=[("true", _("True")), ("false", _("False"))],
                coerce=lambda value: value == "true", widget=forms.RadioSelect,
            )  # fmt: skip
            self.fields["feedback_true"] = forms.CharField(
                label=_("Feedback to the answer “true”"),
                required=False,
                max_length=5000,
                widget=forms.Textarea({"rows": 2}),
            )
            self.fields["feedback_false"] = forms.CharField(
                label=_("Feedback to the answer “false”"), required=False, max_length=5000,
                widget=forms.Textarea({"rows": 2}),
            )  # fmt: skip

    @staticmethod
    def _feedback() -> forms.CharField:
        return forms.CharField(label=_("Feedback"), required=False, max_length=5000, widget=forms.Textarea({"rows": 2}))

    def _row(self, index: int, fields: dict[str, forms.Field]) -> None:
        names = []
        for part, field in fields.items():
            name = f"r{index}_{part}"
            self.fields[name] = field
            names.append(name)
        self.row_names.append(names)

    @property
    def answer_rows(self):
        return [[self[name] for name in names] for names in self.row_names]

    @property
    def common_fields(self):
        return [self[name] for name in ("category", "name", "text", "general_feedback", "default_points", "rows")]

    @property
    def other_fields(self):
        taken = {name for names in self.row_names for name in names} | {
            "category", "name", "text", "general_feedback", "default_points", "rows"
        }  # fmt: skip
        return [self[name] for name in self.fields if name not in taken]

    @staticmethod
    def _initial(question, existing) -> dict:
        initial: dict[str, Any] = {
            "category": question.category_id,
            "name": question.name,
            "text": question.text,
            "general_feedback": question.general_feedback,
            "default_points": question.default_points,
        }
        data = question.data
        for key in ("shuffle", "case_sensitive", "feedback_true", "feedback_false"):
            if key in data:
                initial[key] = data[key]
        if "correct" in data:
            initial["correct"] = "true" if data["correct"] else "false"
        for i, row in enumerate(existing):
            for key in ("text", "feedback", "value", "tolerance", "question", "answer"):
                if key in row:
                    initial[f"r{i}_{key}"] = row[key]
            if "fraction" in row:
                initial[f"r{i}_credit"] = _percent(row["fraction"])
        return initial

    def build_data(self) -> dict:
        """``Question.data`` from the cleaned fields (rows left empty are dropped)."""
        values = self.cleaned_data
        kind = self.kind
        if kind == QuestionKind.TRUEFALSE:
            return {
                "correct": values.get("correct"),
                "feedback_true": values.get("feedback_true", ""),
                "feedback_false": values.get("feedback_false", ""),
            }
        rows = []
        for i in range(self.count):
            row = {key: values.get(f"r{i}_{key}") for key in ("text", "credit", "feedback", "value", "tolerance",
                                                               "question", "answer")}  # fmt: skip
            if kind == QuestionKind.MATCHING:
                if row["question"] or row["answer"]:
                    rows.append({"question": row["question"] or "", "answer": row["answer"] or ""})
                continue
            main = row["value"] if kind == QuestionKind.NUMERICAL else row["text"]
            if not main:
                continue
            credit = row["credit"] if row["credit"] is not None else Decimal(0)
            entry: dict[str, Any] = {"fraction": str(credit / HUNDRED), "feedback": row["feedback"] or ""}
            if kind == QuestionKind.NUMERICAL:
                entry.update(value=row["value"], tolerance=row["tolerance"] or "0")
            else:
                entry["text"] = row["text"]
            rows.append(entry)
        if kind == QuestionKind.MATCHING:
            return {"pairs": rows, "shuffle": values.get("shuffle", False)}
        data: dict[str, Any] = {"answers": rows}
        if kind == QuestionKind.SHORTANSWER:
            data["case_sensitive"] = values.get("case_sensitive", False)
        elif kind != QuestionKind.NUMERICAL:
            data["shuffle"] = values.get("shuffle", False)
        return data

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if not self.errors:
            try:
                cleaned["data"] = questions.clean_data(self.kind, self.build_data())
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


class SlotQuestionForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Question from the bank"), coerce=int)
    points = _points_field(required=False, help_text=_("Empty: the question's own points."))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = list(choices)  # type: ignore[attr-defined]


class SlotDrawForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    draw_count = forms.IntegerField(label=_("Number of random questions"), min_value=1, max_value=100, initial=1)
    points = _points_field(initial=1, help_text=_("For each question drawn."))

    def __init__(self, *args, tree=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(row.pk, row.label) for row in tree]  # type: ignore[attr-defined]


class SlotPointsForm(forms.Form):
    points = _points_field()
