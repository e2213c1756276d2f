"""Receivers that keep the session's second-factor marker (twinning.core.mfa) true."""

from allauth.account.signals import authentication_step_completed
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.dispatch import receiver

from twinning.core import mfa


@receiver(authentication_step_completed)
def remember_second_factor(sender, request, method, user, **kwargs):
    """allauth verified a TOTP or recovery code in this session (login or re-authentication)."""
    if method == "mfa" and kwargs.get("id"):
        mfa.mark_passed(request, user_id=user.pk, authenticator_id=kwargs["id"])


@receiver(authenticator_added)
def remember_new_authenticator(sender, request, user, authenticator, **kwargs):
    """Activating TOTP asks for a code from the new authenticator: the session has proved it."""
    if request is not None and authenticator.type == authenticator.Type.TOTP:
        mfa.mark_passed(request, user_id=user.pk, authenticator_id=authenticator.pk)


@receiver(authenticator_removed)
def forget_second_factor(sender, request, user, authenticator, **kwargs):
    """Without its authenticator the marker is void everywhere (checked on each request); drop it here."""
    if request is not None:
        marker = request.session.get(mfa.SESSION_KEY) or {}
        if marker.get("authenticator") == authenticator.pk:
            mfa.forget(request)
