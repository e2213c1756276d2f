import pytest
from django.http import Http404

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import css_staff, teacher
from twinning.contacts import policies, services
from twinning.contacts.tests.factories import etwinner, make_contacts

pytestmark = pytest.mark.django_db


def test_only_live_etwinners_use_contacts(greece):
    assert policies.can_use_contacts(etwinner(greece))
    assert not policies.can_use_contacts(teacher(country=greece, status=ValidationStatus.PENDING))
    assert not policies.can_use_contacts(etwinner(greece, is_active=False))


def test_conversation_visible_to_its_participants_only(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    make_contacts(maria, giulia)
    conversation = services.conversation_start(sender=maria, recipient=giulia, body="Hi")
    assert policies.conversation_or_404(maria, conversation.pk).other == giulia
    assert policies.conversation_or_404(giulia, conversation.pk).other == maria
    for outsider in (etwinner(greece), css_staff()):
        with pytest.raises(Http404):
            policies.conversation_or_404(outsider, conversation.pk)
    with pytest.raises(Http404):
        policies.conversation_or_404(maria, "not-an-id")


def test_requests_are_answered_by_their_sides_only(greece, italy):
    maria, giulia = etwinner(greece), etwinner(italy)
    request = services.contact_request(sender=maria, recipient=giulia)
    assert policies.incoming_request_or_404(giulia, request.pk) == request
    assert policies.outgoing_request_or_404(maria, request.pk) == request
    with pytest.raises(Http404):
        policies.incoming_request_or_404(maria, request.pk)
    with pytest.raises(Http404):
        policies.outgoing_request_or_404(giulia, request.pk)


def test_block_target_hidden_profile_only_when_linked(greece, italy):
    maria = etwinner(greece)
    stranger = etwinner(italy, visibility=Visibility.HIDDEN)
    with pytest.raises(Http404):
        policies.person_to_block_or_404(maria, stranger.pk)
    make_contacts(maria, stranger)
    assert policies.person_to_block_or_404(maria, stranger.pk) == stranger


def test_answerable_paths(greece, settings):
    person = etwinner(greece)
    assert policies.answerable_path("https://evil.example/", person) == ""
    assert policies.answerable_path("/en/schools/", person) == ""  # not answerable content
    policies.register_answerable("schools", lambda kwargs, recipient: recipient.pk == person.pk)
    try:
        assert policies.answerable_path("/el/schools/", person) == "/el/schools/"
        assert policies.answerable_path("/en/schools/", etwinner(greece)) == ""  # not their content
    finally:
        policies._ANSWERABLE.pop("schools")


def test_a_contact_who_hid_their_profile_can_still_be_written_to(greece, italy):
    maria = etwinner(greece)
    hidden = etwinner(italy, visibility=Visibility.HIDDEN)
    with pytest.raises(Http404):
        policies.person_to_contact_or_404(maria, hidden.pk)
    make_contacts(maria, hidden)
    assert policies.person_to_contact_or_404(maria, hidden.pk) == hidden
