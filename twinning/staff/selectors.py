"""Reads on staff roles."""

from .models import StaffRole


def roles_not_revoked(user) -> list[StaffRole]:
    """A person's roles not revoked, with their country and region (one query; terms are checked by policies)."""
    return list(StaffRole.objects.filter(user=user, revoked_at__isnull=True).select_related("country", "region"))


def embed_sites() -> list:
    """Every site on the embeds' list (``core.embeds``): the known providers first, then the hosts added."""
    from twinning.core.models import EmbedSite

    return list(EmbedSite.objects.order_by("-provider", "name").only("id", "provider", "host", "name", "enabled"))
