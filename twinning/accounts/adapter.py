from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from twinning.core import mail
from twinning.core.net import client_ip_or_unknown
from twinning.core.pupils import PUPIL_EMAIL_DOMAIN, is_pupil
from twinning.staff import policies as staff_policies

from . import selectors


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.username = user.email
        user.first_name = form.cleaned_data.get("first_name", "")
        user.last_name = form.cleaned_data.get("last_name", "")
        user.preferred_language = (translation.get_language() or "el")[:2]
        if commit:
            user.save()
        return user

    def clean_email(self, email: str) -> str:
        # The pupils' reserved domain belongs to logins made by teachers, never to someone signing up.
        if email.lower().rsplit("@", 1)[-1].endswith(PUPIL_EMAIL_DOMAIN):
            raise forms.ValidationError(_("Enter a real e-mail address."))
        return super().clean_email(email)

    def pre_login(self, request, user, **kwargs):
        # Pupils sign in only on their own page (with their username), never here.
        if is_pupil(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return redirect("pupils:login")
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request):
        # Open the person's home in their own language, whatever page they logged in from: staff (and
        # ambassadors) land on the staff home, everyone else on their dashboard.
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            if staff_policies.requires_mfa(user):
                return reverse("staff:home")
            return reverse("accounts:dashboard")

    def get_signup_redirect_url(self, request):
        """Where a new account lands once signed in (after confirming the e-mail address, in the same
        browser): the next step of joining, telling us their role in their school."""
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            if user is not None and user.is_authenticated and not user.community_role:
                return reverse("accounts:join_role")
            return reverse("accounts:dashboard")

    def render_mail(self, template_prefix, email, context, headers=None):
        # The sender is named after the person's National Support Organisation once their country is known.
        message = super().render_mail(template_prefix, email, context, headers=headers)
        name = selectors.nso_name_for(context.get("user"))
        if name:
            message.from_email = mail.sender(name)
        return message

    def get_client_ip(self, request):
        # Rate limits key on the client behind the trusted proxies, like the lockout (twinning.core.net).
        return client_ip_or_unknown(request)
