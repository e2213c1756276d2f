"""Reads on events: the public list (filters, upcoming or past), a person's registration and place on the
waiting list, "My events", the staff's list and an event's registrants, and the events of the calendar
feeds. The shape of each query is decided here (lists keep a fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import CalendarFeed, Event, Registration, Status

LIST_FIELDS = (
    "id", "kind", "title", "country__id", "country__code", "country__name_en", "country__name_el", "starts_at",
    "ends_at", "time_zone", "online", "address", "hours", "capacity", "registered_count", "waiting_count",
    "cancelled_at", "published", "eligibility",
)  # fmt: skip


def public_events(filters: dict | None = None, *, now=None) -> QuerySet[Event]:
    """Published events; upcoming (not yet ended) soonest first, or past ones latest first."""
    filters = filters or {}
    now = now or timezone.now()
    qs = Event.objects.filter(published=True)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("country"):
        qs = qs.filter(country_id=filters["country"])
    if filters.get("when") == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs.select_related("country").only(*LIST_FIELDS)


def registration_of(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user_id=user.pk).first()


def waiting_rank(registration: Registration) -> int:
    """The person's place on the waiting list (1 = next to get a place)."""
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITING, position__lt=registration.position
    ).count()
    return ahead + 1


def my_registrations(user: Any, *, now=None) -> dict[str, list[Registration]]:
    """A person's registrations (not cancelled): upcoming soonest first, then the past ones; each waiting one
    with its place on the list. A fixed number of queries."""
    if not getattr(user, "is_authenticated", False):
        return {"upcoming": [], "past": []}
    now = now or timezone.now()
    rows = list(
        Registration.objects.filter(user_id=user.pk, status__in=(Status.REGISTERED, Status.WAITING))
        .select_related("event", "event__country")
        .order_by("event__starts_at", "id")[:300]
    )
    waiting = [r for r in rows if r.status == Status.WAITING]
    if waiting:
        ahead = (
            Registration.objects.filter(
                event_id=OuterRef("event_id"), status=Status.WAITING, position__lt=OuterRef("position")
            )
            .order_by()
            .values("event_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        ranks = dict(
            Registration.objects.filter(pk__in=[r.pk for r in waiting])
            .annotate(ahead=Coalesce(Subquery(ahead), 0))
            .values_list("pk", "ahead")
        )
        for r in waiting:
            r.rank = ranks.get(r.pk, 0) + 1  # type: ignore[attr-defined]
    return {
        "upcoming": [r for r in rows if r.event.ends_at >= now],
        "past": [r for r in reversed(rows) if r.event.ends_at < now],
    }


def staff_events(country_ids: set[int] | None, *, when: str = "") -> QuerySet[Event]:
    qs = Event.objects.all() if country_ids is None else Event.objects.filter(country_id__in=country_ids)
    now = timezone.now()
    if when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs.select_related("country").only(*LIST_FIELDS)


def registrants(event: Event, status: str) -> QuerySet[Registration]:
    """An event's registered people (by date) or its waiting list (in order)."""
    order = ("position", "id") if status == Status.WAITING else ("registered_at", "id")
    return (
        Registration.objects.filter(event=event, status=status)
        .select_related("user", "user__country")
        .only("id", "status", "position", "registered_at", "attended", "minutes", "event_id", "user__id",
              "user__first_name", "user__last_name", "user__email", "user__country__id", "user__country__name_en",
              "user__country__name_el")
        .order_by(*order)
    )  # fmt: skip


def attendance_list(event: Event) -> list[Registration]:
    """The registered people of an event for the attendance form, by last name."""
    return list(
        Registration.objects.filter(event=event, status=Status.REGISTERED)
        .select_related("user")
        .only("id", "attended", "minutes", "event_id", "user__id", "user__first_name", "user__last_name",
              "user__email")
        .order_by("user__last_name", "user__first_name", "id")[:5000]
    )  # fmt: skip


def export_rows(event: Event):
    rows = (
        Registration.objects.filter(event=event)
        .select_related("user", "user__country")
        .order_by("status", "position", "registered_at", "id")
    )
    for r in rows.iterator(chunk_size=2000):
        country = r.user.country
        yield [
            r.user.last_name,
            r.user.first_name,
            r.user.email,
            country.name if country is not None else "",
            r.status_label,
            r.position or "",
            timezone.localtime(r.registered_at).strftime("%d/%m/%Y %H:%M"),
            "1" if r.attended else "0",
            "" if r.minutes is None else r.minutes,
        ]


FEED_PAST = timedelta(days=180)


def feed_user(token: str):
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_registrations(user: Any, *, now=None) -> list[Registration]:
    """The person's registrations (registered or waiting) of published events from half a year ago on."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            user_id=user.pk,
            status__in=(Status.REGISTERED, Status.WAITING),
            event__published=True,
            event__ends_at__gte=now - FEED_PAST,
        )
        .select_related("event")
        .order_by("event__starts_at")[:500]
    )


def country_feed_events(country_id: int, *, now=None) -> list[Event]:
    now = now or timezone.now()
    return list(
        Event.objects.filter(country_id=country_id, published=True, ends_at__gte=now - FEED_PAST).order_by("starts_at")[
            :500
        ]
    )
