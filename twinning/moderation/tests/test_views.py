import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.models import Message
from twinning.contacts.tests.factories import etwinner
from twinning.moderation import services
from twinning.moderation.models import Report, ReportStatus
from twinning.moderation.tests.factories import message_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(greece):
    return etwinner(greece)


@pytest.fixture
def giulia(italy):
    return etwinner(italy)


@pytest.fixture
def message(maria, giulia):
    return message_between(maria, giulia, "<script>alert(1)</script> buy now")


def _report_url(message):
    return reverse("moderation:report", args=["contacts.message", message.pk])


def test_the_report_link_is_on_the_other_persons_messages(client, message, giulia, maria):
    log_in(client, giulia)
    page = client.get(reverse("contacts:conversation", args=[message.conversation_id])).content.decode()
    assert _report_url(message) in page
    client.logout()
    log_in(client, maria)
    page = client.get(reverse("contacts:conversation", args=[message.conversation_id])).content.decode()
    assert _report_url(message) not in page  # one's own message


def test_report_a_message(client, message, giulia):
    log_in(client, giulia)
    page = client.get(_report_url(message)).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    back = reverse("contacts:conversation", args=[message.conversation_id])
    response = client.post(_report_url(message), {"reason": "spam", "text": "<b>spam</b>", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Report.objects.get().text == "<b>spam</b>"
    response = client.post(_report_url(message), {"reason": "spam"})
    assert response.status_code == 200 and "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_form_errors(client, message, giulia):
    log_in(client, giulia)
    response = client.post(_report_url(message), {"reason": "spam", "next": "https://evil.example/"})
    assert "evil" not in response["Location"]
    Report.objects.all().delete()
    assert client.post(_report_url(message), {"reason": "nonsense"}).status_code == 200
    assert client.post(_report_url(message), {"reason": "spam", "text": "x" * 3000}).status_code == 200
    assert not Report.objects.exists()


def test_who_may_report(client, message, maria, greece):
    for person in (maria, etwinner(greece)):  # its author; someone outside the conversation
        client.logout()
        log_in(client, person)
        assert client.get(_report_url(message)).status_code == 404
        assert client.post(_report_url(message), {"reason": "spam"}).status_code == 404
    client.logout()
    log_in(client, teacher(country=greece, status=ValidationStatus.PENDING))
    assert client.get(_report_url(message)).status_code == 403
    client.logout()
    log_in(client, etwinner(greece))
    assert client.get(reverse("moderation:report", args=["nope.kind", 1])).status_code == 404
    assert client.get(reverse("moderation:report", args=["contacts.message", 999_999])).status_code == 404


def test_queue_and_decision_by_the_authors_nso(client, message, giulia, greece, italy):
    report = services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam")
    log_in(client, nso_staff(italy))
    assert client.get(reverse("moderation:report_detail", args=[report.pk])).status_code == 404
    assert "buy now" not in client.get(reverse("moderation:queue")).content.decode()
    client.logout()
    log_in(client, giulia)
    assert client.get(reverse("moderation:queue")).status_code == 403
    client.logout()
    log_in(client, nso_staff(greece))
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:report_detail", args=[report.pk]) in queue and "&lt;script&gt;" in queue
    detail_url = reverse("moderation:report_detail", args=[report.pk])
    response = client.post(detail_url, {"decision": "hide", "reason": ""})
    assert response.status_code == 200 and Report.objects.get().status == ReportStatus.OPEN
    response = client.post(detail_url, {"decision": "hide", "reason": "Advertising"})
    assert response.status_code == 302
    assert Report.objects.get().status == ReportStatus.RESOLVED and Message.objects.get().is_hidden
    decided = client.get(reverse("moderation:queue") + "?status=resolved").content.decode()
    assert detail_url in decided
    client.logout()
    log_in(client, giulia)
    page = client.get(reverse("contacts:conversation", args=[message.conversation_id])).content.decode()
    assert "buy now" not in page and "hidden by the National Support Organisation" in page


def test_the_authors_nso_can_show_hidden_content_again_with_a_reason(client, message, giulia, greece, italy):
    from twinning.core.models import AuditEvent

    report = services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam")
    nso = nso_staff(greece)
    services.report_decide(actor=nso, report=report, decision="hide", reason="Advertising")
    url = reverse("moderation:show_again", args=[report.pk])
    # Another country's staff and teachers cannot.
    log_in(client, nso_staff(italy))
    assert client.post(url, {"reason": "Mistake"}).status_code == 404
    client.logout()
    log_in(client, giulia)
    assert client.post(url, {"reason": "Mistake"}).status_code == 403
    assert Message.objects.get().is_hidden
    client.logout()
    log_in(client, nso)
    detail = client.get(reverse("moderation:report_detail", args=[report.pk])).content.decode()
    assert url in detail
    client.post(url, {"reason": ""})  # no reason: nothing changes
    assert Message.objects.get().is_hidden
    assert client.post(url, {"reason": "The author explained: a school fair, not advertising"}).status_code == 302
    assert not Message.objects.get().is_hidden
    event = AuditEvent.objects.get(action="moderation.shown_again")
    assert event.actor_id == nso.pk and "school fair" in event.reason
    assert url not in client.get(reverse("moderation:report_detail", args=[report.pk])).content.decode()
    client.post(url, {"reason": "again"})  # not hidden any more: refused, nothing recorded
    assert AuditEvent.objects.filter(action="moderation.shown_again").count() == 1


def test_bad_filters_and_pages(client, greece):
    log_in(client, nso_staff(greece))
    for query in ("?status=bogus&kind=nope", "?page=9999", "?page=-3", "?kind=contacts.message"):
        assert client.get(reverse("moderation:queue") + query).status_code == 200


def test_queue_keeps_a_fixed_query_count(client, greece, italy):
    nso = nso_staff(greece)
    log_in(client, nso)

    def grow(n):
        for _ in range(n):
            author, reporter = etwinner(greece), etwinner(italy)
            m = message_between(author, reporter, "bad")
            services.report_create(reporter=reporter, kind="contacts.message", object_id=m.pk, reason="spam")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("moderation:queue")).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    count()  # the first page of a session warms caches (roles, country names)
    small = count()
    grow(8)
    assert count() == small


def test_staff_card_on_the_staff_home(client, message, giulia, greece):
    services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam")
    log_in(client, nso_staff(greece))
    page = client.get(reverse("staff:home")).content.decode()
    assert "Reported content waiting for a decision" in page
