"""A person's newsletter data in their download, and its erasure: the subscriptions of the account (or of its
address) are deleted and the deliveries made to them keep no address."""

from __future__ import annotations

from django.db.models import Q

from twinning.core import privacy as core_privacy

from .models import Delivery, Subscription


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _subscriptions(user):
    match = Q(user=user)
    if user.email:
        match |= Q(email__iexact=user.email)
    return Subscription.objects.filter(match)


def export_newsletter(user) -> dict:
    subscriptions = list(_subscriptions(user).order_by("pk"))
    deliveries = Delivery.objects.filter(subscription__in=subscriptions).select_related("newsletter").order_by("pk")
    return {
        "subscriptions": [
            {
                "email": s.email,
                "language": s.language,
                "status": s.status,
                "created_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "unsubscribed_at": _iso(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
        "deliveries": [
            {"newsletter": d.newsletter.title, "status": d.status, "sent_at": _iso(d.sent_at)} for d in deliveries
        ],
    }


def erase_newsletter(user) -> None:
    ids = list(_subscriptions(user).values_list("pk", flat=True))
    Delivery.objects.filter(subscription_id__in=ids).update(email="", error="", subscription=None)
    Subscription.objects.filter(pk__in=ids).delete()


core_privacy.register_exporter("newsletter", export_newsletter, position=95)
core_privacy.register_eraser("newsletter", erase_newsletter)
