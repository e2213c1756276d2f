"""The events' part of the synthetic population, of the demo and of a person's download and erasure."""

import pytest
from django.core.management import call_command

from twinning.core import population
from twinning.core import privacy as core_privacy
from twinning.events import population as events_population
from twinning.events import services
from twinning.events.models import Event, Registration, Status
from twinning.reference import population as reference_population

from .factories import etwinner, make_event

pytestmark = pytest.mark.django_db


def test_tiny_population_has_events_with_registrations_and_attendance(greece):
    mine = make_event(greece, title="Not generated")
    population.generate(scale="tiny", seed=3)
    events = events_population.generated_events()
    factor = reference_population.greek_factor("tiny")
    assert events.count() == max(4, round(300 * factor))
    registrations = Registration.objects.filter(event__in=events)
    assert registrations.exists()
    assert registrations.filter(attended=True, event__ends_at__lt=events.order_by("-starts_at")[0].starts_at).exists()
    assert not registrations.filter(attended=True, status=Status.CANCELLED).exists()
    for event in events:
        assert event.registered_count == registrations.filter(event=event, status=Status.REGISTERED).count()
    assert len(set(events.values_list("uid", flat=True))) == events.count()
    total = registrations.count()
    again = population.generate(scale="tiny", seed=4)
    assert again.created["events"] == 0 and Registration.objects.count() == total
    deleted = population.reset_population()
    assert deleted["events.Event"] == max(4, round(300 * factor))
    assert list(Event.objects.all()) == [mine]


def test_the_demo_loads_twice_without_change(capsys, django_capture_on_commit_callbacks, demo_upto):
    demo_upto("events")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    events = list(Event.objects.order_by("pk").values_list("title", "registered_count", "waiting_count"))
    assert len(events) == 3
    past = Event.objects.get(title="Πρώτα βήματα στο eTwinning")
    assert Registration.objects.filter(event=past, attended=True).count() == 3
    upcoming = Event.objects.exclude(pk=past.pk).filter(kind="webinar").get()
    assert (upcoming.registered_count, upcoming.waiting_count) == (3, 2)
    from twinning.certificates.models import Certificate

    assert Certificate.objects.filter(source="events.attendance").count() == 3
    call_command("load_demo")
    assert list(Event.objects.order_by("pk").values_list("title", "registered_count", "waiting_count")) == events


def test_export_and_erasure_free_the_place(greece, django_capture_on_commit_callbacks):
    event = make_event(greece, capacity=1)
    leaving, waiting = etwinner(greece), etwinner(greece)
    services.register(event=event, user=leaving)
    services.register(event=event, user=waiting)
    services.feed_token(user=leaving)
    exported = core_privacy.export_person(leaving)["events"]
    assert exported[0]["event"] == event.title and exported[0]["status"] == Status.REGISTERED
    with django_capture_on_commit_callbacks(execute=True):
        core_privacy.erase_person(leaving)
    assert not Registration.objects.filter(user=leaving).exists()
    assert Registration.objects.get(user=waiting).status == Status.REGISTERED
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (1, 0)
