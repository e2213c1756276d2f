"""Forms of a cycle's content: a module, the kind of a new activity, an activity's settings (the common ones
and its kind's own, nothing else), a file for a page, the confirmation of a removal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.models import Rights
from twinning.core.richtext import RichTextEditor, RichTextFormField

from .content import fields_of
from .models import TITLE_MAX, ActivityKind, GradingMethod, LatePolicy, SubmissionType


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Summary (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = forms.DateTimeField(
        label=_("Released on (optional)"),
        required=False,
        widget=_DateTimeInput(),
        help_text=_("Empty: from the start. In a self-paced course, moved for each learner by the day they began."),
    )


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices, widget=forms.RadioSelect)


def _all_fields() -> dict[str, forms.Field]:
    return {
        "title": forms.CharField(label=_("Title"), max_length=TITLE_MAX),
        "body": RichTextFormField(
            label=_("Text (optional)"),
            required=False,
            widget=RichTextEditor(headings=True, tables=True),
            help_text=_(
                "A page's content, or the instructions of the activity. A link alone on its line to "
                "an allowed video site is shown as the video."
            ),
        ),  # fmt: skip
        "required": forms.BooleanField(label=_("Required for completion"), required=False, initial=True),
        "max_points": forms.DecimalField(
            label=_("Points"),
            min_value=0,
            max_digits=6,
            decimal_places=2,
            initial=0,
            help_text=_("0: not graded."),
        ),  # fmt: skip
        "pass_percent": forms.IntegerField(
            label=_("Pass mark (%) (optional)"),
            min_value=0,
            max_value=100,
            required=False,
            help_text=_("The grade needed for the activity to count as done. Empty: any grade."),
        ),  # fmt: skip
        "opens_at": forms.DateTimeField(label=_("Opens at (optional)"), required=False, widget=_DateTimeInput()),
        "due_at": forms.DateTimeField(label=_("Due at (optional)"), required=False, widget=_DateTimeInput()),
        "closes_at": forms.DateTimeField(
            label=_("Closes at (optional)"),
            required=False,
            widget=_DateTimeInput(),
            help_text=_("Nothing is accepted after it."),
        ),  # fmt: skip
        "submission_type": forms.ChoiceField(
            label=_("What is submitted"),
            choices=SubmissionType.choices,
            widget=forms.RadioSelect,
            initial=SubmissionType.TEXT,
        ),  # fmt: skip
        "late_policy": forms.ChoiceField(
            label=_("Late work"), choices=LatePolicy.choices, widget=forms.RadioSelect, initial=LatePolicy.ACCEPT
        ),
        "late_penalty_percent": forms.IntegerField(
            label=_("Penalty per day late (%)"), min_value=0, max_value=100, initial=0
        ),
        "resubmission": forms.BooleanField(
            label=_("The trainer may ask for a new submission"), required=False, initial=True
        ),
        "attempts_allowed": forms.IntegerField(
            label=_("Attempts allowed (optional)"),
            min_value=1,
            max_value=100,
            required=False,
            help_text=_("Empty: no limit."),
        ),  # fmt: skip
        "time_limit_minutes": forms.IntegerField(
            label=_("Time limit in minutes (optional)"),
            min_value=1,
            max_value=1440,
            required=False,
            help_text=_("Empty: no time limit."),
        ),  # fmt: skip
        "grading_method": forms.ChoiceField(
            label=_("Grade kept"),
            choices=GradingMethod.choices,
            widget=forms.RadioSelect,
            initial=GradingMethod.HIGHEST,
        ),  # fmt: skip
        "shuffle": forms.BooleanField(label=_("Questions in a random order"), required=False),
        "anonymous": forms.BooleanField(
            label=_("Anonymous answers"),
            required=False,
            help_text=_("Nobody, staff included, sees who gave which answer."),
        ),  # fmt: skip
        "posts_required": forms.IntegerField(
            label=_("Posts required"),
            min_value=1,
            max_value=100,
            initial=1,
            help_text=_("How many posts a learner writes in the activity's discussion to complete it."),
        ),  # fmt: skip
    }


class ActivityForm(forms.Form):
    """The settings of an activity of ``kind``: the common ones and that kind's own."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        every = _all_fields()
        for name in fields_of(kind):
            self.fields[name] = every[name]
        self.kind = kind

    def clean(self):
        data = super().clean() or {}
        opens, due, closes = data.get("opens_at"), data.get("due_at"), data.get("closes_at")
        if opens and due and not opens < due:
            self.add_error("due_at", _("The activity must open before it is due."))
        if due and closes and not due <= closes:
            self.add_error("closes_at", _("The closing date cannot be before the due date."))
        elif opens and closes and not opens < closes:
            self.add_error("closes_at", _("The activity must open before it closes."))
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    rights = forms.ChoiceField(label=_("Whose work is this?"), choices=Rights.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=300,
        required=False,
        help_text=_("What the file is, for those who cannot see it."),
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove it"), required=True)
