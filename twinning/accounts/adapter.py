from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from twinning.core.net import client_ip_or_unknown
from twinning.staff import policies as staff_policies


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
        return reverse("accounts:dashboard")

    def get_client_ip(self, request):
        # Rate limits key on the client behind the trusted proxies, like the lockout (twinning.core.net).
        return client_ip_or_unknown(request)
