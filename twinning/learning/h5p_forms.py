"""The form of an H5P activity's authoring page: the package to upload (checked by ``h5p.check_package``)."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .h5p import MAX_PACKAGE_BYTES


class PackageForm(forms.Form):
    package = forms.FileField(
        label=gettext_lazy("H5P package"),
        error_messages={"required": gettext_lazy("Choose the .h5p file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].help_text = _(
            "A file ending in .h5p, exported from an H5P editor with all its libraries; at most %(max)s."
        ) % {"max": filesizeformat(MAX_PACKAGE_BYTES)}
