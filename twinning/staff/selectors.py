"""Reads on staff roles."""

from twinning.core.cache import remembered

from .models import StaffRole
from .rolecache import ROLES_CACHE_SECONDS, roles_cache_key


# Every signed-in page asks for the person's roles (the second factor staff need, the staff menu): with a
# shared cache they are kept there for a few minutes instead of a query per page. Every write drops the
# entry (staff.rolecache): a role's save or deletion, a bulk update through StaffRole's queryset,
# ``policies.forget_staff_roles``. Terms are checked on each read (policies), so a term that ends needs no write.
def roles_not_revoked(user) -> list[StaffRole]:
    """A person's roles not revoked, with their country and region (one query, or none when the shared cache
    holds them; terms are checked by policies)."""
    return remembered(
        roles_cache_key(user.pk),
        lambda: list(StaffRole.objects.filter(user=user, revoked_at__isnull=True).select_related("country", "region")),
        ROLES_CACHE_SECONDS,
    )


def embed_sites() -> list:
    """Every site on the embeds' list (``core.embeds``): the known providers first, then the hosts added."""
    from twinning.core.models import EmbedSite

    return list(EmbedSite.objects.order_by("-provider", "name").only("id", "provider", "host", "name", "enabled"))
