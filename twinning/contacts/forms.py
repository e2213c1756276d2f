from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX, REQUEST_MESSAGE_MAX


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A short message"),
        help_text=_("Say who you are and why you would like to be in contact (optional)."),
        required=False,
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Plain text; web addresses become links."),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a message.")},
    )
