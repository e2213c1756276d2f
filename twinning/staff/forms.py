from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.registries import audit_action_choices
from twinning.core.widgets import FastSelect


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field is optional and a wrong value in one leaves the others."""

    action = forms.ChoiceField(label=_("Decision"), required=False, widget=FastSelect)
    q = forms.CharField(label=_("Who acted or on whom (name)"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=_DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=_DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any decision")), *audit_action_choices()]
