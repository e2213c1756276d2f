"""Forms of assignments: a rubric criterion with its levels, the learner's work, the trainer's grade."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.models import Rights

from .assignments import MAX_LEVELS
from .models import SubmissionType


class CriterionForm(forms.Form):
    """A criterion and up to ``MAX_LEVELS`` levels (the empty rows are left out), in the order given."""

    title = forms.CharField(label=_("Criterion"), max_length=300, help_text=_("What is assessed, e.g. “Clarity”."))

    def __init__(self, *args, criterion=None, **kwargs):
        if criterion is not None and "initial" not in kwargs:
            initial = {"title": criterion.title}
            for index, level in enumerate(criterion.levels.all(), start=1):
                initial[f"level_{index}_description"] = level.description
                initial[f"level_{index}_points"] = level.points
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_LEVELS + 1):
            self.fields[f"level_{index}_description"] = forms.CharField(
                label=_("Level %(n)s: description") % {"n": index}, max_length=500, required=False
            )
            self.fields[f"level_{index}_points"] = forms.DecimalField(
                label=_("Level %(n)s: points") % {"n": index},
                required=False,
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01"}),
            )

    def level_rows(self):
        """(description field, points field) bound pairs, for the template."""
        return [(self[f"level_{i}_description"], self[f"level_{i}_points"]) for i in range(1, MAX_LEVELS + 1)]

    def levels(self) -> list[tuple[str, Decimal | None]]:
        data = self.cleaned_data
        return [
            (data.get(f"level_{i}_description") or "", data.get(f"level_{i}_points")) for i in range(1, MAX_LEVELS + 1)
        ]


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 12})
    )
    file = forms.FileField(label=_("Add a file"), required=False, help_text=_("A document, an image, a video…"))
    rights = forms.ChoiceField(
        label=_("Whose work is the file"), choices=Rights.choices, initial=Rights.OWN, required=False
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        if activity.submission_type == SubmissionType.TEXT:
            del self.fields["file"], self.fields["rights"]
            self.fields["text"].required = True
        elif activity.submission_type == SubmissionType.FILE:
            del self.fields["text"]


class GradeForm(forms.Form):
    """Points given directly or a level of each rubric criterion (one ``criterion_<id>`` radio group each),
    feedback, and the decision: grade, or ask for a new submission."""

    GRADE, AGAIN = "grade", "again"

    points = forms.DecimalField(
        label=_("Points"), required=False, max_digits=6, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )  # fmt: skip
    feedback = forms.CharField(
        label=_("Feedback"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was done well and what to improve; the learner reads it."),
    )  # fmt: skip
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(GRADE, _("Grade")), (AGAIN, _("Ask for a new submission"))], initial=GRADE,
        widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(self, *args, activity, criteria, use_rubric: bool, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity, self.use_rubric = activity, use_rubric
        self.fields["points"].help_text = _("From 0 to %(max)s, before any late penalty.") % {
            "max": activity.max_points
        }
        self.criteria = criteria if use_rubric else []
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[(lv.pk, f"{lv.description} ({lv.points})") for lv in criterion.levels.all()],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
        if not activity.resubmission:
            self.fields["decision"].choices = [(self.GRADE, _("Grade"))]  # type: ignore[attr-defined]
        if submission is not None and not self.is_bound:
            self.initial.update({"feedback": submission.feedback})
            if submission.rubric:
                for key, level in submission.rubric.items():
                    self.initial[f"criterion_{key}"] = level
            elif submission.points is not None:
                self.initial["points"] = submission.points

    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    def rubric(self) -> dict:
        data = self.cleaned_data or {}
        chosen = {c.pk: data.get(f"criterion_{c.pk}") for c in self.criteria}
        return {k: v for k, v in chosen.items() if v is not None}

    def clean(self):
        data = super().clean() or {}
        if data.get("decision") == self.GRADE and self.activity.graded:
            chosen = self.rubric() if self.use_rubric else {}
            if chosen and data.get("points") is not None:
                raise forms.ValidationError(_("Choose the rubric's levels or give the points, not both."))
            if not chosen and data.get("points") is None:
                self.add_error("points", _("Give the points (or choose a level of each criterion)."))
        return data
