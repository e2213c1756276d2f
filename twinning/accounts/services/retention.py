"""The retention rule (domain §2): hide inactive accounts, warn, then anonymise. Safe to run twice.

A person's last activity is the latest of ``last_seen_at`` (kept by LastSeenMiddleware), ``last_login``
and ``date_joined`` (for people never seen). With the policy's defaults:

- after 365 days without activity the profile is hidden (``inactive_since`` is set; activity clears it);
- 30 days before 1095 days without activity the person is warned by e-mail, in their language;
- after 1095 days, if warned at least 30 days earlier (and not active since), the account is anonymised.

Superusers and people holding a staff role in force are warned but never anonymised by this rule.
Work goes in batches of primary keys (keyset pagination, no OFFSET) so 1.8M accounts never sit in memory;
selections start from the indexed ``last_seen_at``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from twinning.core.mail import send_templated_mail
from twinning.staff.models import StaffRole

from ..models import RetentionPolicy, User
from ..selectors import retention_policy

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
RETENTION_REASON = "retention"


def _inactive_before(cutoff: datetime) -> Q:
    """No activity at or after ``cutoff`` (every known activity date is older)."""
    return (
        Q(date_joined__lt=cutoff)
        & (Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=cutoff))
        & (Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
    )


def _warned_since_last_activity() -> Q:
    """Warned, and not active since the warning (a warning before a comeback does not count)."""
    return (
        Q(retention_warned_at__isnull=False)
        & (Q(last_seen_at__isnull=True) | Q(retention_warned_at__gte=F("last_seen_at")))
        & (Q(last_login__isnull=True) | Q(retention_warned_at__gte=F("last_login")))
    )


def _not_warned_since_last_activity() -> Q:
    return (
        Q(retention_warned_at__isnull=True)
        | Q(retention_warned_at__lt=F("last_seen_at"))
        | Q(retention_warned_at__lt=F("last_login"))
    )


def _holds_staff_role(today) -> Exists:
    return Exists(
        StaffRole.objects.filter(user=OuterRef("pk"), revoked_at__isnull=True).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today)
        )
    )


def _pk_batches(qs: QuerySet[User], size: int | None = None) -> Iterator[list[int]]:
    """Primary keys of ``qs`` in ascending batches (keyset pagination: each batch is one indexed query)."""
    size = size or BATCH_SIZE
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def last_activity(user: User) -> datetime:
    return max(d for d in (user.last_seen_at, user.last_login, user.date_joined) if d is not None)


def _live() -> QuerySet[User]:
    return User.objects.filter(anonymised_at__isnull=True)


def mark_inactive(policy: RetentionPolicy, now: datetime) -> int:
    """(a) Hide the profiles of people without activity for ``inactive_after_days``."""
    cutoff = now - timedelta(days=policy.inactive_after_days)
    candidates = _live().filter(inactive_since__isnull=True).filter(_inactive_before(cutoff))
    marked = 0
    for ids in _pk_batches(candidates):
        # The same conditions again: someone active meanwhile stays visible.
        marked += candidates.filter(pk__in=ids).update(inactive_since=now)
    return marked


def _login_url(language: str) -> str:
    with translation.override(language):
        path = reverse("account_login")
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _send_warning(user: User, policy: RetentionPolicy, now: datetime, connection) -> None:
    anonymise_on = max(
        last_activity(user) + timedelta(days=policy.anonymise_after_days), now + timedelta(days=policy.warning_days)
    )
    language = user.preferred_language or settings.LANGUAGE_CODE
    context = {
        "user": user,
        "name": user.get_full_name() or user.email,
        "last_active": timezone.localtime(last_activity(user)),
        "anonymise_on": timezone.localtime(anonymise_on),
        "login_url": _login_url(language),
        "policy": policy,
    }
    send_templated_mail(
        to=user.email,
        template="accounts/email/retention_warning",
        context=context,
        language=language,
        connection=connection,
    )


def warn(policy: RetentionPolicy, now: datetime) -> int:
    """(b) Warn, once, the people who will be anonymised within ``warning_days``."""
    cutoff = now - timedelta(days=policy.anonymise_after_days - policy.warning_days)
    candidates = _live().filter(_inactive_before(cutoff)).filter(_not_warned_since_last_activity())
    fields = (
        "pk",
        "email",
        "first_name",
        "last_name",
        "preferred_language",
        "last_seen_at",
        "last_login",
        "date_joined",
    )
    warned = 0
    connection = get_connection()
    for ids in _pk_batches(candidates):
        for user in candidates.filter(pk__in=ids).only(*fields).order_by("pk"):
            _send_warning(user, policy, now, connection)
            # Recorded person by person: an interrupted run never warns anyone twice.
            User.objects.filter(pk=user.pk).update(retention_warned_at=now)
            warned += 1
    return warned


def anonymise(policy: RetentionPolicy, now: datetime) -> tuple[int, int]:
    """(c) Anonymise people inactive for ``anonymise_after_days`` who were warned ``warning_days`` ago."""
    from .privacy import account_erase

    cutoff = now - timedelta(days=policy.anonymise_after_days)
    warned_before = now - timedelta(days=policy.warning_days)
    candidates = (
        _live()
        .filter(is_superuser=False, retention_warned_at__lte=warned_before)
        .filter(_inactive_before(cutoff))
        .filter(_warned_since_last_activity())
        .exclude(_holds_staff_role(timezone.localdate(now)))
    )
    erased = failed = 0
    for ids in _pk_batches(candidates):
        for pk in ids:
            person = candidates.filter(pk=pk).first()  # still eligible (not active meanwhile)?
            if person is None:
                continue
            try:
                if account_erase(user=person, actor=None, reason=RETENTION_REASON):
                    erased += 1
            except Exception:
                # One broken account must not stop the rule for everyone else; it is retried next run.
                logger.exception("retention: could not anonymise account %s", pk)
                failed += 1
    return erased, failed


def run_retention(now: datetime | None = None) -> dict:
    """Apply the retention policy once; returns how many accounts each step changed."""
    now = now or timezone.now()
    policy = retention_policy()
    marked = mark_inactive(policy, now)
    warned = warn(policy, now)
    erased, failed = anonymise(policy, now)
    result = {"marked_inactive": marked, "warned": warned, "anonymised": erased, "failed": failed}
    logger.info("retention sweep", extra={"retention": result})
    return result
