"""Reads on staff roles."""

from .models import StaffRole


def roles_not_revoked(user) -> list[StaffRole]:
    """A person's roles not revoked, with their country and region (one query; terms are checked by policies)."""
    return list(StaffRole.objects.filter(user=user, revoked_at__isnull=True).select_related("country", "region"))
