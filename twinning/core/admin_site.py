"""The Django admin, for administrators only, behind the platform's own login and second factor.

There is one way in: the platform's login (allauth, with the TOTP step). The admin's own login form
is never shown; it sends visitors to the platform's login and refuses everyone else who lacks the
permission (staff work in the platform's pages, not here).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from . import mfa


class TwinningAdminSite(admin.AdminSite):
    site_header = "Twinning"
    site_title = "Twinning"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser and mfa.session_passed_mfa(request))

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("account_login"))
