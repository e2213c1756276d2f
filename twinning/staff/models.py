"""Staff duties and their scope: NSO staff of a country, CSS staff, ambassadors of a region for a term.

Staff sit low in the stack (just above core): they know countries and regions only through foreign keys
by name, so that reference data, schools and people can all ask "whom does this person serve?".
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.cache import DropsCachedOnBulkWrite


class StaffRoleQuerySet(DropsCachedOnBulkWrite):
    """Bulk writes (a revocation by the privacy eraser, a test) drop the holders' cached roles too."""

    cache_owner = "user"

    def drop_cached(self, owner_ids: set) -> None:
        from .rolecache import forget_cached_roles

        forget_cached_roles(*owner_ids)


class StaffRole(models.Model):
    """A staff duty given by an administrator: NSO staff of a country, CSS staff, or an ambassador."""

    class Kind(models.TextChoices):
        NSO = "nso", _("NSO staff")
        CSS = "css", _("CSS staff")
        AMBASSADOR = "ambassador", _("Ambassador")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey(
        "reference.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    region = models.ForeignKey(
        "reference.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = StaffRoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "country_id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="staffrole_user_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="css", country__isnull=True)
                    | models.Q(kind="nso", country__isnull=False)
                    | models.Q(kind="ambassador", country__isnull=False, region__isnull=False)
                ),
                name="staffrole_scope_matches_kind",
            )
        ]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self) -> str:
        scope = self.region or self.country or ""
        return f"{self.get_kind_display()} {scope}".strip()

    def is_active_on(self, day) -> bool:
        if self.revoked_at is not None:
            return False
        if self.term_start and day < self.term_start:
            return False
        return not (self.term_end and day > self.term_end)
