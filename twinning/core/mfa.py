"""Whether *this session* passed the second factor (TOTP), for staff pages and the Django admin.

Having an authenticator is not enough: a session logged in with the password alone (an old session
from before a staff role was granted, or one opened by any path that skips allauth's TOTP step) must
pass the second factor itself. The marker is written when allauth verifies a TOTP code in this session
(login, re-authentication) or when the person activates an authenticator (which asks for a code), and
it names the authenticator: removing that authenticator invalidates the marker in every session.
"""

from __future__ import annotations

import time

SESSION_KEY = "twinning_mfa"


def mark_passed(request, *, user_id: int, authenticator_id: int) -> None:
    """Remember that this session proved the second factor of ``user_id`` with that authenticator."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SESSION_KEY] = {"user": user_id, "authenticator": authenticator_id, "at": int(time.time())}


def forget(request) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SESSION_KEY, None)


def session_passed_mfa(request) -> bool:
    """True when this session passed the second factor of the logged-in person, with an authenticator
    that still exists. One indexed query, remembered for the request."""
    cached = getattr(request, "_twinning_mfa_ok", None)
    if cached is not None:
        return cached
    from allauth.mfa.models import Authenticator

    user = getattr(request, "user", None)
    marker = getattr(request, "session", {}).get(SESSION_KEY)
    ok = bool(
        user is not None
        and user.is_authenticated
        and isinstance(marker, dict)
        and marker.get("user") == user.pk
        # A recovery code is a second factor too (the person lost their phone); it names its own row.
        and Authenticator.objects.filter(pk=marker.get("authenticator"), user_id=user.pk).exists()
    )
    request._twinning_mfa_ok = ok
    return ok


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
