"""Newsletter subscribers of the synthetic population (``core.population``, position 95): 50,000 confirmed
subscriptions of generated people at ``--scale greece`` (mostly Greek, in Greek), proportionally fewer at
``tiny``. Generated subscriptions are those of generated people; a second run adds only those missing."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.reference import population as countries

from .models import Delivery, Subscription, SubscriptionStatus

SUBSCRIPTIONS = 50_000


def generated_subscriptions():
    return Subscription.objects.filter(user__in=generated_users().values("pk"))


def generate_subscriptions(run: Run) -> None:
    started = time.perf_counter()
    factor = countries.SCALES[run.scale].greece[0] / countries.SCALES["greece"].greece[0]
    want = max(3, round(SUBSCRIPTIONS * factor))
    rng, now = run.rng, timezone.now().replace(microsecond=0)
    with transaction.atomic():
        have = generated_subscriptions().count()
        missing = max(0, want - have)
        people = list(
            generated_users()
            .exclude(pk__in=Subscription.objects.filter(user__isnull=False).values("user_id"))
            .order_by("pk")
            .values_list("pk", "email", "country_id")[:missing]
        )
        rows = []
        for pk, email, country_id in people:
            at = now - timedelta(days=rng.randrange(1, 4 * 365), minutes=rng.randrange(1440))
            language = "el" if rng.random() < 0.85 else "en"
            token = f"pop{rng.getrandbits(160):040x}"
            confirmed = at + timedelta(hours=rng.randrange(1, 48))
            status = SubscriptionStatus.CONFIRMED
            rows.append((email.lower(), pk, language, country_id, status, token, at, confirmed, at))
        run.writer.write(
            Subscription,
            ["email", "user_id", "language", "country_id", "status", "token", "confirmation_sent_at",
             "confirmed_at", "created_at"],
            rows,
        )  # fmt: skip
    run.count("newsletter subscriptions", len(rows))
    run.log(f"+{len(rows)} newsletter subscriptions in {time.perf_counter() - started:.1f}s")
    run.totals["newsletter subscriptions"] = generated_subscriptions().count()


def reset_subscriptions() -> dict[str, int]:
    ids = list(generated_subscriptions().values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    for model, qs in (
        (Delivery, Delivery.objects.filter(subscription_id__in=ids)),
        (Subscription, Subscription.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("newsletter", generate_subscriptions, reset=reset_subscriptions, position=95)
