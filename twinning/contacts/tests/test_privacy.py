import pytest

from twinning.accounts.services.privacy import account_erase, data_export
from twinning.contacts import services
from twinning.contacts.models import Block, Contact, ContactRequest, Message
from twinning.contacts.tests.factories import etwinner, make_contacts

pytestmark = pytest.mark.django_db


def test_export_has_contacts_requests_blocks_and_only_my_messages(greece, italy):
    maria, giulia, other = etwinner(greece), etwinner(italy), etwinner(italy)
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Mine")
    services.message_send(sender=giulia, conversation=conversation, body="Theirs")
    services.contact_request(sender=maria, recipient=other, message="Hello")
    services.contact_block(by=maria, other=etwinner(italy))
    data = data_export(user=maria)
    assert [c["person_id"] for c in data["contacts"]["contacts"]] == [giulia.pk]
    assert data["contacts"]["requests"][0]["message"] == "Hello"
    assert len(data["contacts"]["blocked"]) == 1
    assert [m["body"] for m in data["messages"]] == ["Mine"]


def test_erasure_blanks_my_messages_and_keeps_the_conversation_for_the_other(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Private words")
    services.message_send(sender=giulia, conversation=conversation, body="Reply")
    services.contact_request(sender=maria, recipient=etwinner(italy))
    services.contact_block(by=etwinner(italy), other=maria)
    account_erase(user=maria, actor=None, reason="test")
    assert not Contact.objects.exists() and not ContactRequest.objects.exists() and not Block.objects.exists()
    mine = Message.objects.get(sender=maria)
    assert mine.erased and mine.body == ""
    assert Message.objects.get(sender=giulia).body == "Reply"
