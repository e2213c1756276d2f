import pytest
from django.core.management import call_command

from twinning.contacts.models import Contact, ContactRequest, Conversation, Message
from twinning.moderation.models import Report

pytestmark = pytest.mark.django_db


def test_demo_gives_contacts_requests_conversations_and_a_report_and_loads_twice(demo_upto):
    demo_upto("contacts", also=("moderation",))  # the demo's report on a message
    call_command("load_demo")
    counts = (Contact.objects.count(), ContactRequest.objects.count(), Message.objects.count(), Report.objects.count())
    assert Contact.objects.count() >= 10
    assert ContactRequest.objects.filter(status="pending").count() >= 2
    assert Conversation.objects.count() >= 2 and Message.objects.count() >= 4
    assert Report.objects.filter(status="open").count() == 1
    call_command("load_demo")
    assert counts == (
        Contact.objects.count(),
        ContactRequest.objects.count(),
        Message.objects.count(),
        Report.objects.count(),
    )
