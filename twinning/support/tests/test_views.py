import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.core.models import Attachment
from twinning.schools.tests.factories import SchoolFactory
from twinning.support import services
from twinning.support.models import CannedReply, MessageKind, Status, Ticket, VisitorRequest

from .factories import category, open_for

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def person(greece):
    return teacher(country=greece, status=ValidationStatus.VALIDATED)


def test_a_teacher_opens_a_ticket_and_sees_it(client, person, greek_nso):
    log_in(client, person)
    page = client.get("/en/support/new/")
    assert page.status_code == 200 and "data-ticket-form" in page.content.decode()
    response = client.post(
        "/en/support/new/",
        {
            "category": category().pk,
            "subject": "Cannot add my school",
            "body": "It says error.",
            "suggestions_shown": "True",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/support/tickets/{ticket.pk}/"
    assert ticket.requester == person and ticket.suggestions_shown
    page = client.get(f"/en/support/tickets/{ticket.pk}/").content.decode()
    assert "Cannot add my school" in page and "the NSO of Greece" in page
    assert "Cannot add my school" in client.get("/en/support/mine/").content.decode()


def test_a_file_goes_with_the_ticket(client, person):
    log_in(client, person)
    upload = SimpleUploadedFile("notes.txt", b"plain text notes\n", content_type="text/plain")
    client.post(
        "/en/support/new/",
        {"category": category().pk, "subject": "s", "body": "b", "attachment": upload, "rights": "own"},
    )
    ticket = Ticket.objects.get()
    assert Attachment.objects.filter(host="support.ticket", host_id=ticket.pk).count() == 1


def test_bad_input_changes_nothing(client, person):
    log_in(client, person)
    for data in (
        {"category": category().pk, "subject": "", "body": "b"},
        {"category": category().pk, "subject": "s", "body": "x" * 20_001},
        {"category": "999999", "subject": "s", "body": "b"},
        {"category": "abc", "subject": "s", "body": "b"},
    ):
        response = client.post("/en/support/new/", data)
        assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Ticket.objects.exists()


def test_script_in_a_ticket_is_escaped_on_both_pages(client, person, greek_nso):
    ticket = open_for(person, subject=f"Hi {SCRIPT}", body=f"Look {SCRIPT} https://example.org/x")
    log_in(client, person)
    page = client.get(f"/en/support/tickets/{ticket.pk}/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page and 'href="https://example.org/x"' in page
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_other_people_get_404(client, person, greece, italy):
    ticket = open_for(person)
    log_in(client, teacher(country=greece))
    assert client.get(f"/en/support/tickets/{ticket.pk}/").status_code == 404
    assert client.post(f"/en/support/tickets/{ticket.pk}/reply/", {"body": "x"}).status_code == 404
    log_in(client, nso_staff(italy))
    assert client.get(f"/en/support/staff/tickets/{ticket.pk}/").status_code == 404
    assert (
        client.post(f"/en/support/staff/tickets/{ticket.pk}/reply/", {"body": "x", "status": "waiting"}).status_code
        == 404
    )
    assert ticket.messages.count() == 1


def test_ambassador_of_another_region_gets_404(client, greece, attica, attica_ambassador):
    import datetime

    from django.utils import timezone

    from twinning.accounts.tests.factories import with_totp
    from twinning.reference.tests.factories import RegionFactory
    from twinning.staff.models import StaffRole

    asker = teacher(country=greece, school=SchoolFactory(country=greece, region=attica))
    ticket = open_for(asker, key="pedagogical")
    crete = RegionFactory(country=greece, code="GR-M")
    other = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED))
    StaffRole.objects.create(user=other, kind=StaffRole.Kind.AMBASSADOR, country=greece, region=crete,
                             term_start=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    log_in(client, other)
    assert client.get(f"/en/support/staff/tickets/{ticket.pk}/").status_code == 404
    log_in(client, attica_ambassador)
    assert client.get(f"/en/support/staff/tickets/{ticket.pk}/").status_code == 200


def test_teachers_get_403_on_staff_pages_and_visitors_go_to_login(client, person):
    log_in(client, person)
    for url in ("/en/support/staff/", "/en/support/staff/phone/", "/en/support/staff/canned/"):
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get("/en/support/mine/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/en/support/").status_code == 200


def test_visitor_ticket_is_created_only_on_post_of_the_link(client, greece, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/support/new/",
            {"name": "Νίκος", "email": "nikos@example.org", "country": greece.pk, "category": category().pk,
             "subject": "Joining", "body": "How?"},
        )  # fmt: skip
    assert response.status_code == 302
    assert not Ticket.objects.exists()
    link = re.search(r"/en/support/confirm/[^/\s]+/", mail.outbox[0].body).group(0)
    page = client.get(link)
    assert page.status_code == 200 and not Ticket.objects.exists()  # a mail scanner opening it sends nothing
    assert client.post(link).status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.email_verified and ticket.requester_email == "nikos@example.org"
    assert client.post(link).status_code == 400 and Ticket.objects.count() == 1


def test_expired_visitor_link_is_refused(client, greece):
    import datetime

    from django.utils import timezone

    request = services.visitor_request(email="v@example.org", name="Νίκος", country=greece, category=category(),
                                       subject="s", body="b", language="en")  # fmt: skip
    VisitorRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=49))
    assert client.get(f"/en/support/confirm/{request.token}/").status_code == 404
    assert client.post(f"/en/support/confirm/{request.token}/").status_code == 400
    assert not Ticket.objects.exists()


def test_the_agent_answers_and_the_teacher_rates(client, person, greek_nso):
    ticket = open_for(person)
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert "Sender not verified" not in page
    client.post(f"/en/support/staff/tickets/{ticket.pk}/note/", {"note": "Secret note"})
    client.post(f"/en/support/staff/tickets/{ticket.pk}/reply/", {"body": "Fixed now.", "status": "resolved"})
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert "Secret note" in page and "Internal note" in page
    log_in(client, person)
    page = client.get(f"/en/support/tickets/{ticket.pk}/").content.decode()
    assert "Fixed now." in page and "Secret note" not in page and 'name="rating"' in page
    client.post(f"/en/support/tickets/{ticket.pk}/rate/", {"rating": "5", "comment": "Thanks"})
    ticket.refresh_from_db()
    assert ticket.satisfaction == 5
    assert 'name="rating"' not in client.get(f"/en/support/tickets/{ticket.pk}/").content.decode()


def test_requester_sees_the_new_handler_after_a_transfer(client, person, greek_nso, italy):
    ticket = open_for(person)
    log_in(client, greek_nso)
    response = client.post(
        f"/en/support/staff/tickets/{ticket.pk}/transfer/", {"transfer-country": italy.pk, "transfer-reason": "Moved"}
    )
    assert response.status_code == 302
    log_in(client, person)
    page = client.get(f"/en/support/tickets/{ticket.pk}/").content.decode()
    assert "Handled by the NSO of Italy" in page and "Help, please." in page


def test_bad_staff_input_changes_nothing(client, person, greek_nso):
    ticket = open_for(person)
    log_in(client, greek_nso)
    assert (
        client.post(f"/en/support/staff/tickets/{ticket.pk}/reply/", {"body": "", "status": "resolved"}).status_code
        == 400
    )
    assert (
        client.post(f"/en/support/staff/tickets/{ticket.pk}/status/", {"state-status": "nonsense"}).status_code == 400
    )
    assert client.post(f"/en/support/staff/tickets/{ticket.pk}/merge/", {"merge-into": "#abc"}).status_code == 400
    assert client.post(f"/en/support/staff/tickets/{ticket.pk}/merge/", {"merge-into": "#999999"}).status_code == 400
    assert client.post(f"/en/support/staff/tickets/{ticket.pk}/assign/", {"assignee": "x"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and ticket.assignee is None and ticket.messages.count() == 1


def test_canned_reply_fills_the_reply_box(client, person, greek_nso, greece):
    ticket = open_for(person)
    canned = CannedReply.objects.create(
        country=greece, title="Welcome", body_en="Hello {name}, {ticket}.", body_el="Γεια"
    )
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/?canned={canned.pk}").content.decode()
    assert f"Hello {person.display_name}, #{ticket.pk}." in page
    partial = client.get(f"/en/support/staff/tickets/{ticket.pk}/?canned={canned.pk}", HTTP_HX_REQUEST="true")
    assert partial.content.decode().strip().startswith("<textarea") and "#" in partial.content.decode()


def test_canned_replies_pages(client, greek_nso, greece, italy):
    log_in(client, greek_nso)
    response = client.post(
        "/en/support/staff/canned/new/",
        {"title": "Hi", "country": greece.pk, "body_el": "Γεια {name}", "body_en": "Hi {name}"},
    )
    assert response.status_code == 302
    canned = CannedReply.objects.get()
    assert "Hi" in client.get("/en/support/staff/canned/").content.decode()
    foreign = CannedReply.objects.create(country=italy, title="Ciao", body_en="c", body_el="c")
    assert client.get(f"/en/support/staff/canned/{foreign.pk}/").status_code == 404
    assert client.post(f"/en/support/staff/canned/{canned.pk}/delete/").status_code == 302
    assert list(CannedReply.objects.all()) == [foreign]


def test_phone_call_is_logged_for_the_person(client, person, greek_nso):
    log_in(client, greek_nso)
    response = client.post(
        "/en/support/staff/phone/",
        {"email": person.email, "name": "", "category": category("account").pk, "subject": "Called",
         "body": "Asked about validation", "priority": "high"},
    )  # fmt: skip
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.requester == person and ticket.channel == "phone"
    assert ticket.priority == "high" and ticket.messages.filter(kind=MessageKind.EVENT).exists()


def test_unknown_sender_is_flagged(client, greece, greek_nso):
    ticket = services.open_ticket(email="who@example.org", category=category(), subject="s", body="b",
                                  email_verified=False, country=greece, channel="email")  # fmt: skip
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert "Sender not verified" in page


def test_queue_page_has_a_fixed_number_of_queries(client, greece, greek_nso, django_assert_max_num_queries):
    for _ in range(2):
        ticket = open_for(teacher(country=greece))
    services.assign(ticket=ticket, agent=greek_nso, assignee=greek_nso)
    log_in(client, greek_nso)
    client.get("/en/support/staff/")  # warm the session and caches
    with django_assert_max_num_queries(40) as small:
        assert client.get("/en/support/staff/").status_code == 200
    for _ in range(6):
        ticket = open_for(teacher(country=greece))
        services.agent_reply(ticket=ticket, agent=greek_nso, body="ok", status=Status.OPEN)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/support/staff/")
    text = response.content.decode()
    # Each row links to its ticket's page and dates its targets in the page's language.
    assert f'href="/en/support/staff/tickets/{ticket.pk}/"' in text
    due = timezone.localtime(Ticket.objects.get(pk=ticket.pk).resolution_due)
    assert f'title="{date_format(due, "SHORT_DATETIME_FORMAT")}"' in text and "&lt;span" not in text
    greek = client.get("/el/support/staff/").content.decode()
    assert f'href="/el/support/staff/tickets/{ticket.pk}/"' in greek
    with translation.override("el"):
        assert f'title="{date_format(due, "SHORT_DATETIME_FORMAT")}"' in greek


def test_requester_context_beside_the_ticket(client, person, greek_nso, italy):
    ticket = open_for(person)
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert "Validation history" in page and "Requests to the helpdesk" in page and "Enrolments" in page
    assert "Certificates" in page and "Projects waiting for approval" in page
