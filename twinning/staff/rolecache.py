"""Where a person's staff roles are kept in the shared cache (``staff.selectors.roles_not_revoked``), and
dropping them. Every write drops them: a role's save or deletion (``staff.receivers``), a bulk update
(``StaffRoleQuerySet.update``) and ``policies.forget_staff_roles``."""

from twinning.core.cache import forget

ROLES_CACHE_SECONDS = 300


def roles_cache_key(user_id) -> str:
    return f"staff:roles:v1:{user_id}"


def forget_cached_roles(*user_ids) -> None:
    """Now and once the transaction commits (``core.cache.forget``)."""
    forget(*(roles_cache_key(user_id) for user_id in set(user_ids)))
