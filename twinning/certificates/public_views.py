"""The pages anyone may read without logging in, with or without a language in the address: a certificate's
verification page (what a QR code opens), the issuer's Open Badges profile and its public keys (JWKS)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import badges, keys, selectors


@require_GET
def verify(request, code: str):
    """What the certificate states, and whether it still stands; 404 for an unknown or malformed code."""
    certificate = selectors.by_code(code)
    if certificate is None:
        raise Http404
    response = render(request, "certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def issuer(request):
    response = JsonResponse(badges.issuer_profile(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def jwks(request):
    response = JsonResponse(keys.jwks())
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
