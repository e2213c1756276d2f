from datetime import timedelta

import pytest

from twinning.accounts.tests.factories import nso_staff
from twinning.core.models import AuditEvent
from twinning.events import attendance, services
from twinning.events.models import Registration, Status
from twinning.events.services import EventError

from .factories import etwinner, make_event, move_to_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(greece):
    """A webinar that took place, with three registered people (and one on the waiting list)."""
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff, capacity=3, length=timedelta(hours=1))
    people = [etwinner(greece, email=f"t{i}@school.gr") for i in range(4)]
    rows = [services.register(event=event, user=p) for p in people]
    move_to_past(event)
    return {"event": event, "staff": staff, "people": people, "rows": rows}


def test_bulk_attendance_marks_present_and_absent_in_one_go(held):
    event, staff, rows = held["event"], held["staff"], held["rows"]
    result = services.attendance_record(actor=staff, event=event, present_ids=[rows[0].pk, rows[1].pk])
    assert result == {"present": 2, "newly_present": 2, "marked_absent": 0}
    assert set(Registration.objects.filter(attended=True).values_list("pk", flat=True)) == {rows[0].pk, rows[1].pk}
    result = services.attendance_record(actor=staff, event=event, present_ids=[rows[1].pk])
    assert result["marked_absent"] == 1 and not Registration.objects.get(pk=rows[0].pk).attended
    assert AuditEvent.objects.filter(action="events.attendance_recorded").count() == 2


def test_bulk_attendance_refuses_people_not_registered_and_changes_nothing(held, greece, italy):
    event, staff, rows = held["event"], held["staff"], held["rows"]
    waiting = rows[3]
    assert waiting.status == Status.WAITING
    with pytest.raises(EventError):
        services.attendance_record(actor=staff, event=event, present_ids=[rows[0].pk, waiting.pk])
    assert not Registration.objects.filter(attended=True).exists()
    with pytest.raises(services.NotAllowed):
        services.attendance_record(actor=nso_staff(italy), event=event, present_ids=[rows[0].pk])
    future = make_event(greece, staff=staff)
    with pytest.raises(EventError):
        services.attendance_record(actor=staff, event=future, present_ids=[])


def test_attendance_asks_for_certificates_of_attendance(held, django_capture_on_commit_callbacks):
    from twinning.certificates.models import Certificate

    event, staff, rows = held["event"], held["staff"], held["rows"]
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=staff, event=event, present_ids=[rows[0].pk, rows[2].pk])
    certificates = Certificate.objects.filter(source="events.attendance")
    assert set(certificates.values_list("source_id", flat=True)) == {rows[0].pk, rows[2].pk}
    assert {c.kind for c in certificates} == {"event"}
    # Saving again issues nothing twice; marking someone absent does not revoke (staff revoke it).
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=staff, event=event, present_ids=[rows[0].pk])
    assert Certificate.objects.filter(source="events.attendance").count() == 2


def test_certificate_facts_only_for_attended_registrations(held):
    from twinning.events.certificate_sources import facts

    event, staff, rows = held["event"], held["staff"], held["rows"]
    services.attendance_record(actor=staff, event=event, present_ids=[rows[0].pk])
    found = facts([r.pk for r in rows])
    assert list(found) == [rows[0].pk]
    fact = found[rows[0].pk]
    assert fact.user_id == held["people"][0].pk and fact.hours == event.hours and fact.country_id == event.country_id
    assert fact.kind == "event" and fact.title_en == event.title


ZOOM = (
    "Name (original name),User email,Join time,Leave time,Duration (minutes),Guest\n"
    "Maria,T0@school.gr,2026-03-01 18:00:00,2026-03-01 18:40:00,40,No\n"
    "Maria,t0@school.gr,2026-03-01 18:45:00,2026-03-01 19:00:00,15,No\n"
    "Nikos,t1@school.gr,2026-03-01 18:00:00,2026-03-01 18:10:00,10,No\n"
    "Stranger,someone@else.org,2026-03-01 18:00:00,2026-03-01 19:00:00,60,Yes\n"
    "Broken,not-an-email,2026-03-01 18:00:00,2026-03-01 19:00:00,60,No\n"
    "Waiting,t3@school.gr,2026-03-01 18:00:00,2026-03-01 19:00:00,60,No\n"
)


def test_preview_matches_sums_rejoins_and_lists_the_rest(held):
    preview = attendance.preview(held["event"], ZOOM.encode())
    assert [(m["email"], m["minutes"]) for m in preview.matched] == [("t0@school.gr", 55)]
    assert [(m["email"], m["minutes"]) for m in preview.below] == [("t1@school.gr", 10)]
    # The person on the waiting list is not registered: unknown, as the stranger.
    assert sorted(m["email"] for m in preview.unknown) == ["someone@else.org", "t3@school.gr"]
    assert [line for line, _ in preview.errors] == [6]
    assert preview.rows == 6
    assert not Registration.objects.filter(attended=True).exists()  # a preview writes nothing


def test_semicolons_bom_and_join_leave_times(held):
    text = "\ufeffE-mail;Join time;Leave time\nt2@school.gr;01/03/2026 18:00;01/03/2026 18:50\n"
    preview = attendance.preview(held["event"], text.encode("utf-8"))
    assert [(m["email"], m["minutes"]) for m in preview.matched] == [("t2@school.gr", 50)]


def test_teams_export_in_utf16_with_a_summary_above(held):
    text = (
        "1. Summary\nMeeting title\tWebinar\n\n2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Maria\t3/1/26, 6:00:00 PM\t3/1/26, 7:00:00 PM\t1h 2m 5s\tt0@school.gr\tAttendee\n"
    )
    preview = attendance.preview(held["event"], text.encode("utf-16"))
    assert [(m["email"], m["minutes"]) for m in preview.matched] == [("t0@school.gr", 62)]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0 jpeg bytes \x00\x10", "UTF-8"),
        (b"Name,Minutes\nMaria,40\n", "e-mail"),
        (b"Email,Role\nt0@school.gr,Attendee\n", "minutes"),
    ],
)
def test_bad_files_give_a_clear_message(held, data, words):
    with pytest.raises(attendance.ReportError) as error:
        attendance.preview(held["event"], data)
    assert words in str(error.value)


def test_apply_is_idempotent_and_respects_the_minimum(held):
    event, staff = held["event"], held["staff"]
    preview = attendance.preview(event, ZOOM.encode())
    minutes = preview.minutes_by_registration
    first = services.attendance_import(actor=staff, event=event, minutes_by_registration=minutes)
    second = services.attendance_import(actor=staff, event=event, minutes_by_registration=minutes)
    assert first == {"present": 1, "changed": 1} and second == {"present": 1, "changed": 0}
    row = Registration.objects.get(pk=held["rows"][0].pk)
    assert row.attended and row.minutes == 55
    # Minutes under the event's minimum never count, even if sent.
    services.attendance_import(actor=staff, event=event, minutes_by_registration={held["rows"][1].pk: 5})
    assert not Registration.objects.get(pk=held["rows"][1].pk).attended
    assert AuditEvent.objects.filter(action="events.attendance_imported").count() == 3


def test_signed_payload_is_bound_to_the_event(held, greece):
    event = held["event"]
    token = attendance.sign(event, {held["rows"][0].pk: 50})
    assert attendance.unsign(event, token) == {held["rows"][0].pk: 50}
    other = make_event(greece, staff=held["staff"])
    assert attendance.unsign(other, token) is None
    assert attendance.unsign(event, token[:-2] + "xx") is None


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("45", 45), ("45,5", 45), ("1h 5m 3s", 65), ("65m", 65), ("01:05:03", 65), ("1:05", 65), ("soon", None)],
)
def test_minutes_formats(value, minutes):
    assert attendance.parse_minutes(value) == minutes
