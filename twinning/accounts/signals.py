from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from .middleware import MFA_CHECKED_KEY


@receiver(authenticator_removed)
def forget_second_factor_check(sender, request, user, authenticator, **kwargs):
    """A staff member who removes their authenticator is checked again on the next page."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_CHECKED_KEY, None)
