"""Background work of partner finding: the daily reminder of posts about to close, the sweep of expired posts
out of the search's indexes, the derived search rows. Safe to run twice."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def post_expiry_notices() -> int:
    from .services import expiry_notices_send

    return expiry_notices_send()


register_periodic("partners.post_expiry_notices", post_expiry_notices, timedelta(days=1))


@task()
def lapsed_posts_sweep() -> int:
    """Posts whose date has passed leave the search's indexes (they left the search at midnight)."""
    from .services import lapsed_posts_sweep as sweep

    return sweep()


register_periodic("partners.lapsed_posts_sweep", lapsed_posts_sweep, timedelta(hours=6))


@task()
def profiles_rebuild() -> int:
    """The derived search rows rebuilt from the profiles (activity dates, anything a bulk update missed)."""
    from .services import partner_profiles_rebuild

    return partner_profiles_rebuild()


register_periodic("partners.profiles_rebuild", profiles_rebuild, timedelta(days=1))
