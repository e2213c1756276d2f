from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.core.models import AuditEvent, Notification
from twinning.events import policies, services
from twinning.events.models import Eligibility, Event, Kind, Registration, Status
from twinning.events.services import EventError
from twinning.events.times import make_local, when

from .factories import etwinner, make_event, move_to_past

pytestmark = pytest.mark.django_db


def test_capacity_then_waiting_list_in_order(greece):
    event = make_event(greece, capacity=2)
    people = [etwinner(greece) for _ in range(4)]
    rows = [services.register(event=event, user=p) for p in people]
    assert [r.status for r in rows] == [Status.REGISTERED, Status.REGISTERED, Status.WAITING, Status.WAITING]
    assert [r.position for r in rows[2:]] == [1, 2]
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (2, 2)


def test_cancel_promotes_the_first_waiting_and_tells_them(greece, django_capture_on_commit_callbacks):
    event = make_event(greece, capacity=1)
    first, second, third = etwinner(greece), etwinner(greece), etwinner(greece)
    held = services.register(event=event, user=first)
    services.register(event=event, user=second)
    services.register(event=event, user=third)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=first, registration=held)
    rows = {r.user_id: r for r in Registration.objects.filter(event=event)}
    assert rows[second.pk].status == Status.REGISTERED and rows[second.pk].promoted_at is not None
    assert rows[third.pk].status == Status.WAITING
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (1, 1)
    assert Notification.objects.filter(recipient=second, kind="events.promoted").count() == 1
    assert not Notification.objects.filter(recipient=third, kind="events.promoted").exists()
    # Leaving the waiting list frees no place and promotes nobody.
    services.registration_cancel(actor=third, registration=rows[third.pk])
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (1, 0)


def test_more_places_promote_as_many_waiting(greece):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff, capacity=1)
    people = [etwinner(greece) for _ in range(4)]
    for p in people:
        services.register(event=event, user=p)
    names = (
        "kind",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "time_zone",
        "online",
        "address",
        "link",
        "hours",
        "eligibility",
        "min_minutes",
        "registration_opens_at",
        "registration_closes_at",
        "published",
    )
    data = {f: getattr(event, f) for f in names}  # fmt: skip
    services.event_edit(actor=staff, event=event, **{**data, "capacity": 3})
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (3, 1)
    with pytest.raises(EventError):
        services.event_edit(actor=staff, event=event, **{**data, "capacity": 2})


def test_staff_cancelling_a_registration_is_audited_and_another_country_is_refused(greece, italy):
    event = make_event(greece)
    person = etwinner(greece)
    row = services.register(event=event, user=person)
    with pytest.raises(services.NotAllowed):
        services.registration_cancel(actor=nso_staff(italy), registration=row)
    assert Registration.objects.get(pk=row.pk).status == Status.REGISTERED
    services.registration_cancel(actor=nso_staff(greece), registration=row)
    assert AuditEvent.objects.filter(action="events.registration_cancelled").count() == 1
    with pytest.raises(EventError):
        services.registration_cancel(actor=person, registration=row)


@pytest.mark.parametrize(
    ("eligibility", "who", "allowed"),
    [
        (Eligibility.ANYONE, "pending", True),
        (Eligibility.ETWINNERS, "pending", False),
        (Eligibility.ETWINNERS, "validated", True),
        (Eligibility.AMBASSADORS, "validated", False),
        (Eligibility.AMBASSADORS, "ambassador", True),
    ],
)
def test_eligibility(greece, attica_ambassador, eligibility, who, allowed):
    event = make_event(greece, eligibility=eligibility)
    person = {
        "pending": teacher(country=greece, status=ValidationStatus.PENDING),
        "validated": etwinner(greece),
        "ambassador": attica_ambassador,
    }[who]
    if allowed:
        assert services.register(event=event, user=person).status == Status.REGISTERED
    else:
        with pytest.raises(EventError) as error:
            services.register(event=event, user=person)
        assert str(error.value)
        assert not Registration.objects.filter(event=event).exists()


def test_an_ambassador_training_is_for_ambassadors_whatever_was_chosen(greece):
    event = make_event(greece, kind=Kind.AMBASSADOR_TRAINING, eligibility=Eligibility.ANYONE)
    assert event.eligibility == Eligibility.AMBASSADORS


def test_refusals_in_the_persons_words(greece):
    person = etwinner(greece)
    now = timezone.now()
    draft = make_event(greece, published=False)
    assert "not published" in policies.refusal(person, draft, now=now, registration=None)
    later = make_event(greece, registration_opens_at=now + timedelta(days=1))
    assert "not open yet" in policies.refusal(person, later, now=now, registration=None)
    closed = make_event(greece, registration_closes_at=now + timedelta(hours=1))
    assert "closed" in policies.refusal(person, closed, now=now + timedelta(hours=2), registration=None)
    row = services.register(event=closed, user=person)
    assert "You are registered" in policies.refusal(person, closed, now=now, registration=row)
    with pytest.raises(EventError):
        services.register(event=closed, user=person)  # twice
    started = move_to_past(make_event(greece))
    assert "started" in policies.refusal(person, started, now=timezone.now(), registration=None)
    from django.contrib.auth.models import AnonymousUser

    assert policies.refusal(AnonymousUser(), closed, now=now, registration=None) == "Log in to register."


def test_cancelling_an_event_tells_registrants_and_waiting(greece, django_capture_on_commit_callbacks):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff, capacity=1)
    a, b = etwinner(greece), etwinner(greece)
    services.register(event=event, user=a)
    services.register(event=event, user=b)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=staff, event=event, reason="The speaker is ill.")
    event.refresh_from_db()
    assert event.cancelled_at is not None and event.sequence == 1
    assert Notification.objects.filter(kind="events.changed", recipient__in=[a, b]).count() == 2
    assert AuditEvent.objects.filter(action="events.cancelled").count() == 1
    with pytest.raises(EventError):
        services.register(event=event, user=etwinner(greece))
    with pytest.raises(EventError):
        services.event_cancel(actor=staff, event=event)


def test_only_own_country_staff_create_and_change(greece, italy):
    with pytest.raises(services.NotAllowed):
        make_event(greece, staff=teacher(country=greece))
    with pytest.raises(EventError):
        make_event(greece, staff=nso_staff(italy))
    event = make_event(greece)
    with pytest.raises(services.NotAllowed):
        services.event_cancel(actor=nso_staff(italy), event=event)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"ends_at": "start"}, "ends_at"),
        ({"online": False, "address": ""}, "address"),
        ({"link": "http://plain.example.org"}, "link"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_bad_event_data_is_refused_and_nothing_written(greece, change, field):
    if change.get("ends_at") == "start":
        start = timezone.now() + timedelta(days=3)
        change = {"starts_at": start, "ends_at": start}
    with pytest.raises(EventError) as error:
        make_event(greece, **change)
    assert error.value.field == field
    assert not Event.objects.exists()


def test_new_time_tells_registrants_and_resets_reminders(greece, django_capture_on_commit_callbacks):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff)
    person = etwinner(greece)
    row = services.register(event=event, user=person)
    Registration.objects.filter(pk=row.pk).update(reminded_day_at=timezone.now())
    data = {f: getattr(event, f) for f in ("kind", "title", "description", "time_zone", "online", "address", "link",
                                            "hours", "capacity", "eligibility", "min_minutes", "registration_opens_at",
                                            "registration_closes_at", "published")}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.event_edit(actor=staff, event=event, starts_at=event.starts_at + timedelta(hours=2),
                            ends_at=event.ends_at + timedelta(hours=2), **data)  # fmt: skip
    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.filter(recipient=person, kind="events.changed").count() == 1
    assert Registration.objects.get(pk=row.pk).reminded_day_at is None
    # A change of title alone tells nobody.
    services.event_edit(actor=staff, event=event, starts_at=event.starts_at, ends_at=event.ends_at,
                        **{**data, "title": "Renamed"})  # fmt: skip
    assert Notification.objects.filter(recipient=person, kind="events.changed").count() == 1


def test_reminders_a_day_and_an_hour_before_each_once(greece):
    event = make_event(greece, starts_in=timedelta(days=2))
    person = etwinner(greece)
    services.register(event=event, user=person)
    waiting_event = make_event(greece, starts_in=timedelta(days=2), title="Other")
    start = event.starts_at
    assert services.send_reminders(now=start - timedelta(hours=30)) == 0  # too early
    assert services.send_reminders(now=start - timedelta(hours=20)) == 1
    assert services.send_reminders(now=start - timedelta(hours=19)) == 0  # the day's, once
    assert services.send_reminders(now=start - timedelta(minutes=50)) == 1
    assert services.send_reminders(now=start - timedelta(minutes=20)) == 0  # the hour's, once
    assert services.send_reminders(now=start + timedelta(minutes=1)) == 0  # started
    assert Notification.objects.filter(recipient=person, kind="events.reminder").count() == 2
    del waiting_event


def test_registering_within_the_hour_gets_only_the_hours_reminder(greece):
    event = make_event(greece, starts_in=timedelta(minutes=40))
    person = etwinner(greece)
    services.register(event=event, user=person)
    now = timezone.now()
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now + timedelta(minutes=5)) == 0
    row = Registration.objects.get(event=event)
    assert row.reminded_hour_at is not None and row.reminded_day_at is not None


def test_no_reminder_for_cancelled_events_or_people_waiting(greece):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff, capacity=1, starts_in=timedelta(hours=5))
    services.register(event=event, user=etwinner(greece))
    services.register(event=event, user=etwinner(greece))  # waiting
    assert services.send_reminders() == 1
    other = make_event(greece, staff=staff, starts_in=timedelta(hours=5), title="Cancelled")
    services.register(event=other, user=etwinner(greece))
    services.event_cancel(actor=staff, event=other)
    assert services.send_reminders() == 0


def test_time_zones_across_summer_time():
    # 18:00 in Athens is 15:00 UTC in summer (EEST, +3) and 16:00 UTC in winter (EET, +2).
    summer = make_local(datetime(2026, 7, 1, 18, 0), "Europe/Athens")
    winter = make_local(datetime(2026, 12, 1, 18, 0), "Europe/Athens")
    assert (summer.hour, winter.hour) == (15, 16)
    # The night the clocks go back (25 October 2026), a webinar from 02:30 to 04:30 Athens time.
    start = make_local(datetime(2026, 10, 25, 2, 30), "Europe/Athens")
    end = make_local(datetime(2026, 10, 25, 4, 30), "Europe/Athens")
    assert end - start == timedelta(hours=3)  # the hour 03:00–04:00 happens twice

    class _E:
        starts_at, ends_at, time_zone = summer, summer + timedelta(hours=1), "Europe/Athens"

    shown = when(_E)
    assert shown["start"].strftime("%H:%M") == "18:00" and str(shown["zone_label"]) == "Athens time"


def test_event_keeps_its_zone_and_utc_times(greece):
    start = make_local(datetime(2030, 4, 1, 18, 0), "Europe/Lisbon")  # Lisbon in summer time (+1) since 31 March
    event = make_event(greece, starts_at=start, ends_at=start + timedelta(hours=1), time_zone="Europe/Lisbon",
                       starts_in=timedelta(0))  # fmt: skip
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 4, 1, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert when(event)["start"].strftime("%H:%M") == "18:00"


def test_link_shown_to_registered_people_from_a_while_before(greece):
    event = make_event(greece, starts_in=timedelta(hours=3))
    person, other = etwinner(greece), etwinner(greece)
    row = services.register(event=event, user=person)
    early = event.starts_at - timedelta(hours=1)
    near = event.starts_at - timedelta(minutes=10)
    assert not policies.may_see_link(person, event, row, now=early)
    assert policies.may_see_link(person, event, row, now=near)
    assert not policies.may_see_link(other, event, None, now=near)
    assert policies.may_see_link(nso_staff(greece), event, None, now=early)


@freeze_time("2026-03-01 10:00:00")
def test_hours_written_as_given(greece):
    event = make_event(greece, hours=Decimal("2.5"))
    assert Event.objects.get(pk=event.pk).hours == Decimal("2.5")
    assert len(mail.outbox) == 0
