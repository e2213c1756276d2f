"""The door of Wagtail's admin (/cms/): only people whose roles give CMS access pass, after the platform's
login and second factor; their Wagtail groups are brought in line with their roles on every request, so
taking a role away takes the CMS away at once. The admin's pages get the looser policy they need
(docs/security.md), the public site keeps the strict one."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

CMS_PREFIX = "/cms/"
# Wagtail's own login and password pages: the platform's login (with its second factor) replaces them.
_CMS_LOGIN_PATHS = ("/cms/login/", "/cms/password_reset/")

# What Wagtail's admin needs beyond the site's policy (checked in Chromium, tests/browser/test_publishing_cms.py;
# docs/security.md): inline scripts (its pages carry small inline scripts whose hashes change per page) and
# styles (its components set style attributes), blob: images (image previews), framing of its own preview.
CMS_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
CMS_CSP_REPLACE = {"frame-ancestors": ["'self'"]}


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class CMSAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(CMS_PREFIX):
            return self.get_response(request)
        response = self._gate(request)
        if response is None:
            response = self.get_response(request)
        update = dict(getattr(response, "_csp_update", None) or {})
        for directive, sources in CMS_CSP_UPDATE.items():
            update[directive] = [*update.get(directive, []), *sources]
        response._csp_update = update
        response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), **CMS_CSP_REPLACE}
        if response.get("X-Frame-Options") is None:
            response["X-Frame-Options"] = "SAMEORIGIN"  # the page preview is a frame of the admin itself
        return response

    def _gate(self, request):
        from twinning.core import mfa

        from . import cms, policies

        user = request.user
        if request.path.startswith(_CMS_LOGIN_PATHS) or not user.is_authenticated:
            next_url = request.GET.get("next") or CMS_PREFIX
            from twinning.core.net import local_path

            return redirect(_with_next(reverse("account_login"), local_path(next_url) or CMS_PREFIX))
        if not policies.may_use_cms(user):
            cms.sync_groups(user)  # a role taken away: out of the groups too
            raise PermissionDenied
        if not mfa.session_passed_mfa(request):
            # Staff are stopped earlier by the platform's own check; editorial board members here.
            if mfa.has_totp(user):
                return redirect(_with_next(reverse("mfa_reauthenticate"), request.get_full_path()))
            return redirect(_with_next(reverse("mfa_activate_totp"), request.get_full_path()))
        cms.sync_groups(user)
        return None
