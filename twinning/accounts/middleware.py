from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policies
from .models import User

MFA_CHECKED_KEY = "twinning_staff_totp_ok"

# Paths a staff member without a second factor may still reach: setting it up, logging out, static.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/i18n/")


def _strip_language(path: str) -> str:
    parts = path.split("/", 2)
    if len(parts) > 2 and parts[1] in ("el", "en"):
        return "/" + parts[2]
    return path


class StaffMFAMiddleware:
    """Staff roles need TOTP: until it is set up, staff are sent to the authenticator set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and policies.requires_mfa(user):
            path = _strip_language(request.path)
            if not path.startswith(_MFA_EXEMPT_PREFIXES) and request.session.get(MFA_CHECKED_KEY) != user.pk:
                from allauth.mfa.models import Authenticator

                if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                    # Remembered for the session; removing the authenticator clears it (signals.py).
                    request.session[MFA_CHECKED_KEY] = user.pk
                else:
                    messages.warning(
                        request,
                        _("Staff roles need a second factor. Set up an authenticator app to continue."),
                    )
                    return redirect(reverse("mfa_activate_totp") + "?staff=1")
        return self.get_response(request)


class LastSeenMiddleware:
    """Remember when a person was last active (at most one write per hour) for retention rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if user.last_seen_at is None or now - user.last_seen_at > timedelta(hours=1):
                User.objects.filter(pk=user.pk).update(last_seen_at=now, inactive_since=None)
                user.last_seen_at = now
        return response
