"""Reads on staff roles."""

from twinning.core.cache import forget, remembered

from .models import StaffRole

# Every signed-in page asks for the person's roles (the second factor staff need, the staff menu): with a
# shared cache they are kept there for a few minutes instead of a query per page. Every write drops the
# entry: a role's save or deletion (staff.receivers) and ``policies.forget_staff_roles`` after a bulk
# update. Terms are checked on each read (policies), so a term that ends needs no write.
ROLES_CACHE_SECONDS = 300


def roles_cache_key(user_id) -> str:
    return f"staff:roles:v1:{user_id}"


def roles_not_revoked(user) -> list[StaffRole]:
    """A person's roles not revoked, with their country and region (one query, or none when the shared cache
    holds them; terms are checked by policies)."""
    return remembered(
        roles_cache_key(user.pk),
        lambda: list(StaffRole.objects.filter(user=user, revoked_at__isnull=True).select_related("country", "region")),
        ROLES_CACHE_SECONDS,
    )


def forget_cached_roles(user_id) -> None:
    forget(roles_cache_key(user_id))


def embed_sites() -> list:
    """Every site on the embeds' list (``core.embeds``): the known providers first, then the hosts added."""
    from twinning.core.models import EmbedSite

    return list(EmbedSite.objects.order_by("-provider", "name").only("id", "provider", "host", "name", "enabled"))
