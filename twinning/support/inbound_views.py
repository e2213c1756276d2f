"""The inbound e-mail webhook (docs/support-email.md): a mail provider or the organisation's mail server POSTs
each e-mail received at the support address, as its raw bytes, signed with the shared secret:

    X-Twinning-Signature: sha256=<hex HMAC-SHA256 of the body with SUPPORT_INBOUND_SECRET>

No session and no CSRF token: the signature is the key. Without a secret configured the address does not
exist (404); a bad signature gets 403, an e-mail over ``SUPPORT_INBOUND_MAX_BYTES`` 413, anything else 200
with what became of the e-mail (``support.inbound.receive``).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import inbound

SIGNATURE_HEADER = "HTTP_X_TWINNING_SIGNATURE"
CHUNK = 64 * 1024


def signature(body: bytes, secret: str) -> str:
    """The header's value for ``body``: ``sha256=<hex>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _read(request: HttpRequest, limit: int) -> bytes | None:
    """The body, or None when it is larger than ``limit`` (read no further than one byte past it)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = request.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


@csrf_exempt
@require_POST
def inbound_email(request: HttpRequest) -> HttpResponse:
    secret = settings.SUPPORT_INBOUND_SECRET
    if not secret:
        raise Http404
    limit = settings.SUPPORT_INBOUND_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return JsonResponse({"error": "too large"}, status=413)
    raw = _read(request, limit)
    if raw is None:
        return JsonResponse({"error": "too large"}, status=413)
    given = request.META.get(SIGNATURE_HEADER, "")
    if not given or not hmac.compare_digest(given.strip().encode(), signature(raw, secret).encode()):
        return JsonResponse({"error": "bad signature"}, status=403)
    record = inbound.receive(raw)
    return JsonResponse({"outcome": record.outcome, "reason": record.reason, "ticket": record.ticket_id})
