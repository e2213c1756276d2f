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


class RulesForm(forms.Form):
    """One number field per declared rule (its bounds from the declaration), and why it changes."""

    reason = forms.CharField(label=_("Why the change (kept in the audit log)"), required=False, max_length=500)

    def __init__(self, *args, declared, values, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for rule in declared:
            help_parts = [str(rule.help_text)] if rule.help_text else []
            help_parts.append(
                str(_("Default: %(value)s %(unit)s") % {"value": rule.default, "unit": rule.unit}).strip()
            )
            fields[rule.key] = forms.IntegerField(
                label=rule.label,
                min_value=rule.minimum,
                max_value=rule.maximum,
                initial=values.get(rule.key, rule.default),
                help_text=" ".join(help_parts),
            )
        # The rules first, the reason last.
        self.fields = {**fields, "reason": self.fields["reason"]}
        self.rule_keys = list(fields)

    def rule_values(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in self.rule_keys}


class EmbedSitesForm(forms.Form):
    """Which sites may be embedded: one box per site (the known providers and the hosts staff added)."""

    sites = forms.TypedMultipleChoiceField(
        label=_("Allowed sites"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Why the change (kept in the audit log)"), required=False, max_length=500)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].choices = [(s.pk, s.name if s.provider else f"{s.name} ({s.host})") for s in sites]
        self.fields["sites"].initial = [s.pk for s in sites if s.enabled]


class EmbedHostForm(forms.Form):
    """Another site whose pages are made to be embedded as they are."""

    host = forms.CharField(
        label=_("Host"), max_length=253, help_text=_("For example tools.example.org: its https pages may be embedded.")
    )
    name = forms.CharField(label=_("Name shown to teachers"), max_length=120, required=False)
    reason = forms.CharField(label=_("Why (kept in the audit log)"), required=False, max_length=500)


class EmbedRemoveForm(forms.Form):
    site = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=500)
