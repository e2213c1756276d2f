"""The form of the import of earlier certificates: the country (CSS choose it; NSO staff have theirs) and the
CSV file."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .imports import MAX_BYTES

EXTENSIONS = (".csv", ".txt")


class ImportForm(forms.Form):
    country = forms.TypedChoiceField(label=_("Country"), coerce=int)
    file = forms.FileField(label=_("CSV file of earlier certificates"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(c.pk, c.name) for c in countries]
        if len(self.fields["country"].choices) == 1:
            self.fields["country"].widget = forms.HiddenInput()
            self.fields["country"].initial = self.fields["country"].choices[0][0]
        self.fields["file"].help_text = _(
            "Columns: e-mail, name, course, cycle, hours, start, end, code (the old certificate's code), in English "
            "or Greek; separated by , or ; in UTF-8. Dates as 2021-05-31 or 31/05/2021. Up to %(max)s."
        ) % {"max": filesizeformat(MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(EXTENSIONS):
            raise ValidationError(_("Choose a CSV file (ending in .csv)."))
        if (upload.size or 0) > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(max)s: split it.") % {"max": filesizeformat(MAX_BYTES)})
        if not upload.size:
            raise ValidationError(_("The file is empty."))
        return upload
