"""Certificates: what the platform attests (a course completed, a cycle tutored, an event attended), frozen
when issued, verifiable by anyone with the code, revocable by the NSO (with a reason)."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.uploads import RandomName, private_storage

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "TW"
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
# A stored code: letters, digits and . _ - in segments that start with a letter or digit, separated by single
# slashes (old Moodle codes such as 2019/ETW/123); 3 to 64 characters. The URLs take exactly this (``CodeConverter``).
CODE_PATTERN = r"[A-Z0-9][A-Z0-9._-]*(?:/[A-Z0-9][A-Z0-9._-]*)*"
_CODE_CHARS = re.compile(rf"^(?=.{{3,64}}$){CODE_PATTERN}$")


def new_code() -> str:
    """A random code such as ``TW-7K3M-Q9XD`` (32⁸ ≈ 10¹² possibilities, from ``secrets``)."""
    body = "".join(secrets.choice(CROCKFORD) for _ in range(8))
    return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"


def normalise_code(value: str) -> str:
    """The stored form of a typed code, or "" when it cannot be one.

    Case and surrounding spaces do not matter; a platform code (``TW-…``) also forgives the letters
    Crockford's alphabet leaves out (O for 0, I or L for 1) and missing or extra hyphens. Imported (old)
    codes are stored upper-cased and matched as typed otherwise.
    """
    text = re.sub(r"\s+", "", str(value or "")).upper()
    if not text or len(text) > 64:
        return ""
    compact = text.replace("-", "")
    if compact.startswith(CODE_PREFIX) and len(compact) == len(CODE_PREFIX) + 8:
        body = compact[len(CODE_PREFIX) :].translate(_TYPO)
        if all(c in CROCKFORD for c in body):
            return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"
    return text if _CODE_CHARS.match(text) else ""


class Kind(models.TextChoices):
    COURSE = "course", _("Online course")
    TUTORING = "tutoring", _("Volunteer trainer in a course")
    EVENT = "event", _("Event")
    IMPORTED = "imported", _("Earlier certificate (imported)")


class Certificate(models.Model):
    code = models.CharField(_("verification code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Where it came from (e.g. "learning.enrolment" and the enrolment's id): one certificate per source row.
    source = models.CharField(max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    # Frozen at issue: a later change of name does not change what was attested.
    holder_name = models.CharField(_("holder's name"), max_length=200)
    # Lower-cased; lets an imported certificate of someone who has not joined yet find its holder later.
    holder_email = models.EmailField(_("holder's e-mail address"), blank=True, db_index=True)
    title_el = models.CharField(_("title (Greek)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to=RandomName("certificates"), storage=private_storage, blank=True, max_length=200)
    badge = models.TextField(_("Open Badge (VC-JWT)"), blank=True)
    # Set once the PDF and the badge are stored; a row without it is finished by the next run or the sweep.
    completed_at = models.DateTimeField(null=True, blank=True)
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="certificate_once_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["holder", "-issued_at"], name="certificate_holder_idx"),
            models.Index(fields=["country", "-issued_at"], name="certificate_country_idx"),
            models.Index(fields=["-issued_at"], name="certificate_issued_idx"),
            models.Index(
                fields=["id"],
                condition=models.Q(completed_at__isnull=True, imported=False, revoked_at__isnull=True),
                name="certificate_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.holder_name}"

    @property
    def title(self) -> str:
        if (get_language() or "en").startswith("el") and self.title_el:
            return self.title_el
        return self.title_en or self.title_el

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_pending(self) -> bool:
        return self.completed_at is None and not self.imported and self.revoked_at is None
