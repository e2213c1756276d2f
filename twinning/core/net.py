"""The client's address behind the documented reverse proxies (docs/operations.md).

Behind a proxy every request comes from the proxy's address: keying rate limits and lockouts on
``REMOTE_ADDR`` would make all visitors one. Each trusted proxy appends the address it received the
request from to ``X-Forwarded-For``; with ``TRUSTED_PROXY_COUNT`` proxies in front of the application
the client is the entry that many places from the right. Entries further left were written by the
client itself and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client as the outermost trusted proxy saw it (REMOTE_ADDR without proxies)."""
    remote = _clean(request.META.get("REMOTE_ADDR"))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not forwarded:
        # Not sent through the proxies (a health check on the private network, say): the direct peer.
        return remote
    # Fewer hops than trusted proxies: the leftmost was still written by a trusted proxy.
    hop = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return _clean(hop) or remote


UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound to


def client_ip_or_unknown(request) -> str:
    """For callers that need an address (rate-limit keys, allauth's session list): never empty, always
    a valid address (a request built without one, e.g. by a test's login, gets 0.0.0.0)."""
    return client_ip(request) or UNKNOWN_IP


def local_path(url: str | None, *, max_length: int = 300) -> str:
    """``url`` if it is a path of this site (``/…``) to go back or on to, else "".

    Never another site ("//host", "/\\host"), never a scheme a link could run, never a path carrying
    control characters or spaces (browsers drop a tab or a newline, so "/\\t/host" would become
    "//host"), never longer than ``max_length``. Used for every "next" and "back" parameter and for the
    addresses stored with notices and messages."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//") or len(url) > max_length:
        return ""
    if "\\" in url or any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return ""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) else ""
