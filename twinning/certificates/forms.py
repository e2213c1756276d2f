from django import forms
from django.utils.translation import gettext_lazy as _

from .models import normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("As printed on the certificate, for example TW-7K3M-Q9XD."),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("This is not a certificate's code. Check it and type it again."))
        return code


class StaffSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Code or e-mail address"),
        help_text=_("The whole code of a certificate, or the e-mail address of its holder."),
        max_length=254,
        required=False,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        help_text=_("Shown on the public verification page and sent to the holder."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
