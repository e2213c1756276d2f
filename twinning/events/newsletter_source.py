"""Upcoming events offered to the newsletter (its source registry, ``newsletter.sources``).

Events carry no language of their own: an event is in the language of its country (a Greek NSO's webinar is
in Greek). A Greek newsletter offers the upcoming events of the countries whose languages include Greek; an
English one offers every upcoming event (English is the community's shared language)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from twinning.newsletter.sources import NewsletterItem, register_source

from .models import Event

LIMIT = 20


def upcoming_events(since: datetime, language: str) -> list[NewsletterItem]:
    """Published events not yet ended nor cancelled, the soonest first. ``since`` is not used: an event is news
    until it happens, however long ago it was announced."""
    qs = Event.objects.filter(published=True, cancelled_at__isnull=True, ends_at__gte=timezone.now())
    if language != "en":
        qs = qs.filter(country__languages__code=language)
    events = list(qs.order_by("starts_at", "id").only("id", "title", "description", "starts_at")[:LIMIT])
    with translation.override(language):
        return [
            NewsletterItem(
                title=event.title,
                summary=Truncator(strip_tags(event.description or "")).words(40),
                url=reverse("events:event", args=[event.pk]),
                date=event.starts_at,
                kind="events",
            )
            for event in events
        ]


register_source("events", _("Events"), upcoming_events)
