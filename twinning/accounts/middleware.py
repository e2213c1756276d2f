import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core import mfa
from twinning.staff import policies as staff_policies

from . import services

# Paths a staff member whose session has not passed the second factor may still reach: the account pages
# (login, the TOTP step, setting up an authenticator, logging out), language switching and static files.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/jsi18n/")
_IDLE_KEY = "twinning_staff_seen"


def _strip_language(path: str) -> str:
    parts = path.split("/", 2)
    if len(parts) > 2 and parts[1] in dict(settings.LANGUAGES):
        return "/" + parts[2]
    return path


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class StaffMFAMiddleware:
    """Staff duties need the second factor passed in *this* session (``twinning.core.mfa``).

    A staff member whose session has not passed it is sent to the TOTP step (or, without an
    authenticator, to set one up) before any page other than the account pages answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and staff_policies.requires_mfa(user)
            and not _strip_language(request.path).startswith(_MFA_EXEMPT_PREFIXES)
            and not mfa.session_passed_mfa(request)
        ):
            if mfa.has_totp(user):
                messages.info(request, _("Staff pages need your authenticator code in this session."))
                return redirect(_with_next(reverse("mfa_reauthenticate"), request))
            messages.warning(request, _("Staff roles need a second factor. Set up an authenticator app to continue."))
            return redirect(_with_next(reverse("mfa_activate_totp"), request))
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after ``STAFF_SESSION_IDLE_MINUTES`` without a request (whatever "remember me" said)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and staff_policies.requires_mfa(user):
            idle = int(settings.STAFF_SESSION_IDLE_MINUTES) * 60
            now = int(time.time())
            seen = request.session.get(_IDLE_KEY)
            if isinstance(seen, int) and now - seen > idle:
                logout(request)
                minutes = int(settings.STAFF_SESSION_IDLE_MINUTES)
                messages.info(
                    request,
                    ngettext(
                        "You were logged out after %(n)d minute without activity. Log in again to continue.",
                        "You were logged out after %(n)d minutes without activity. Log in again to continue.",
                        minutes,
                    )
                    % {"n": minutes},
                )
                return redirect(_with_next(reverse("account_login"), request))
            if not isinstance(seen, int) or now - seen >= 30:  # a session write at most every 30 s
                request.session[_IDLE_KEY] = now
        return self.get_response(request)


class PrivatePagesNoStoreMiddleware:
    """Pages seen by a logged-in person carry personal or staff data: no browser or proxy keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


class LastSeenMiddleware:
    """Remember when a person was last active (at most one write per hour) for retention rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            services.person_seen(user=user)
        return response
