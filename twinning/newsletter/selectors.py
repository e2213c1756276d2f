"""Reads of the newsletter: whom an audience reaches (set-based: one query, whatever its size), the staff's
list, a newsletter's delivery counts and deliveries, a person's subscription."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from twinning.accounts.models import User, ValidationStatus
from twinning.staff.models import StaffRole

from . import sources
from .models import AudienceKind, Delivery, DeliveryStatus, Language, Newsletter, Subscription, SubscriptionStatus


def ambassador_user_ids() -> QuerySet:
    """Users with an ambassador role in force today (not revoked, within its term)."""
    today = timezone.localdate()
    return (
        StaffRole.objects.filter(kind=StaffRole.Kind.AMBASSADOR, revoked_at__isnull=True)
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=today))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .values("user_id")
    )


def audience_subscriptions(*, audience: str, language: str, country_id: int | None = None) -> QuerySet[Subscription]:
    """The confirmed subscriptions in ``language`` an audience reaches, as one queryset (never loaded whole).

    - all: every confirmed subscription;
    - teachers of a country: the subscriber is a validated teacher of the country, or subscribed from it;
    - ambassadors: the subscriber's account has an ambassador role in force;
    - any other audience (trainers): the user ids its registered query gives (``sources.register_audience``).
    """
    qs = Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED, language=language)
    if audience == AudienceKind.ALL:
        return qs
    if audience == AudienceKind.TEACHERS_OF_COUNTRY:
        if country_id is None:
            return qs.none()
        teachers = User.objects.filter(country_id=country_id, validation_status=ValidationStatus.VALIDATED)
        return qs.filter(Q(country_id=country_id) | Q(user_id__in=teachers.values("pk")))
    if audience == AudienceKind.AMBASSADORS:
        return qs.filter(user_id__in=ambassador_user_ids())
    registered = sources.audience(audience)
    if registered is None:
        return qs.none()
    return qs.filter(user_id__in=registered.user_ids_query())


def audience_size(newsletter: Newsletter) -> int:
    """How many subscriptions the newsletter would reach: one COUNT query."""
    return audience_subscriptions(
        audience=newsletter.audience, language=newsletter.language, country_id=newsletter.country_id
    ).count()


def staff_newsletters(queryset: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    return queryset.select_related("country", "created_by").order_by("-created_at", "-pk")


def delivery_counts(newsletter: Newsletter) -> dict[str, int]:
    """Deliveries per status, in one query."""
    totals = Delivery.objects.filter(newsletter=newsletter).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in DeliveryStatus.values}
    )
    return {status: totals[status] or 0 for status in DeliveryStatus.values}


def deliveries(newsletter: Newsletter, *, status: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(newsletter=newsletter)
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    return qs.only("id", "email", "status", "error", "sent_at").order_by("id")


def subscription_of(user: Any) -> Subscription | None:
    """The signed-in person's subscription: the one linked to the account, else the one of its address."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = Subscription.objects.filter(user=user).order_by("-pk").first()
    if found is None and user.email:
        found = Subscription.objects.filter(email__iexact=user.email).first()
    return found


RECENT_DAYS = 30


def _item_dict(item: sources.NewsletterItem) -> dict:
    when = item.date
    day = when.date() if isinstance(when, datetime) else when
    return {"title": item.title, "summary": item.summary, "url": item.url, "date": day.isoformat(), "kind": item.kind}


def recent_items() -> list[dict]:
    """The items of the last 30 days in every language the newsletter is written in (the same link once)."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    seen: dict[str, dict] = {}
    for language in Language.values:
        for item in sources.items_since(since, language):
            seen.setdefault(item.url, _item_dict(item))
    return sorted(seen.values(), key=lambda i: i["date"], reverse=True)
