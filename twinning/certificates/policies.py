"""Who may see which certificate.

- Anyone (no login) may verify a certificate by its code: the public page shows only what it states.
- The holder downloads their own certificate (PDF, badge); others get 404, never a hint that it exists.
- NSO staff see and revoke the certificates their country issued; CSS staff all; anyone else 404 on a
  certificate, 403 on the staff pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from twinning.core.pupils import is_pupil
from twinning.staff import policies as staff_policies

from .models import Certificate


def may_have_certificates(user) -> bool:
    """Whether "My certificates" is in the menu: every signed-in adult (no query on every page)."""
    return bool(getattr(user, "is_authenticated", False)) and not is_pupil(user)


def is_certificate_staff(user) -> bool:
    return staff_policies.is_support_staff(user)


def certificates_for_staff(user) -> QuerySet[Certificate]:
    """The certificates this staff member may search and revoke (their country's; CSS: all)."""
    if not is_certificate_staff(user):
        return Certificate.objects.none()
    scope = staff_policies.staff_country_filter(user, "country")
    qs = Certificate.objects.all()
    return qs if scope is None else qs.filter(scope)


def can_manage(user, certificate: Certificate) -> bool:
    return is_certificate_staff(user) and staff_policies.can_act_for_country(user, certificate.country_id)


def is_holder(user, certificate: Certificate) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and certificate.holder_id is not None
        and certificate.holder_id == user.pk
    )


def can_download(user, certificate: Certificate) -> bool:
    """The PDF: its holder, and the staff of the issuing country."""
    return is_holder(user, certificate) or can_manage(user, certificate)


def download_or_404(user, certificate: Certificate | None) -> Certificate:
    if certificate is None or not can_download(user, certificate):
        raise Http404
    return certificate


def holder_or_404(user, certificate: Certificate | None) -> Certificate:
    if certificate is None or not is_holder(user, certificate):
        raise Http404
    return certificate


def manage_or_404(user, certificate: Certificate | None) -> Certificate:
    if certificate is None or not can_manage(user, certificate):
        raise Http404
    return certificate
