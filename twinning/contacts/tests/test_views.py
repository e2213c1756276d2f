import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts import services
from twinning.contacts.models import Contact, ContactRequest, Message, Participant
from twinning.contacts.tests.factories import etwinner, make_contacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(greece):
    return etwinner(greece)


@pytest.fixture
def giulia(italy):
    return etwinner(italy)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- Who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contacts:list", "contacts:conversations"])
def test_unvalidated_teacher_gets_403_and_visitor_the_login(client, greece, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    log_in(client, teacher(country=greece, status=ValidationStatus.PENDING))
    assert client.get(reverse(name)).status_code == 403


def test_a_conversation_is_404_for_anyone_but_its_participants(client, maria, giulia, greece):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Hello")
    url = reverse("contacts:conversation", args=[conversation.pk])
    log_in(client, nso_staff(greece))  # staff are no participants either (and use no messages)
    assert client.get(url).status_code == 403
    client.logout()
    log_in(client, etwinner(greece))
    assert client.get(url).status_code == 404
    assert client.get(reverse("contacts:conversation", args=[999_999])).status_code == 404


def test_request_answers_belong_to_their_people(client, maria, giulia, greece):
    request = services.contact_request(sender=maria, recipient=giulia)
    log_in(client, etwinner(greece))
    for name in ("contacts:accept", "contacts:decline", "contacts:withdraw"):
        assert client.post(reverse(name, args=[request.pk])).status_code == 404
    log_in(client, maria)
    assert client.post(reverse("contacts:accept", args=[request.pk])).status_code == 404  # not hers to accept
    assert ContactRequest.objects.get().status == "pending"


def test_get_on_a_post_endpoint_is_refused(client, maria, giulia):
    request = services.contact_request(sender=maria, recipient=giulia)
    log_in(client, giulia)
    assert client.get(reverse("contacts:accept", args=[request.pk])).status_code == 405


# --- Happy paths --------------------------------------------------------------------------------------


def test_from_request_to_conversation(client, maria, giulia):
    log_in(client, maria)
    page = client.get(reverse("accounts:person", args=[giulia.pk]))
    assert reverse("contacts:request", args=[giulia.pk]) in page.content.decode()
    response = client.post(reverse("contacts:request", args=[giulia.pk]), {"message": "Ciao <b>Giulia</b>"})
    assert response.status_code == 302
    client.logout()
    log_in(client, giulia)
    listing = client.get(reverse("contacts:list")).content.decode()
    assert "Ciao &lt;b&gt;Giulia&lt;/b&gt;" in listing and "<b>Giulia</b>" not in listing
    request = ContactRequest.objects.get()
    client.post(reverse("contacts:accept", args=[request.pk]))
    assert Contact.objects.count() == 2
    response = client.post(reverse("contacts:message_new", args=[maria.pk]), {"body": "Hi! see https://example.org"})
    conversation_url = response["Location"]
    client.logout()
    log_in(client, maria)
    assert Participant.objects.get(user=maria).unread_count == 1
    home = client.get(reverse("contacts:conversations")).content.decode()
    assert "1 unread message" in home
    page = client.get(conversation_url).content.decode()
    assert '<a href="https://example.org"' in page
    assert Participant.objects.get(user=maria).unread_count == 0
    client.post(conversation_url, {"body": "Grazie"})
    assert Message.objects.count() == 2


def test_person_section_shows_the_right_button(client, maria, giulia, greece):
    log_in(client, maria)
    url = reverse("accounts:person", args=[giulia.pk])
    assert "Send a contact request" in client.get(url).content.decode()
    request = services.contact_request(sender=maria, recipient=giulia)
    assert "waiting for an answer" in client.get(url).content.decode()
    services.contact_accept(by=giulia, request=request)
    assert reverse("contacts:message_new", args=[giulia.pk]) in client.get(url).content.decode()
    other = etwinner(greece)
    services.contact_request(sender=other, recipient=maria)
    assert (
        reverse("contacts:accept", args=[ContactRequest.objects.get(sender=other).pk])
        in client.get(reverse("accounts:person", args=[other.pk])).content.decode()
    )


def test_block_and_unblock_from_the_pages(client, maria, giulia):
    make_contacts(maria, giulia)
    log_in(client, maria)
    client.post(reverse("contacts:block", args=[giulia.pk]))
    assert not Contact.objects.exists()
    assert "People you blocked" in client.get(reverse("contacts:list")).content.decode()
    client.post(reverse("contacts:unblock", args=[giulia.pk]))
    assert "People you blocked" not in client.get(reverse("contacts:list")).content.decode()


def test_remove_and_withdraw(client, maria, giulia, greece):
    make_contacts(maria, giulia)
    log_in(client, maria)
    client.post(reverse("contacts:remove", args=[giulia.pk]))
    assert not Contact.objects.exists()
    assert client.post(reverse("contacts:remove", args=[giulia.pk])).status_code == 404
    request = services.contact_request(sender=maria, recipient=etwinner(greece))
    client.post(reverse("contacts:withdraw", args=[request.pk]))
    assert ContactRequest.objects.get().status == "withdrawn"


# --- Bad input ----------------------------------------------------------------------------------------


def test_script_in_a_message_is_shown_escaped(client, maria, giulia):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="<script>alert(1)</script>")
    log_in(client, giulia)
    page = client.get(reverse("contacts:conversation", args=[conversation.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_too_long_message_is_a_form_error_and_a_huge_body_is_refused(client, maria, giulia):
    make_contacts(maria, giulia)
    log_in(client, maria)
    url = reverse("contacts:message_new", args=[giulia.pk])
    response = client.post(url, {"body": "x" * 6000})
    assert response.status_code == 200 and "at most 5000 characters" in response.content.decode()
    response = client.post(url, {"body": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert not Message.objects.exists()


def test_message_to_a_non_contact_is_a_form_error(client, maria, giulia):
    log_in(client, maria)
    response = client.post(reverse("contacts:message_new", args=[giulia.pk]), {"body": "hello"})
    assert response.status_code == 200 and "only to your contacts" in response.content.decode()
    assert not Message.objects.exists()


def test_forged_about_url_does_not_open_non_contact_messages(client, maria, giulia):
    log_in(client, maria)
    url = reverse("contacts:message_new", args=[giulia.pk])
    for forged in ("https://evil.example/", "/en/schools/", "javascript:alert(1)"):
        response = client.post(url, {"body": "hello", "about": "Post", "about_url": forged})
        assert response.status_code == 200
    assert not Message.objects.exists()


def test_hidden_profile_and_unknown_ids_give_404(client, maria, italy):
    hidden = etwinner(italy, visibility=Visibility.HIDDEN)
    log_in(client, maria)
    assert client.get(reverse("contacts:request", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("contacts:request", args=[999_999])).status_code == 404
    assert client.post(reverse("contacts:block", args=[999_999])).status_code == 404


def test_out_of_range_pages_and_bad_page_numbers(client, maria, giulia):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Hello")
    log_in(client, maria)
    for url in (
        reverse("contacts:list") + "?page=9999",
        reverse("contacts:list") + "?page=abc&q=" + "x" * 500,
        reverse("contacts:conversations") + "?page=9999",
        reverse("contacts:conversation", args=[conversation.pk]) + "?page=9999",
    ):
        response = client.get(url)
        assert response.status_code == 200, url


# --- Fixed query counts -------------------------------------------------------------------------------


def _grow(maria, greece, n):
    for _ in range(n):
        other = etwinner(greece)
        make_contacts(maria, other)
        conversation = services.conversation_start(sender=other, recipient=maria, body="Hello")
        services.message_send(sender=maria, conversation=conversation, body="Hi")
        services.contact_request(sender=etwinner(greece), recipient=maria)


@pytest.mark.parametrize(
    "name", ["contacts:list", "contacts:conversations", "conversation"], ids=["contacts", "conversations", "one"]
)
def test_pages_keep_a_fixed_query_count(client, maria, greece, name):
    log_in(client, maria)

    def url():
        if name == "conversation":
            return reverse(
                "contacts:conversation", args=[Participant.objects.filter(user=maria).first().conversation_id]
            )
        return reverse(name)

    _grow(maria, greece, 2)
    client.get(url())  # the first visit marks read (a write); count the next ones
    small = _queries(client, url())
    _grow(maria, greece, 6)
    conversation = Participant.objects.filter(user=maria).first().conversation
    for i in range(10):
        services.message_send(sender=maria, conversation=conversation, body=f"more {i}")
    client.get(url())
    assert _queries(client, url()) == small


def test_a_message_hidden_by_the_nso_reads_as_hidden_for_the_other_person_only(client, maria, giulia, greece):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Spam spam spam")
    message = Message.objects.get()
    services.message_hide(actor=nso_staff(greece), message=message, reason="Advertising")
    url = reverse("contacts:conversation", args=[conversation.pk])

    log_in(client, giulia)
    page = client.get(url).content.decode()
    assert "Spam spam spam" not in page and "hidden by the National Support Organisation" in page
    assert "Report this message" not in page
    assert "(message hidden by the NSO)" in client.get(reverse("contacts:conversations")).content.decode()

    log_in(client, maria)
    page = client.get(url).content.decode()
    assert "Spam spam spam" in page and "the other person no longer sees this message" in page
    assert "Spam spam spam" in client.get(reverse("contacts:conversations")).content.decode()
