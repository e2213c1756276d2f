from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core.models import AuditEvent
from twinning.events import attendance, services
from twinning.events.models import Event, Registration, Status

from .factories import etwinner, make_event, move_to_past

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "kind": "webinar",
        "title": "Webinar on AI",
        "description": "<p>About AI.</p>",
        "starts_at": "2030-07-01T18:00",
        "ends_at": "2030-07-01T19:30",
        "time_zone": "Europe/Athens",
        "online": "on",
        "address": "",
        "link": "https://meet.example.org/ai",
        "hours": "1.5",
        "capacity": "",
        "eligibility": "anyone",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "min_minutes": "30",
        "published": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_create_an_event_in_their_zone(client, greece):
    staff = nso_staff(greece)
    log_in(client, staff)
    assert client.get(reverse("events:event_new")).status_code == 200
    response = client.post(reverse("events:event_new"), _form(country=greece.pk))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2030-07-01T15:00:00+00:00"  # 18:00 Athens summer time
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "18:00" in page and "Europe/Athens" in page and "Athens time" in page
    greek = client.get(f"/el/events/{event.pk}/").content.decode()
    assert "18:00" in greek
    edit = client.get(reverse("events:event_edit", args=[event.pk])).content.decode()
    assert 'value="2030-07-01T18:00"' in edit  # shown back as written, in its zone
    assert AuditEvent.objects.filter(action="events.created").count() == 1


def test_bad_form_keeps_input_and_writes_nothing(client, greece):
    log_in(client, nso_staff(greece))
    response = client.post(reverse("events:event_new"), _form(country=greece.pk, ends_at="2030-07-01T17:00"))
    assert response.status_code == 200 and "Webinar on AI" in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(reverse("events:event_new"), _form(country=greece.pk, starts_at="yesterday"))
    assert response.status_code == 200 and not Event.objects.exists()


def test_staff_of_another_country_cannot_create_for_greece(client, greece, italy):
    log_in(client, nso_staff(italy))
    response = client.post(reverse("events:event_new"), _form(country=greece.pk))
    assert response.status_code == 200 and not Event.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "italian_staff", "greek_staff", "css"])
def test_staff_pages_permissions(client, greece, italy, who):
    event = make_event(greece)
    person = {
        "teacher": etwinner(greece),
        "italian_staff": nso_staff(italy),
        "greek_staff": nso_staff(greece),
        "css": css_staff(),
    }[who]
    log_in(client, person)
    urls = [
        reverse("events:staff_event", args=[event.pk]),
        reverse("events:event_edit", args=[event.pk]),
        reverse("events:event_cancel", args=[event.pk]),
        reverse("events:registrants_csv", args=[event.pk]),
        reverse("events:attendance", args=[event.pk]),
        reverse("events:attendance_import", args=[event.pk]),
    ]
    expected = {"teacher": 403, "italian_staff": 404, "greek_staff": 200, "css": 200}[who]
    for url in urls:
        assert client.get(url).status_code == expected, url
    assert client.get(reverse("events:staff_list")).status_code == (403 if who == "teacher" else 200)
    response = client.post(reverse("events:event_cancel", args=[event.pk]), {"reason": "x"})
    assert response.status_code == {"teacher": 403, "italian_staff": 404, "greek_staff": 302, "css": 302}[who]


def test_a_draft_is_404_to_everyone_but_its_staff(client, greece, italy):
    draft = make_event(greece, published=False)
    url = reverse("events:event", args=[draft.pk])
    assert client.get(url).status_code == 404
    log_in(client, etwinner(greece))
    assert client.get(url).status_code == 404
    assert client.post(reverse("events:register", args=[draft.pk])).status_code == 404
    log_in(client, nso_staff(italy))
    assert client.get(url).status_code == 404
    log_in(client, nso_staff(greece))
    assert client.get(url).status_code == 200
    public = client.get(reverse("events:list")).content.decode()
    assert draft.title not in public


def test_register_cancel_and_waiting_list_from_the_page(client, greece, django_capture_on_commit_callbacks):
    event = make_event(greece, capacity=1, starts_in=timedelta(minutes=20))
    first, second = etwinner(greece), etwinner(greece)
    log_in(client, first)
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "1 place left" in page and event.link not in page
    client.post(reverse("events:register", args=[event.pk]))
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "You are registered" in page and event.link in page  # 20 minutes before: the link shows
    log_in(client, second)
    client.post(reverse("events:register", args=[event.pk]))
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "waiting list, in place 1" in page and event.link not in page
    log_in(client, first)
    row = Registration.objects.get(user=first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel", args=[row.pk]))
    assert Registration.objects.get(user=second).status == Status.REGISTERED
    # Someone else's registration: 404, nothing changes.
    log_in(client, etwinner(greece))
    other = Registration.objects.get(user=second)
    assert client.post(reverse("events:cancel", args=[other.pk])).status_code == 404
    assert Registration.objects.get(pk=other.pk).status == Status.REGISTERED


def test_refusal_shown_instead_of_the_button(client, greece):
    from twinning.events.models import Eligibility

    event = make_event(greece, eligibility=Eligibility.ETWINNERS)
    log_in(client, teacher(country=greece))
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert "Only eTwinners" in page and reverse("events:register", args=[event.pk]) not in page
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert "Only eTwinners" in response.content.decode() and not Registration.objects.exists()


def test_list_filters_and_past(client, greece, italy):
    staff = nso_staff(greece)
    make_event(greece, staff=staff, title="Upcoming Greek")
    move_to_past(make_event(greece, staff=staff, title="Past Greek"), ago=timedelta(days=3))
    make_event(italy, title="Upcoming Italian")
    page = client.get(reverse("events:list")).content.decode()
    assert "Upcoming Greek" in page and "Upcoming Italian" in page and "Past Greek" not in page
    page = client.get(reverse("events:list"), {"country": greece.pk}).content.decode()
    assert "Upcoming Italian" not in page and "Upcoming Greek" in page
    page = client.get(reverse("events:list"), {"when": "past"}).content.decode()
    assert "Past Greek" in page and "Upcoming Greek" not in page
    page = client.get(reverse("events:list"), {"kind": "info_day"}).content.decode()
    assert "No event matches these filters" in page
    assert client.get(reverse("events:list"), {"country": "abc", "page": "x"}).status_code == 200
    assert client.get("/el/events/").status_code == 200


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_keep_their_query_count(client, greece):
    staff = nso_staff(greece)
    person = etwinner(greece)
    counts: dict[str, list[int]] = {"list": [], "mine": [], "staff": [], "registrants": [], "event": []}
    main = make_event(greece, staff=staff, capacity=2)
    log_in(client, person)
    services.register(event=main, user=person)
    _count(client, reverse("events:list"))  # warm the caches (menu, countries)
    _count(client, reverse("events:mine"))
    _count(client, reverse("events:event", args=[main.pk]))
    log_in(client, staff)
    _count(client, reverse("events:staff_list"))
    _count(client, reverse("events:staff_event", args=[main.pk]))
    for size in (2, 7):
        while Event.objects.count() < size:
            extra = make_event(greece, staff=staff, title=f"Event {Event.objects.count()}", capacity=1)
            services.register(event=extra, user=etwinner(greece))
            services.register(event=extra, user=person)  # waiting
        while Registration.objects.filter(event=main).count() < size:
            services.register(event=main, user=etwinner(greece))
        log_in(client, person)
        counts["list"].append(_count(client, reverse("events:list")))
        counts["mine"].append(_count(client, reverse("events:mine")))
        counts["event"].append(_count(client, reverse("events:event", args=[main.pk])))
        log_in(client, staff)
        counts["staff"].append(_count(client, reverse("events:staff_list")))
        counts["registrants"].append(_count(client, reverse("events:staff_event", args=[main.pk])))
    for name, values in counts.items():
        assert values[0] == values[1], (name, counts)


def test_registrants_csv(client, greece):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff)
    person = etwinner(greece, first_name="=cmd()", email="csv@school.gr")
    services.register(event=event, user=person)
    log_in(client, staff)
    response = client.get(reverse("events:registrants_csv", args=[event.pk]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "csv@school.gr" in body and "'=cmd()" in body


def test_bulk_attendance_page(client, greece):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff)
    people = [etwinner(greece) for _ in range(3)]
    rows = [services.register(event=event, user=p) for p in people]
    log_in(client, staff)
    url = reverse("events:attendance", args=[event.pk])
    response = client.post(url, {"present": [rows[0].pk]})
    assert response.status_code == 400 and not Registration.objects.filter(attended=True).exists()  # not started
    move_to_past(event)
    page = client.get(url + "?all=1").content.decode()
    assert page.count("checked") == 3
    response = client.post(url, {"present": [rows[0].pk, rows[2].pk]})
    assert response.status_code == 302
    assert set(Registration.objects.filter(attended=True).values_list("pk", flat=True)) == {rows[0].pk, rows[2].pk}
    response = client.post(url, {"present": ["abc"]})
    assert response.status_code == 400
    assert Registration.objects.filter(attended=True).count() == 2


def test_report_upload_preview_then_apply(client, greece):
    staff = nso_staff(greece)
    event = make_event(greece, staff=staff)
    people = [etwinner(greece, email=f"r{i}@school.gr") for i in range(2)]
    for p in people:
        services.register(event=event, user=p)
    move_to_past(event)
    log_in(client, staff)
    url = reverse("events:attendance_import", args=[event.pk])
    report = "\ufeffEmail;Minutes\nr0@school.gr;50\nr1@school.gr;5\nnobody@x.org;60\n".encode()
    response = client.post(url, {"report": SimpleUploadedFile("report.csv", report, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 registered person will be marked present" in page and "nobody@x.org" in page
    assert not Registration.objects.filter(attended=True).exists()
    payload = response.context["payload"]
    for _ in range(2):  # applying twice is the same as once
        assert client.post(url, {"apply": "1", "payload": payload}).status_code == 302
    assert list(Registration.objects.filter(attended=True).values_list("user__email", "minutes")) == [
        ("r0@school.gr", 50)
    ]
    assert client.post(url, {"apply": "1", "payload": "forged"}).status_code == 400
    bad = client.post(url, {"report": SimpleUploadedFile("x.csv", b"Name,Role\nA,B\n", "text/csv")})
    assert bad.status_code == 400 and "No column of e-mail addresses" in bad.content.decode()
    assert Registration.objects.filter(attended=True).count() == 1


def test_signed_payload_of_another_event_is_refused(client, greece):
    staff = nso_staff(greece)
    event, other = make_event(greece, staff=staff), make_event(greece, staff=staff)
    row = services.register(event=other, user=etwinner(greece))
    move_to_past(event)
    log_in(client, staff)
    token = attendance.sign(other, {row.pk: 90})
    response = client.post(reverse("events:attendance_import", args=[event.pk]), {"apply": "1", "payload": token})
    assert response.status_code == 400 and not Registration.objects.filter(attended=True).exists()


def test_staff_cancel_a_registration(client, greece, italy):
    event = make_event(greece)
    row = services.register(event=event, user=etwinner(greece))
    url = reverse("events:staff_cancel_registration", args=[row.pk])
    log_in(client, nso_staff(italy))
    assert client.post(url).status_code == 404
    log_in(client, nso_staff(greece))
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=row.pk).status == Status.CANCELLED
