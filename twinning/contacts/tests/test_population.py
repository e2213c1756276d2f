import pytest
from django.db.models import F

from twinning.accounts.population import generated_users
from twinning.contacts.models import Contact, Conversation, Message, Participant
from twinning.core import population

pytestmark = pytest.mark.django_db


def test_population_links_every_generated_etwinner_about_ten_times_and_is_idempotent():
    result = population.generate(scale="tiny", seed=7)
    etwinners = generated_users().filter(validation_status="validated", is_active=True)
    n = etwinners.count()
    assert result.created["contacts"] == Contact.objects.count() > 0
    per_person = Contact.objects.count() / n
    assert 7 <= per_person <= 11
    assert not etwinners.exclude(pk__in=Contact.objects.values("owner_id")).exists()
    # Both rows of every link.
    assert Contact.objects.count() == 2 * Contact.objects.filter(owner_id__lt=F("other_id")).count()
    assert Conversation.objects.exists() and Message.objects.exists()
    assert Participant.objects.count() == 2 * Conversation.objects.count()
    assert not Conversation.objects.filter(last_message__isnull=True).exists()
    again = population.generate(scale="tiny", seed=8)
    assert again.created["contacts"] == 0 and again.created["messages"] == 0
    population.reset_population()
    assert not Contact.objects.exists() and not Conversation.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_many_small_batches_never_make_the_same_pair_twice(monkeypatch, seed):
    """At europe scale the teachers are linked in batches; a pair chosen from both ends in two batches
    once broke the unique (owner, other) constraint. Tiny batches make such choices near-certain."""
    from twinning.contacts import population as contacts_population

    monkeypatch.setattr(contacts_population, "CHUNK", 7)
    result = population.generate(scale="tiny", seed=seed)
    etwinners = generated_users().filter(validation_status="validated", is_active=True)
    assert result.created["contacts"] == Contact.objects.count()
    assert not etwinners.exclude(pk__in=Contact.objects.values("owner_id")).exists()
    assert 6 <= Contact.objects.count() / etwinners.count() <= 11
