"""Where a person's staff roles are kept in the shared cache (``staff.selectors.roles_not_revoked``), and
dropping them. Every write drops them: a role's save or deletion (``staff.receivers``), a bulk update
(``StaffRoleQuerySet.update``) and ``policies.forget_staff_roles``."""

from django.db import transaction

from twinning.core.cache import forget

ROLES_CACHE_SECONDS = 300


def roles_cache_key(user_id) -> str:
    return f"staff:roles:v1:{user_id}"


def forget_cached_roles(user_id) -> None:
    forget(roles_cache_key(user_id))


def forget_now_and_after_commit(user_ids) -> None:
    """Now, and again once the transaction commits: a request that read the old roles in between must not
    keep them for the next pages."""
    ids = sorted(set(user_ids))
    for user_id in ids:
        forget_cached_roles(user_id)

    def again():
        for user_id in ids:
            forget_cached_roles(user_id)

    transaction.on_commit(again)
