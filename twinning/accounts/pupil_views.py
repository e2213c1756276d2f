"""The pupils' sign-in page (domain §6): a username and a password from the login card, nothing else."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from twinning.core.pupils import is_pupil, pupil_email, pupil_home

from .models import Pupil


class PupilLoginForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _refusal(user) -> str:
    """Why a pupil whose password is right may still not sign in ("" when they may)."""
    pupil = Pupil.objects.filter(user=user).only("deactivated_at", "under_consent_age", "consent_date").first()
    if pupil is None or pupil.deactivated_at is not None:
        return _("This login is no longer in use. Ask your teacher.")
    if not pupil.may_sign_in:
        return _(
            "Your teacher has not yet recorded your parents' consent, so you cannot sign in yet. Ask your teacher."
        )
    return ""


@never_cache
@sensitive_post_parameters("password")
def pupil_login(request):
    if is_pupil(request.user):
        return redirect(pupil_home())
    form = PupilLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip().lower()
        # Accounts sign in by e-mail; a pupil's is made from the username, so only pupils can match here.
        user = authenticate(request, username=pupil_email(username), password=form.cleaned_data["password"])
        if user is None or not is_pupil(user):  # teachers sign in on the main page, with their e-mail
            form.add_error(None, _("The username or the password is not right. Check your login card."))
        elif refusal := _refusal(user):
            form.add_error(None, refusal)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(pupil_home())
    return render(request, "pupils/login.html", {"form": form}, status=400 if form.errors else 200)
