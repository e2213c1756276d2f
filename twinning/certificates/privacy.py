"""A person's certificates in their data download; on erasure they are revoked and anonymised.

Erasure wins over verification by third parties (GDPR): the row stays so that its code is not reused and
the count of certificates holds, but it no longer names anyone (holder removed, name "—", e-mail emptied),
its PDF is deleted, its badge emptied and it is revoked, so the verification page says it no longer stands
(and why, in the reader's language).
"""

from __future__ import annotations

from django.utils import timezone

from twinning.core.files import delete_after_commit
from twinning.core.privacy import register_eraser, register_exporter

from .models import Certificate

ERASED_NAME = "—"
# No reason is stored: the pages say in the reader's language that the holder's data were erased.
ERASED_REASON = ""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_certificates(user) -> list[dict]:
    return [
        {
            "code": c.code,
            "kind": c.kind,
            "title_el": c.title_el,
            "title_en": c.title_en,
            "hours": str(c.hours),
            "started_on": _iso(c.started_on),
            "ended_on": _iso(c.ended_on),
            "holder_name": c.holder_name,
            "holder_email": c.holder_email,
            "issued_at": _iso(c.issued_at),
            "revoked_at": _iso(c.revoked_at),
            "revoked_reason": c.revoked_reason,
            "imported": c.imported,
            "open_badge": c.badge,
        }
        for c in Certificate.objects.filter(holder=user).order_by("issued_at", "pk")
    ]


def erase_certificates(user) -> None:
    now = timezone.now()
    email = (getattr(user, "email", "") or "").strip().lower()
    rows = Certificate.objects.filter(holder=user)
    if email:
        rows = rows | Certificate.objects.filter(holder__isnull=True, holder_email=email)
    for certificate in rows:
        delete_after_commit(certificate.pdf)
    rows.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_reason=ERASED_REASON)
    Certificate.objects.filter(pk__in=rows.values("pk")).update(
        holder=None, holder_name=ERASED_NAME, holder_email="", pdf="", badge=""
    )


register_exporter("certificates", export_certificates, position=60)
register_eraser("certificates", erase_certificates)
