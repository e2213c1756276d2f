from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.contacts import selectors, services
from twinning.contacts.models import (
    MESSAGE_MAX,
    Block,
    Contact,
    ContactRequest,
    Conversation,
    Message,
    Participant,
    RequestStatus,
)
from twinning.contacts.tests.factories import etwinner, make_contacts
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification, PlatformRule
from twinning.core.rules import rules_changed

pytestmark = pytest.mark.django_db


def set_rule(key: str, value: int) -> None:
    PlatformRule.objects.update_or_create(key=key, defaults={"value": value})
    rules_changed()


@pytest.fixture
def maria(greece):
    return etwinner(greece)


@pytest.fixture
def giulia(italy):
    return etwinner(italy)


# --- Requests -----------------------------------------------------------------------------------------


def test_request_then_accept_makes_two_contact_rows_and_tells_both(maria, giulia):
    request = services.contact_request(sender=maria, recipient=giulia, message="Ciao!")
    assert request.status == RequestStatus.PENDING
    assert Notification.objects.filter(recipient=giulia, kind="contacts.request_received").count() == 1
    services.contact_accept(by=giulia, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.decided_at is not None
    assert selectors.are_contacts(maria, giulia) and selectors.are_contacts(giulia, maria)
    assert Contact.objects.count() == 2
    assert Notification.objects.filter(recipient=maria, kind="contacts.request_accepted").count() == 1


def test_request_to_oneself_is_refused(maria):
    with pytest.raises(services.ContactError, match="yourself"):
        services.contact_request(sender=maria, recipient=maria)
    assert not ContactRequest.objects.exists()


def test_duplicate_request_is_refused_with_a_clear_message(maria, giulia):
    services.contact_request(sender=maria, recipient=giulia)
    with pytest.raises(services.ContactError, match="already asked"):
        services.contact_request(sender=maria, recipient=giulia)
    assert ContactRequest.objects.count() == 1


def test_crossed_request_accepts_the_waiting_one(maria, giulia):
    theirs = services.contact_request(sender=giulia, recipient=maria)
    result = services.contact_request(sender=maria, recipient=giulia)
    assert result.pk == theirs.pk and result.status == RequestStatus.ACCEPTED
    assert selectors.are_contacts(maria, giulia)


def test_request_to_existing_contact_is_refused(maria, giulia):
    make_contacts(maria, giulia)
    with pytest.raises(services.ContactError, match="already contacts"):
        services.contact_request(sender=maria, recipient=giulia)


def test_request_message_too_long_names_the_field(maria, giulia):
    with pytest.raises(services.ContactError) as exc:
        services.contact_request(sender=maria, recipient=giulia, message="x" * 501)
    assert exc.value.field == "message"


def test_daily_limit_comes_from_the_rule(maria, greece):
    set_rule("contacts.requests_per_day", 2)
    for _ in range(2):
        services.contact_request(sender=maria, recipient=etwinner(greece))
    with pytest.raises(services.ContactError, match="24 hours"):
        services.contact_request(sender=maria, recipient=etwinner(greece))
    # Requests older than a day no longer count.
    ContactRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    services.contact_request(sender=maria, recipient=etwinner(greece))


def test_only_validated_etwinners_request(greece, giulia):
    pending = teacher(country=greece, status=ValidationStatus.PENDING)
    with pytest.raises(NotAllowed):
        services.contact_request(sender=pending, recipient=giulia)
    with pytest.raises(services.ContactError, match="cannot contact"):
        services.contact_request(sender=giulia, recipient=pending)


def test_request_to_a_hidden_profile_is_refused(maria, italy):
    hidden = etwinner(italy, visibility=Visibility.HIDDEN)
    with pytest.raises(services.ContactError, match="cannot contact"):
        services.contact_request(sender=maria, recipient=hidden)


def test_decline_and_withdraw_only_by_the_right_side(maria, giulia, greece):
    request = services.contact_request(sender=maria, recipient=giulia)
    with pytest.raises(NotAllowed):
        services.contact_decline(by=maria, request=request)
    with pytest.raises(NotAllowed):
        services.contact_withdraw(by=giulia, request=request)
    with pytest.raises(NotAllowed):
        services.contact_accept(by=maria, request=request)
    services.contact_withdraw(by=maria, request=request)
    assert ContactRequest.objects.get().status == RequestStatus.WITHDRAWN
    with pytest.raises(services.ContactError, match="no longer waiting"):
        services.contact_accept(by=giulia, request=request)
    again = services.contact_request(sender=maria, recipient=giulia)
    services.contact_decline(by=giulia, request=again)
    assert ContactRequest.objects.get(pk=again.pk).status == RequestStatus.DECLINED
    assert not selectors.are_contacts(maria, giulia)


def test_remove_ends_both_sides(maria, giulia):
    make_contacts(maria, giulia)
    services.contact_remove(by=giulia, other=maria)
    assert not Contact.objects.exists()
    with pytest.raises(services.ContactError):
        services.contact_remove(by=giulia, other=maria)


# --- Blocks -------------------------------------------------------------------------------------------


def test_block_ends_contact_and_requests_and_stops_both_ways(maria, giulia):
    make_contacts(maria, giulia)
    services.contact_block(by=giulia, other=maria)
    assert not Contact.objects.exists()
    assert AuditEvent.objects.filter(action="contacts.blocked").count() == 1
    for sender, recipient in ((maria, giulia), (giulia, maria)):
        with pytest.raises(services.ContactError, match="cannot contact"):
            services.contact_request(sender=sender, recipient=recipient)
        with pytest.raises(services.ContactError, match="cannot contact"):
            services.conversation_start(sender=sender, recipient=recipient, body="hi", allow_non_contact=True)
    assert selectors.contact_state(maria, giulia) == selectors.BLOCKED


def test_block_cancels_a_waiting_request(maria, giulia):
    services.contact_request(sender=maria, recipient=giulia)
    services.contact_block(by=giulia, other=maria)
    assert ContactRequest.objects.get().status == RequestStatus.CANCELLED


def test_block_twice_self_and_unblock(maria, giulia):
    with pytest.raises(services.ContactError):
        services.contact_block(by=maria, other=maria)
    services.contact_block(by=maria, other=giulia)
    with pytest.raises(services.ContactError, match="already blocked"):
        services.contact_block(by=maria, other=giulia)
    with pytest.raises(services.ContactError):
        services.contact_unblock(by=giulia, other=maria)  # not giulia's block
    services.contact_unblock(by=maria, other=giulia)
    assert not Block.objects.exists()
    assert AuditEvent.objects.filter(action="contacts.unblocked").count() == 1
    services.contact_request(sender=giulia, recipient=maria)  # either may ask again


def test_a_message_in_an_existing_conversation_is_refused_after_a_block(maria, giulia):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Hello")
    services.contact_block(by=maria, other=giulia)
    with pytest.raises(services.ContactError):
        services.message_send(sender=giulia, conversation=conversation, body="Still there?")
    assert Message.objects.count() == 1


# --- Messages -----------------------------------------------------------------------------------------


def test_only_contacts_write_unless_answering(maria, giulia):
    with pytest.raises(services.ContactError, match="only to your contacts"):
        services.conversation_start(sender=maria, recipient=giulia, body="Hello")
    conversation = services.conversation_start(
        sender=maria,
        recipient=giulia,
        body="About your post",
        about="Robots",
        about_url="/en/partners/1/",
        allow_non_contact=True,
    )
    message = Message.objects.get()
    assert message.about == "Robots" and message.about_url == "/en/partners/1/"
    assert conversation.last_message_id == message.pk


def test_about_url_must_be_a_local_path(maria, giulia):
    make_contacts(maria, giulia)
    for url in ("javascript:alert(1)", "https://evil.example/", "//evil.example/x", "/\\evil"):
        services.conversation_start(sender=maria, recipient=giulia, body="x", about="Post", about_url=url)
    assert set(Message.objects.values_list("about_url", flat=True)) == {""}


def test_messages_go_into_one_conversation_with_unread_counts(maria, giulia):
    make_contacts(maria, giulia)
    first = services.conversation_start(sender=maria, recipient=giulia, body="One")
    second = services.conversation_start(sender=giulia, recipient=maria, body="Two")
    services.message_send(sender=giulia, conversation=first, body="Three")
    assert first.pk == second.pk and Conversation.objects.count() == 1
    mine = Participant.objects.get(user=maria)
    theirs = Participant.objects.get(user=giulia)
    assert mine.unread_count == 2 and theirs.unread_count == 0
    assert selectors.unread_conversations(maria) == 1 and selectors.unread_conversations(giulia) == 0


def test_notice_is_coalesced_until_read(maria, giulia):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="One")
    services.message_send(sender=maria, conversation=conversation, body="Two")
    services.message_send(sender=maria, conversation=conversation, body="Three")
    notices = Notification.objects.filter(recipient=giulia, kind="contacts.message_received")
    assert notices.count() == 1
    assert services.conversation_read(user=giulia, conversation=conversation) is True
    assert notices.get().read_at is not None
    assert Participant.objects.get(user=giulia).unread_count == 0
    assert services.conversation_read(user=giulia, conversation=conversation) is False
    services.message_send(sender=maria, conversation=conversation, body="Four")
    assert notices.count() == 2


def test_empty_and_too_long_messages_are_refused(maria, giulia):
    make_contacts(maria, giulia)
    with pytest.raises(services.ContactError) as exc:
        services.conversation_start(sender=maria, recipient=giulia, body="   ")
    assert exc.value.field == "body"
    with pytest.raises(services.ContactError, match="under"):
        services.conversation_start(sender=maria, recipient=giulia, body="x" * (MESSAGE_MAX + 1))
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_outsider_cannot_reply(maria, giulia, greece):
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="One")
    with pytest.raises(NotAllowed):
        services.message_send(sender=etwinner(greece), conversation=conversation, body="Me too")


def test_hourly_message_limit(maria, giulia):
    set_rule("contacts.messages_per_hour", 2)
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="One")
    services.message_send(sender=maria, conversation=conversation, body="Two")
    with pytest.raises(services.ContactError, match="last hour"):
        services.message_send(sender=maria, conversation=conversation, body="Three")


def test_hide_a_message_by_the_authors_nso_only(maria, giulia, greece, italy):
    make_contacts(maria, giulia)
    services.conversation_start(sender=maria, recipient=giulia, body="Buy my course")
    message = Message.objects.get()
    with pytest.raises(NotAllowed):
        services.message_hide(actor=nso_staff(italy), message=message, reason="spam")
    assert services.message_hide(actor=nso_staff(greece), message=message, reason="spam") is True
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "spam"
    assert AuditEvent.objects.filter(action="contacts.message_hidden", reason="spam").exists()
