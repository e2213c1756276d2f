from twinning.contacts import services as contact_services
from twinning.contacts.models import Message
from twinning.contacts.tests.factories import make_contacts


def message_between(sender, recipient, body="Hello") -> Message:
    make_contacts(sender, recipient)
    conversation = contact_services.conversation_start(sender=sender, recipient=recipient, body=body)
    return conversation.last_message
