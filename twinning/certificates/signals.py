"""The hook into allauth: when a person confirms an e-mail address, the imported certificates kept for it
become theirs (``imports.attach_imported``)."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .imports import attach_imported


@receiver(email_confirmed, dispatch_uid="certificates.attach_imported")
def _attach_on_confirmation(sender, request=None, email_address=None, **kwargs) -> None:
    if email_address is not None and email_address.user_id:
        attach_imported(user=email_address.user, email=email_address.email)
