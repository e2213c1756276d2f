"""Reads of certificates, with the joins each page needs decided here (one query per list)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Certificate, normalise_code

_WITH_NSO = ("country__support_organisation",)


def by_code(code: str) -> Certificate | None:
    """The certificate with this code (as typed: case and Crockford look-alikes forgiven), in one query."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return Certificate.objects.select_related(*_WITH_NSO).filter(code=normalised).first()


def certificates_of(user) -> QuerySet[Certificate]:
    """A person's certificates (issued and imported, revoked included), newest first."""
    return Certificate.objects.select_related(*_WITH_NSO).filter(holder=user).order_by("-issued_at", "-id")


def staff_search(queryset: QuerySet[Certificate], query: str) -> QuerySet[Certificate]:
    """Certificates among ``queryset`` whose code or holder's e-mail address is ``query`` (exact; newest first)."""
    query = (query or "").strip()
    qs = queryset.select_related("country")
    if query:
        if "@" in query:
            qs = qs.filter(holder_email=query.lower())
        else:
            code = normalise_code(query)
            qs = qs.filter(code=code) if code else qs.none()
    return qs.order_by("-issued_at", "-id")


def staff_context_certificates(person, agent, *, limit: int = 10) -> dict | None:
    """Beside a helpdesk ticket: the person's certificates that the agent's NSO may manage (one query)."""
    from . import policies

    if person is None or not policies.is_certificate_staff(agent):
        return None
    rows = list(policies.certificates_for_staff(agent).filter(holder=person).order_by("-issued_at", "-id")[:limit])
    return {"certificates": rows}
