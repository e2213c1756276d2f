"""Forms of enrolment keys, enrolling from a CSV file and announcements (``enrolment_extra``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enrolment_extra import BODY_MAX, CSV_MAX_BYTES, KEY_MAX, TITLE_MAX


class GroupKeyForm(forms.Form):
    key = forms.CharField(
        label=_("Enrolment key"),
        max_length=KEY_MAX,
        required=False,
        help_text=_("Learners who type it are placed in this group. Empty: no key."),
    )


class BulkEnrolForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A column “email” (one person a row) and, if you wish, a column “group” (the group's number). "
            "UTF-8, at most 5 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it."))
        return upload


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Every learner of the cycle gets it as a notice (by e-mail in their daily digest)."),
    )
