"""The learning pages: the public catalogue and its filters, a course page (the enrol button or the reason),
enrolling and withdrawing through the web, "My learning", the staff's pages scoped to their country, the
enrolment list and its CSV export; fixed query counts on the catalogue and the course page."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.learning import services
from twinning.learning.models import Course, Cycle, Enrolment, Kind, Pacing, Status, Topic

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def test_the_catalogue_filters_and_shows_the_next_cycle(client, greece):
    ict, staff = make_course(greece, title="Digital tools")
    make_cycle(ict, staff)
    mooc, _staff = make_course(greece, staff=staff, title="AI for teachers", topic=Topic.AI, kind=Kind.MOOC,
                               pacing=Pacing.SELF_PACED)  # fmt: skip
    make_cycle(mooc, staff, opens_in_days=5, closes_in_days=20)
    make_course(greece, staff=staff, title="Hidden draft", published=False)
    page = client.get(reverse("learning:catalogue")).content.decode()
    assert "Digital tools" in page and "AI for teachers" in page and "Hidden draft" not in page
    assert "Self-paced" in page and "Open for enrolment" in page
    only_open = client.get(reverse("learning:catalogue"), {"open": "on"}).content.decode()
    assert "Digital tools" in only_open and "AI for teachers" not in only_open
    moocs = client.get(reverse("learning:catalogue"), {"kind": "mooc", "topic": "ai"}).content.decode()
    assert "AI for teachers" in moocs and "Digital tools" not in moocs
    assert client.get(reverse("learning:course", args=[Course.objects.get(published=False).pk])).status_code == 404


def test_the_course_page_shows_the_button_or_the_reason(client, greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1, eligibility="country")
    url = reverse("learning:course", args=[course.pk])
    assert "Log in" in client.get(url).content.decode()
    log_in(client, etwinner(italy))
    assert "This cycle is for teachers of Greece only." in client.get(url).content.decode()
    maria = etwinner(greece)
    log_in(client, maria)
    assert "1 place left" in client.get(url).content.decode()
    response = client.post(reverse("learning:enrol", args=[cycle.pk]))
    assert response.status_code == 302 and Enrolment.objects.get(user=maria).status == Status.ENROLLED
    assert "You are enrolled in this cycle." in client.get(url).content.decode()
    nikos = etwinner(greece)
    log_in(client, nikos)
    assert "Join the waiting list" in client.get(url).content.decode()
    client.post(reverse("learning:enrol", args=[cycle.pk]))
    assert "You are on the waiting list, in place 1." in client.get(url).content.decode()


def test_my_learning_and_withdrawing_only_ones_own(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    maria, nikos = etwinner(greece), etwinner(greece)
    mine = services.enrol(cycle=cycle, user=maria)
    theirs = services.enrol(cycle=cycle, user=nikos)
    log_in(client, nikos)
    page = client.get(reverse("learning:mine")).content.decode()
    assert course.title in page and "(place 1)" in page
    # Nikos cannot withdraw Maria, nor see the cycle's list.
    assert client.post(reverse("learning:withdraw", args=[mine.pk])).status_code == 404
    assert client.get(reverse("learning:cycle_enrolments", args=[cycle.pk])).status_code == 403
    assert client.get(reverse("learning:cycle_export", args=[cycle.pk])).status_code == 403
    assert Enrolment.objects.get(pk=mine.pk).status == Status.ENROLLED
    log_in(client, maria)
    client.post(reverse("learning:withdraw", args=[mine.pk]))
    assert Enrolment.objects.get(pk=theirs.pk).status == Status.ENROLLED


def test_staff_pages_are_scoped_to_the_courses_country(client, greece, italy):
    course, greek_staff = make_course(greece)
    cycle = make_cycle(course, greek_staff)
    log_in(client, nso_staff(italy))
    pages = [("staff_course", course.pk), ("course_edit", course.pk), ("cycle_new", course.pk),
             ("cycle_edit", cycle.pk), ("cycle_enrolments", cycle.pk), ("cycle_export", cycle.pk)]  # fmt: skip
    for name, arg in pages:
        assert client.get(reverse(f"learning:{name}", args=[arg])).status_code == 404, name
    assert client.post(reverse("learning:cycle_copy", args=[cycle.pk])).status_code == 404
    assert Cycle.objects.count() == 1
    log_in(client, teacher(country=greece))
    assert client.get(reverse("learning:staff_courses")).status_code == 403
    assert client.get(reverse("learning:course_new")).status_code == 403
    log_in(client, greek_staff)
    for name, arg in (("staff_course", course.pk), ("cycle_edit", cycle.pk), ("cycle_enrolments", cycle.pk)):
        assert client.get(reverse(f"learning:{name}", args=[arg])).status_code == 200, name
    response = client.post(reverse("learning:cycle_copy", args=[cycle.pk]))
    copy = Cycle.objects.exclude(pk=cycle.pk).get()
    assert response["Location"] == reverse("learning:cycle_edit", args=[copy.pk])


def test_staff_create_a_course_and_a_cycle_through_the_web(client, greece, italy):
    nso = nso_staff(greece)
    log_in(client, nso)
    response = client.post(
        reverse("learning:course_new"),
        {"title": "Ρομποτική", "description": "<p>Καλώς ήρθατε<script>x()</script></p>", "hours": 200,
         "topic": "stem", "kind": "trainers", "pacing": "cohort", "country": italy.pk, "published": "on"},
    )  # fmt: skip
    assert response.status_code == 200 and not Course.objects.exists()  # Italy is not among the choices
    response = client.post(
        reverse("learning:course_new"),
        {"title": "Ρομποτική", "description": "<p>Καλώς ήρθατε<script>x()</script></p>", "hours": 200,
         "topic": "stem", "kind": "trainers", "pacing": "cohort", "country": greece.pk, "published": "on"},
    )  # fmt: skip
    course = Course.objects.get()
    assert response["Location"] == reverse("learning:staff_course", args=[course.pk])
    assert course.description == "<p>Καλώς ήρθατε</p>"
    response = client.post(
        reverse("learning:cycle_new", args=[course.pk]),
        {"name": "2026-27", "starts_on": "2026-10-01", "ends_on": "2027-05-31",
         "enrolment_opens_at": "2026-09-01T09:00", "enrolment_closes_at": "2026-09-25T23:59",
         "capacity": "1500", "eligibility": "etwinners", "not_if_completed": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert (cycle.capacity, cycle.eligibility) == (1500, "etwinners")
    edit = client.get(reverse("learning:cycle_edit", args=[cycle.pk])).content.decode()
    assert 'value="2026-09-01T09:00"' in edit


def test_the_enrolment_list_and_its_csv(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    maria = etwinner(greece, first_name="=HYPERLINK(1)", last_name="Παπαδοπούλου")
    nikos = etwinner(greece, first_name="Νίκος", last_name="Αντωνίου")
    services.enrol(cycle=cycle, user=maria)
    services.enrol(cycle=cycle, user=nikos)
    log_in(client, css_staff())
    page = client.get(reverse("learning:cycle_enrolments", args=[cycle.pk])).content.decode()
    assert "Παπαδοπούλου" in page and "Αντωνίου" not in page
    waiting = client.get(reverse("learning:cycle_enrolments", args=[cycle.pk]), {"list": "waiting"}).content.decode()
    assert "Αντωνίου" in waiting
    response = client.get(reverse("learning:cycle_export", args=[cycle.pk]))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffLast name,First name")
    assert "'=HYPERLINK(1)" in text and "Αντωνίου" in text and "On the waiting list" in text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_catalogue_and_course_page_keep_their_query_count(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2)
    maria = etwinner(greece)
    log_in(client, maria)
    counts: dict[str, list[int]] = {"catalogue": [], "course": []}
    _count(client, reverse("learning:catalogue"))  # warm the caches (menu, language choices)
    for size in (2, 8):
        while Course.objects.count() < size:
            extra, _s = make_course(greece, staff=staff, title=f"Course {Course.objects.count()}")
            make_cycle(extra, staff)
        while Enrolment.objects.filter(cycle=cycle).count() < size:
            services.enrol(cycle=cycle, user=etwinner(greece))
        counts["catalogue"].append(_count(client, reverse("learning:catalogue")))
        counts["course"].append(_count(client, reverse("learning:course", args=[course.pk])))
    assert counts["catalogue"][0] == counts["catalogue"][1], counts
    assert counts["course"][0] == counts["course"][1], counts


def test_the_demo_loads_twice_without_change(capsys, demo_upto):
    demo_upto("learning.content")
    call_command("load_demo")
    first = (Course.objects.count(), Cycle.objects.count(), list(Enrolment.objects.values_list("user_id", "status")))
    call_command("load_demo")
    assert (Course.objects.count(), Cycle.objects.count(),
            list(Enrolment.objects.values_list("user_id", "status"))) == first  # fmt: skip
    assert first[0] == 3
    assert Course.objects.filter(kind=Kind.MOOC, pacing=Pacing.SELF_PACED).exists()
    assert Enrolment.objects.filter(status=Status.WAITING).exists()


def test_staff_edit_a_course_through_the_web_audited(client, greece):
    from twinning.core.models import AuditEvent

    course, staff = make_course(greece)
    log_in(client, staff)
    url = reverse("learning:course_edit", args=[course.pk])
    assert 'value="Digital tools in class"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Digital tools", "hours": 100, "topic": "ict", "kind": "mooc",
                                 "pacing": "self_paced", "published": "on"})  # fmt: skip
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.hours, course.kind, course.pacing) == ("Digital tools", 100, "mooc", "self_paced")
    event = AuditEvent.objects.get(action="learning.course_changed")
    assert set(event.data["fields"]) >= {"title", "hours", "kind", "pacing", "description", "audience"}
