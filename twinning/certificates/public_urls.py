"""Addresses without a language prefix: what a QR code, a wallet or a verifier reads."""

from django.urls import path

from . import public_views as views

app_name = "certificates_public"

urlpatterns = [
    path("verify/<path:code>", views.verify, name="verify"),
    path("credentials/issuer", views.issuer, name="issuer"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
