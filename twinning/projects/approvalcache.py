"""Where each country's approval summary (approvals waiting, how many for over a week, the oldest) is kept in
the shared cache (``selectors.approval_queue_summary``: the staff menu's badge on every NSO page), and
dropping it. Every write drops it: an approval's save or deletion (``receivers``), a bulk update or bulk
creation (``ProjectApprovalQuerySet``). It lives a minute at most, since "over a week" moves with the clock."""

from twinning.core.cache import forget

SUMMARY_SECONDS = 60


def summary_key(country_id) -> str:
    return f"projects:approvals:summary:v1:{country_id}"


def forget_summaries(*country_ids) -> None:
    """Now and once the transaction commits (``core.cache.forget``)."""
    keys = [summary_key(country_id) for country_id in set(country_ids) if country_id is not None]
    if keys:
        forget(*keys)
