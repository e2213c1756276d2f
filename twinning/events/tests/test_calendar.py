from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.events import services

from .factories import etwinner, make_event

pytestmark = pytest.mark.django_db


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_personal_feed_lists_only_the_persons_events_with_the_link_if_registered(client, greece):
    staff = nso_staff(greece)
    mine = make_event(greece, staff=staff, title="Mine", capacity=1)
    waiting = make_event(greece, staff=staff, title="Waiting", capacity=1)
    make_event(greece, staff=staff, title="Not mine")
    person, other = etwinner(greece), etwinner(greece)
    services.register(event=waiting, user=other)
    services.register(event=mine, user=person)
    services.register(event=waiting, user=person)  # on the waiting list
    token = services.feed_token(user=person)
    events = _events(client.get(reverse("events:feed_user", args=[token])))
    assert set(events) == {"Mine", "Waiting"}
    assert mine.link in str(events["Mine"]["DESCRIPTION"])
    assert "DESCRIPTION" not in events["Waiting"] or waiting.link not in str(events["Waiting"]["DESCRIPTION"])
    assert str(events["Mine"]["UID"]) == f"event-{mine.uid}@twinning"
    start = events["Mine"].decoded("DTSTART")
    assert start == mine.starts_at and str(events["Mine"]["DTSTART"].params.get("TZID")) == "Europe/Athens"


def test_wrong_or_old_token_is_404(client, greece):
    person = etwinner(greece)
    old = services.feed_token(user=person)
    assert client.get(reverse("events:feed_user", args=["not-a-token"])).status_code == 404
    new = services.feed_regenerate(user=person)
    assert new != old
    assert client.get(reverse("events:feed_user", args=[old])).status_code == 404
    assert client.get(reverse("events:feed_user", args=[new])).status_code == 200


def test_regenerating_from_my_events(client, greece):
    person = etwinner(greece)
    old = services.feed_token(user=person)
    log_in(client, person)
    page = client.get(reverse("events:mine")).content.decode()
    assert old in page
    client.post(reverse("events:feed_regenerate"))
    assert client.get(reverse("events:feed_user", args=[old])).status_code == 404


def test_country_feed_is_public_with_published_events_and_cancelled_marked(client, greece, italy):
    staff = nso_staff(greece)
    make_event(greece, staff=staff, title="Published")
    make_event(greece, staff=staff, title="Draft", published=False)
    cancelled = make_event(greece, staff=staff, title="Cancelled")
    services.event_cancel(actor=staff, event=cancelled)
    make_event(italy, title="Italian")
    events = _events(client.get(reverse("events:feed_country", args=["gr"])))
    assert set(events) == {"Published", "Cancelled"}
    assert str(events["Cancelled"]["STATUS"]) == "CANCELLED" and str(events["Published"]["STATUS"]) == "CONFIRMED"
    assert int(events["Cancelled"]["SEQUENCE"]) == 1
    assert all("meet.example.org" not in str(e.get("DESCRIPTION", "")) for e in events.values())
    assert client.get(reverse("events:feed_country", args=["XX"])).status_code == 404


def test_event_download_uid_stable_and_link_for_registered_only(client, greece):
    event = make_event(greece, starts_in=timedelta(days=3))
    url = reverse("events:event_ics", args=[event.pk])
    first = _events(client.get(url))[event.title]
    second = _events(client.get(url))[event.title]
    assert first["UID"] == second["UID"]
    assert event.link not in str(first.get("DESCRIPTION", ""))
    person = etwinner(greece)
    services.register(event=event, user=person)
    log_in(client, person)
    response = client.get(url)
    assert "attachment" in response["Content-Disposition"]
    assert event.link in str(_events(response)[event.title]["DESCRIPTION"])
    draft = make_event(greece, published=False)
    assert client.get(reverse("events:event_ics", args=[draft.pk])).status_code == 404
