"""The resource library's filters (used by the page model itself, so not in forms.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.reference.models import AgeBand, Subject

from .models import Licence


class ResourceFilterForm(forms.Form):
    licence = forms.ChoiceField(label=_("Licence"), required=False, choices=[("", _("Any licence")), *Licence.choices])
    subject = forms.ModelChoiceField(
        label=_("Subject"), required=False, queryset=Subject.objects.none(), empty_label=_("Any subject")
    )
    age_band = forms.ModelChoiceField(
        label=_("Pupils' age band"), required=False, queryset=AgeBand.objects.none(), empty_label=_("Any age band")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(is_active=True)
        self.fields["age_band"].queryset = AgeBand.objects.all()
