"""Forms of the gradebooks: the cycle gradebook's filters, an exception for one learner, a sign-off note and
a trainer's message."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.widgets import FastSelect

from . import gradebook
from .gradebook_selectors import exception_activities
from .models import Activity


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class CycleFilterForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=int, empty_value=None, widget=FastSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("in_progress", _("Not completed")), ("completed", _("Completed"))],
    )
    not_started = forms.BooleanField(label=_("Only those who have not started"), required=False)

    def __init__(self, *args, groups: list[tuple[int, int]], **kwargs):
        """``groups``: the cycle's (group id, number); a group of another cycle is not a choice."""
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Every group")), *((pk, _("Group %(number)s") % {"number": n}) for pk, n in groups)]


class ExceptionForm(forms.Form):
    activity: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), empty_label=_("Choose an assignment or a quiz")
    )
    due_at = forms.DateTimeField(
        label=_("New due date"), required=False, widget=_DateTimeInput(), help_text=_("Empty: the usual due date.")
    )
    closes_at = forms.DateTimeField(
        label=_("New closing date"),
        required=False,
        widget=_DateTimeInput(),
        help_text=_("Empty: the usual closing date (or the new due date, if later)."),
    )
    extra_minutes = forms.IntegerField(
        label=_("Extra minutes"),
        required=False,
        min_value=0,
        max_value=gradebook.MAX_EXTRA_MINUTES,
        help_text=_("Quizzes with a time limit only."),
    )
    extra_attempts = forms.IntegerField(
        label=_("Extra attempts"),
        required=False,
        min_value=0,
        max_value=gradebook.MAX_EXTRA_ATTEMPTS,
        help_text=_("Quizzes only."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail and shown to the learner's trainer and the staff."),
    )

    def __init__(self, *args, cycle_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle_id = cycle_id
        field = self.fields["activity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = exception_activities(cycle_id)
        field.error_messages["invalid_choice"] = _("Choose an assignment or a quiz of this learner's cycle.")

    def clean(self):
        data = super().clean() or {}
        if self.errors:
            return data
        for field, message in gradebook.check_exception(
            activity=data.get("activity"),
            cycle_id=self.cycle_id,
            due_at=data.get("due_at"),
            closes_at=data.get("closes_at"),
            extra_minutes=data.get("extra_minutes"),
            extra_attempts=data.get("extra_attempts"),
            reason=data.get("reason") or "",
            now=timezone.now(),
        ):
            self.add_error(field or None, message)
        return data


class SignOffForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MessageForm(forms.Form):
    to = forms.ChoiceField(label=_("To"))
    subject = forms.CharField(label=_("Subject of the message"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, recipients: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("all", _("The whole group")), *((str(pk), name) for pk, name in recipients)]
        field.error_messages["invalid_choice"] = _("Choose a learner of this group or the whole group.")

    def enrolment_ids(self) -> list[int] | None:
        value = self.cleaned_data["to"]
        return None if value == "all" else [int(value)]
