from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.registries import reportables

from .models import DECISION_REASON_MAX, REASON_TEXT_MAX, Decision, ReportReason, ReportStatus


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong.")},
    )
    text = forms.CharField(
        label=_("Tell the NSO more"),
        help_text=_("Optional. The author is not told who reported it."),
        required=False,
        max_length=REASON_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("Content"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any content")), *((r.kind, r.label) for r in reportables())]


class ShowAgainForm(forms.Form):
    reason = forms.CharField(
        label=_("Why show it again?"),
        help_text=_("Kept in the audit log."),
        max_length=DECISION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the decision: it is kept in the audit log.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Kept in the audit log; the author reads it when warned, suspended or their profile hidden."),
        max_length=DECISION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision: it is kept in the audit log.")},
    )
