"""Pupils' accounts, as the lower layers need to know them (domain §6).

Pupils sign in with a login made by their teacher and see only their workspaces: never the rest of the
platform (people, partner finding, messages, groups, staff pages). The account carries an address under a
reserved domain that can never receive mail (RFC 2606 ``.invalid``), which tells a pupil's account from
anyone else's without a query. Apps declare the parts of the site open to pupils with
``register_pupil_area`` (URL namespaces) and the page a pupil lands on with ``register_pupil_home``; the
``PupilAreaMiddleware`` answers 404 to everything else, so a new app is closed to pupils until it says
otherwise.
"""

from __future__ import annotations

from typing import Any

PUPIL_EMAIL_DOMAIN = "pupils.twinning.invalid"
_SUFFIX = "@" + PUPIL_EMAIL_DOMAIN

# Always open: signing in and out, the language switch, health checks.
_AREAS: set[str] = {"pupils", "set_language", "account_logout", "javascript-catalog", "files", "uploads", "healthz"}
_HOME: list[str] = []


def is_pupil(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and str(getattr(user, "email", "")).endswith(_SUFFIX)


def pupil_email(username: str) -> str:
    return f"{username}{_SUFFIX}"


def register_pupil_area(namespace: str) -> None:
    """Open the URLs of ``namespace`` to pupils (each view still checks what the pupil may see)."""
    _AREAS.add(namespace)


def register_pupil_home(url_name: str) -> None:
    _HOME[:] = [url_name]


def pupil_home() -> str:
    return _HOME[0] if _HOME else "pupils:login"


def area_open(match: Any) -> bool:
    """Whether a resolved URL is open to pupils: its namespace (or view name) is registered."""
    if match is None:
        return False
    return bool(set(match.namespaces) & _AREAS) or match.url_name in _AREAS


class PupilAreaMiddleware:
    """A pupil reaching any page outside the registered areas gets 404, as if it did not exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_pupil(getattr(request, "user", None)) and not area_open(request.resolver_match):
            from django.http import Http404

            raise Http404
        return None
