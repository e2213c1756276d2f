import pytest

from twinning.accounts.models import ValidationStatus
from twinning.contacts import selectors, services
from twinning.contacts.tests.factories import etwinner, make_contacts

pytestmark = pytest.mark.django_db


def test_contact_states_in_one_query(greece, italy, django_assert_num_queries):
    me = etwinner(greece)
    contact, asked, asking, blocked, blocker, nobody = (etwinner(italy) for _ in range(6))
    make_contacts(me, contact)
    services.contact_request(sender=me, recipient=asked)
    services.contact_request(sender=asking, recipient=me)
    services.contact_block(by=me, other=blocked)
    services.contact_block(by=blocker, other=me)
    ids = [p.pk for p in (contact, asked, asking, blocked, blocker, nobody, me)]
    with django_assert_num_queries(1):
        states = selectors.contact_states(me, ids)
    assert states == {
        contact.pk: selectors.CONTACT,
        asked.pk: selectors.REQUESTED,
        asking.pk: selectors.INCOMING,
        blocked.pk: selectors.BLOCKED,
        blocker.pk: selectors.BLOCKED,
    }
    assert selectors.contact_state(me, nobody) == ""
    assert selectors.is_blocked_between(blocker, me) and not selectors.has_blocked(me, blocker)


def test_contacts_of_leaves_out_suspended_and_searches_names(greece, italy):
    me = etwinner(greece)
    anna = etwinner(italy, first_name="Άννα", last_name="Ρόσση")
    gone = etwinner(italy, is_active=False)
    make_contacts(me, anna)
    make_contacts(me, gone)
    assert list(selectors.contacts_of(me)) == [anna]
    assert selectors.contact_ids_of(me) == {anna.pk, gone.pk}
    assert list(selectors.contacts_page_queryset(me, query="ΑΝΝΑ")) == [anna]
    assert list(selectors.contacts_page_queryset(me, query="nobody")) == []


def test_incoming_requests_leave_out_people_no_longer_validated(greece, italy):
    me = etwinner(greece)
    sender = etwinner(italy)
    services.contact_request(sender=sender, recipient=me)
    assert [r.sender for r in selectors.incoming_requests(me)] == [sender]
    sender.validation_status = ValidationStatus.REJECTED
    sender.save(update_fields=["validation_status"])
    assert selectors.incoming_requests(me) == []


def test_conversations_latest_first_with_unread(greece, italy):
    me = etwinner(greece)
    first, second = etwinner(italy), etwinner(italy)
    make_contacts(me, first)
    make_contacts(me, second)
    services.conversation_start(sender=first, recipient=me, body="1")
    services.conversation_start(sender=second, recipient=me, body="2")
    rows = list(selectors.conversations_of(me))
    assert [r.other for r in rows] == [second, first]
    assert selectors.unread_conversations(me) == 2
