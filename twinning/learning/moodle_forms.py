"""The form of the Moodle import: one course backup (.mbz)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .moodle import archive

EXTENSIONS = (".mbz", ".zip", ".tar.gz", ".tgz")


class BackupForm(forms.Form):
    file = forms.FileField(label=_("Moodle course backup (.mbz)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("In Moodle: the course's Backup, without user data. Up to %(max)s.") % {
            "max": filesizeformat(archive.MAX_BACKUP_BYTES)
        }
        self.fields["file"].widget.attrs["accept"] = ".mbz"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(EXTENSIONS):
            raise ValidationError(_("Choose a Moodle course backup: a file ending in .mbz."))
        try:
            archive.check_size(upload.size or 0)
        except archive.BackupRefused as exc:
            raise ValidationError(str(exc)) from None
        return upload
