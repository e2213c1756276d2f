"""PostgreSQL: double-submitted or concurrent decisions make exactly one transition."""

import threading

import pytest
from django.db import connection

from tests.services import require_env
from twinning.contacts import services
from twinning.contacts.models import Contact, ContactRequest, Conversation
from twinning.contacts.tests.factories import etwinner, make_contacts
from twinning.core.errors import DomainError
from twinning.moderation import services as moderation_services
from twinning.moderation.models import Report
from twinning.moderation.tests.factories import message_between

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _race(*calls):
    """Run the calls at the same moment in threads (each with its own connection); their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except DomainError as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture(autouse=True)
def _postgres():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"


def test_accepting_twice_at_once_makes_one_transition(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    request = services.contact_request(sender=maria, recipient=giulia)
    outcomes = _race(*(lambda: services.contact_accept(by=giulia, request=request) for _ in range(2)))
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert Contact.objects.count() == 2 and ContactRequest.objects.get().status == "accepted"


def test_crossed_requests_at_once_leave_one_waiting_or_accepted(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    _race(
        lambda: services.contact_request(sender=maria, recipient=giulia),
        lambda: services.contact_request(sender=giulia, recipient=maria),
    )
    assert ContactRequest.objects.filter(status="pending").count() <= 1
    assert ContactRequest.objects.count() == 1


def test_first_messages_at_once_make_one_conversation(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    make_contacts(maria, giulia)
    _race(
        lambda: services.conversation_start(sender=maria, recipient=giulia, body="Hi"),
        lambda: services.conversation_start(sender=giulia, recipient=maria, body="Hello"),
    )
    assert Conversation.objects.count() == 1


def test_deciding_a_report_twice_at_once_decides_once(greece, italy):
    from twinning.accounts.tests.factories import nso_staff

    maria, giulia = etwinner(greece), etwinner(italy)
    message = message_between(maria, giulia, "spam")
    report = moderation_services.report_create(
        reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam"
    )
    nso = nso_staff(greece)
    outcomes = _race(
        *(
            lambda: moderation_services.report_decide(actor=nso, report=report, decision="hide", reason="spam")
            for _ in range(2)
        )
    )
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert Report.objects.get().status == "resolved"
