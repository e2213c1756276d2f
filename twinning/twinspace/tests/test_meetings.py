"""Meetings of a TwinSpace: the teachers schedule, change and cancel them (an active project), teachers and
staff see them in their own time zone, pupils and visitors never; the iCalendar (download, invitation, update,
cancellation) and the reminder the day before, once; each country's video service, set by its NSO."""

import datetime
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core.models import AuditEvent, Notification
from twinning.core.registries import notification_kind
from twinning.core.scheduling import registered
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.twinspace import meetings, policies, services
from twinning.twinspace.models import Meeting, VideoService
from twinning.twinspace.policies import Role

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def world(greece, italy):
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    member = etwinner(greece)
    make_contacts(founder, member)
    project_services.member_invite(project=project, by=founder, user=member)
    project_services.invitation_answer(project=project, user=member, accept=True, school=school_of(member))
    workspace = services.workspace_open(project)
    return {"project": project, "founder": founder, "partner": partner, "member": member, "workspace": workspace}


def _day(days=10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _form(**overrides) -> dict:
    data = {
        "title": "Planning call",
        "starts_on": _day().isoformat(),
        "starts_time": "10:00",
        "time_zone": "Europe/Rome",
        "duration_minutes": "45",
        "agenda": "1. Calendar\n2. Pages",
        "link": "",
    }
    return {**data, **overrides}


def _schedule(world, *, actor=None, days=10, **overrides) -> Meeting:
    values = {
        "title": "Planning call", "agenda": "1. Calendar", "time_zone": "Europe/Rome", "duration_minutes": 45,
        "link": "", "starts_local": datetime.datetime.combine(_day(days), datetime.time(10, 0)),
    }  # fmt: skip
    values.update(overrides)
    return services.meeting_save(actor=actor or world["member"], workspace=world["workspace"], meeting=None, **values)


def _calendars(messages) -> list[Calendar]:
    found = []
    for message in messages:
        for part in message_from_bytes(message.message().as_bytes()).walk():
            if part.get_content_type() == "text/calendar":
                found.append(Calendar.from_ical(part.get_payload(decode=True)))
    return found


def test_a_teacher_schedules_a_meeting_and_the_teachers_get_its_invitation(
    client, world, django_capture_on_commit_callbacks
):
    project = world["project"]
    log_in(client, world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("twinspace:meeting_new", args=[project.pk]), _form())
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime.datetime.combine(_day(), datetime.time(10, 0), tzinfo=ROME)
    assert meeting.time_zone == "Europe/Rome" and meeting.duration_minutes == 45 and not meeting.own_link
    assert meeting.link.startswith("https://meet.jit.si/etw") and len(meeting.link) > len("https://meet.jit.si/") + 20
    assert AuditEvent.objects.filter(action="twinspace.meeting_scheduled", target_id=str(meeting.pk)).count() == 1
    teachers = {world["founder"].email, world["partner"].email, world["member"].email}
    assert {m.to[0] for m in mail.outbox} == teachers
    calendars = _calendars(mail.outbox)
    assert len(calendars) == 3
    event = calendars[0].walk("VEVENT")[0]
    assert str(calendars[0]["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Rome" and event.decoded("DTSTART") == meeting.starts_at
    assert str(event["UID"]) == f"{meeting.uid}@twinning" and meeting.link in str(event["DESCRIPTION"])
    Meeting.objects.filter(pk=meeting.pk).update(mailed_sequence=None)
    # The task is idempotent per version: run again, sent again only if not marked sent.
    from twinning.twinspace.meeting_tasks import send_meeting_mail

    assert send_meeting_mail.call(meeting.pk, 0) == 3
    assert send_meeting_mail.call(meeting.pk, 0) == 0


def test_times_are_shown_in_the_viewers_zone_with_the_meetings_zone_named(client, world):
    meeting = _schedule(world)
    log_in(client, world["founder"])  # Greek: Athens is an hour ahead of Rome
    page = client.get(reverse("twinspace:meetings", args=[world["project"].pk])).content.decode()
    athens = meeting.starts_at.astimezone(ZoneInfo("Europe/Athens"))
    assert f"{athens:%H:%M}" == "11:00" and "11:00" in page and "Europe/Athens" in page and "Europe/Rome" in page
    home = client.get(reverse("twinspace:home", args=[world["project"].pk])).content.decode()
    assert "Planning call" in home and meeting.link in home


@pytest.mark.parametrize("who", ["visitor", "staff", "other_founder", "anonymous"])
def test_who_sees_and_who_schedules_meetings(client, world, greece, italy, who):
    project = world["project"]
    meeting = _schedule(world)
    if who == "other_founder":
        other, partner = etwinner(greece), etwinner(italy)
        make_contacts(other, partner)
        active_project(other, partner)
        log_in(client, other)
    elif who != "anonymous":
        log_in(client, {"visitor": teacher(country=greece), "staff": nso_staff(greece)}[who])
    urls = {
        "list": reverse("twinspace:meetings", args=[project.pk]),
        "ics": reverse("twinspace:meeting_ics", args=[project.pk, meeting.pk]),
        "new": reverse("twinspace:meeting_new", args=[project.pk]),
        "edit": reverse("twinspace:meeting_edit", args=[project.pk, meeting.pk]),
    }
    reads = 200 if who == "staff" else 403
    assert client.get(urls["list"]).status_code == reads
    assert client.get(urls["ics"]).status_code == reads
    assert client.get(urls["new"]).status_code == 403
    assert client.post(urls["new"], _form(title="Sneaky")).status_code == 403
    assert client.post(urls["edit"], _form(title="Sneaky")).status_code == 403
    cancel = client.post(reverse("twinspace:meeting_cancel", args=[project.pk, meeting.pk]))
    assert cancel.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Planning call" and meeting.cancelled_at is None and Meeting.objects.count() == 1
    home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert ("Planning call" in home) == (who == "staff")
    # A workspace that is not public: those who cannot see it get 404 (or the login page).
    world["workspace"].public = False
    world["workspace"].save(update_fields=["public"])
    expected = {"staff": 200, "anonymous": 302}.get(who, 404)
    assert client.get(urls["list"]).status_code == expected


def test_pupils_and_visitors_never_see_meetings_teachers_schedule_them_only_while_active(world):
    project = world["project"]
    for role in (Role.PUPIL, Role.PUPIL_ADMIN, Role.VISITOR):
        assert not policies.may_see_meetings(role, project) and not policies.may_schedule_meetings(role, project)
    assert policies.may_see_meetings(Role.STAFF, project) and not policies.may_schedule_meetings(Role.STAFF, project)
    for role in (Role.TEACHER_ADMIN, Role.TEACHER):
        assert policies.may_schedule_meetings(role, project)
    project.status = ProjectStatus.CLOSED
    assert policies.may_see_meetings(Role.TEACHER, project) and not policies.may_schedule_meetings(
        Role.TEACHER, project
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"starts_on": "2001-05-01"}, "starts_on"),
        ({"starts_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat()}, "starts_on"),
        ({"link": "http://meet.example.org/room"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"duration_minutes": "5"}, "duration_minutes"),
        ({"title": " "}, "title"),
    ],
)
def test_bad_input_schedules_nothing(client, world, overrides, field, django_capture_on_commit_callbacks):
    log_in(client, world["founder"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("twinspace:meeting_new", args=[world["project"].pk]), _form(**overrides))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Meeting.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(action__startswith="twinspace.meeting").exists()


def test_the_service_checks_what_the_form_may_not(world):
    for overrides in (
        {"time_zone": "Not/AZone"},
        {"time_zone": ""},
        {"link": "http://insecure.example.org/x"},
        {"starts_local": datetime.datetime(2000, 1, 1, 10, 0)},
        {"duration_minutes": 1000},
    ):
        with pytest.raises(services.WorkspaceError):
            _schedule(world, **overrides)
    # 02:30 on the last Sunday of March does not exist in Rome (the clocks jump to 03:00).
    year = timezone.localdate().year + 1
    last_sunday = max(datetime.date(year, 3, d) for d in range(25, 32) if datetime.date(year, 3, d).weekday() == 6)
    with pytest.raises(services.WorkspaceError):
        _schedule(world, starts_local=datetime.datetime.combine(last_sunday, datetime.time(2, 30)))
    assert not Meeting.objects.exists()


def test_the_ics_download_parses_with_its_zone(client, world):
    meeting = _schedule(world, agenda="Talk about the calendar")
    log_in(client, world["founder"])
    url = reverse("twinspace:meeting_ics", args=[world["project"].pk, meeting.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert event.decoded("DTSTART") == datetime.datetime.combine(_day(), datetime.time(10, 0), tzinfo=ROME)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=45)
    assert "Talk about the calendar" in str(event["DESCRIPTION"]) and str(event["URL"]).endswith(
        reverse("twinspace:meetings", args=[world["project"].pk])
    )
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Rome"
    again = Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert again["UID"] == event["UID"]


def test_a_change_and_a_cancellation_reach_the_calendars(client, world, django_capture_on_commit_callbacks):
    project = world["project"]
    meeting = _schedule(world)
    log_in(client, world["founder"])  # a co-teacher changes it
    edit = reverse("twinspace:meeting_edit", args=[project.pk, meeting.pk])
    assert client.get(edit).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, _form(starts_time="15:30", link="https://bbb.example.org/rooms/abc/join"))
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.own_link and meeting.link == "https://bbb.example.org/rooms/abc/join"
    assert meeting.starts_at == datetime.datetime.combine(_day(), datetime.time(15, 30), tzinfo=ROME)
    event = _calendars(mail.outbox)[-1].walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == f"{meeting.uid}@twinning"
    assert AuditEvent.objects.filter(action="twinspace.meeting_changed").count() == 1
    # Saving the same again changes nothing: no event, no e-mail.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, _form(starts_time="15:30", link="https://bbb.example.org/rooms/abc/join"))
    assert len(mail.outbox) == sent and AuditEvent.objects.filter(action="twinspace.meeting_changed").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("twinspace:meeting_cancel", args=[project.pk, meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 2
    calendar = _calendars(mail.outbox)[-1]
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    assert AuditEvent.objects.filter(action="twinspace.meeting_cancelled").count() == 1
    assert client.get(edit).status_code == 404  # a cancelled meeting is not changed
    with pytest.raises(services.WorkspaceError):
        services.meeting_cancel(actor=world["founder"], meeting=meeting)


def test_a_closed_project_takes_no_meetings(client, world):
    project = world["project"]
    meeting = _schedule(world)
    project.status = ProjectStatus.CLOSED
    project.save(update_fields=["status"])
    log_in(client, world["founder"])
    assert client.get(reverse("twinspace:meetings", args=[project.pk])).status_code == 200
    assert client.post(reverse("twinspace:meeting_new", args=[project.pk]), _form()).status_code == 403
    assert client.post(reverse("twinspace:meeting_cancel", args=[project.pk, meeting.pk])).status_code == 403


def test_the_reminder_goes_once_about_a_day_before(world):
    assert "twinspace.meeting_reminders" in registered() and notification_kind("twinspace.meeting_reminder")
    soon = _schedule(world, days=1)  # tomorrow at 10:00 in Rome
    later = _schedule(world, days=5)
    now = soon.starts_at - datetime.timedelta(hours=23)
    assert services.meeting_reminders_send(now=now) == 1
    notices = Notification.objects.filter(kind="twinspace.meeting_reminder")
    assert {n.recipient_id for n in notices} == {world["founder"].pk, world["partner"].pk, world["member"].pk}
    assert all("Planning call" in n.title for n in notices)
    assert services.meeting_reminders_send(now=now) == 0  # once
    assert services.meeting_reminders_send(now=now + datetime.timedelta(minutes=30)) == 0
    assert notices.count() == 3
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at is not None and later.reminded_at is None
    # A new time is a new reminder.
    services.meeting_save(
        actor=world["founder"], workspace=world["workspace"], meeting=soon, title=soon.title, agenda=soon.agenda,
        starts_local=datetime.datetime.combine(_day(3), datetime.time(9, 0)), time_zone="Europe/Rome",
        duration_minutes=45, link="",
    )  # fmt: skip
    soon.refresh_from_db()
    assert soon.reminded_at is None


def test_each_nso_sets_its_countrys_video_service(client, world, greece, italy):
    greek_nso, italian_nso, css = nso_staff(greece), nso_staff(italy), css_staff()
    url = reverse("twinspace:video_services")
    log_in(client, greek_nso)
    assert client.get(url).status_code == 200
    client.post(url, {"country": greece.pk, "name": "BBB of the NSO", "url_template": "https://bbb.gr/r/{room}"})
    assert VideoService.objects.get(country=greece).name == "BBB of the NSO"
    assert AuditEvent.objects.filter(action="twinspace.video_service_set", country_code="GR").count() == 1
    # Not another country's, not the platform's.
    assert (
        client.post(url, {"country": italy.pk, "name": "X", "url_template": "https://x.it/{room}"}).status_code == 403
    )
    assert client.post(url, {"name": "X", "url_template": "https://x.it/{room}"}).status_code == 403
    assert not VideoService.objects.filter(country=italy).exists()
    with pytest.raises(services.NotAllowed):
        services.video_service_save(actor=greek_nso, country=None, name="X", url_template="https://x.org/{room}")
    with pytest.raises(services.NotAllowed):
        services.video_service_save(actor=italian_nso, country=greece, name="X", url_template="https://x.org/{room}")
    for bad in (
        "http://bbb.gr/r/{room}",
        "https://bbb.gr/r/",
        "https://bbb.gr/{room}/{room}",
        "https://b.gr/{x}{room}",
    ):
        with pytest.raises(services.WorkspaceError):
            services.video_service_save(actor=greek_nso, country=greece, name="Y", url_template=bad)
    assert VideoService.objects.get(country=greece).url_template == "https://bbb.gr/r/{room}"
    # The Greek founder's meetings use it; the Italian partner's use the platform's, set by the CSS.
    services.video_service_save(actor=css, country=None, name="Platform BBB", url_template="https://eu.example/{room}")
    assert _schedule(world, actor=world["founder"]).link.startswith("https://bbb.gr/r/etw")
    assert _schedule(world, actor=world["partner"]).link.startswith("https://eu.example/etw")
    assert meetings.new_room() != meetings.new_room()
    # Teachers do not see the page.
    log_in(client, world["founder"])
    assert client.get(url).status_code == 403


def test_meeting_pages_in_greek(client, world):
    _schedule(world)
    log_in(client, world["founder"])
    page = client.get(f"/el/twinspace/{world['project'].pk}/meetings/").content.decode()
    assert '<html lang="el">' in page and "Planning call" in page and "Europe/Rome" in page


def test_the_meetings_list_and_the_home_keep_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in(client, world["founder"])
    urls = [
        reverse("twinspace:meetings", args=[world["project"].pk]),
        reverse("twinspace:home", args=[world["project"].pk]),
    ]
    counts = []
    for n in (1, 6):
        for i in range(n):
            _schedule(world, days=2 + i)
        for url in urls:
            client.get(url)
        measured = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[1], counts
