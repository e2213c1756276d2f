"""The helpdesk's part of the synthetic population, of the demo and of a person's download and erasure."""

import pytest
from django.core.management import call_command

from twinning.accounts.tests.factories import teacher
from twinning.core import population
from twinning.core import privacy as core_privacy
from twinning.reference import population as reference_population
from twinning.support import population as support_population
from twinning.support import services
from twinning.support.models import Route, Status, Ticket, TicketMessage

from .factories import open_for

pytestmark = pytest.mark.django_db


def test_tiny_population_has_tickets_with_messages(greece):
    mine = open_for(teacher(country=greece))
    population.generate(scale="tiny", seed=3)
    tickets = support_population.generated_tickets()
    want = max(5, round(20_000 * reference_population.greek_factor("tiny")))
    assert tickets.count() == want
    assert TicketMessage.objects.filter(ticket__in=tickets).count() >= want
    assert tickets.filter(status=Status.CLOSED).exists()
    again = population.generate(scale="tiny", seed=4)
    assert again.created["helpdesk tickets"] == 0
    deleted = population.reset_population()
    assert deleted["support.Ticket"] == want
    assert list(Ticket.objects.all()) == [mine]


def test_the_demo_loads_twice_without_change(demo_upto, django_capture_on_commit_callbacks):
    demo_upto("accounts", also=("support",))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    rows = list(Ticket.objects.order_by("pk").values_list("subject", "status", "route"))
    assert len(rows) == 5
    assert ("Ιδέες για έργο STEM στο δημοτικό", Status.NEW, Route.AMBASSADORS) in rows
    call_command("load_demo")
    assert list(Ticket.objects.order_by("pk").values_list("subject", "status", "route")) == rows


def test_export_and_erasure(greece, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person, body="My phone is 6900000000")
    services.agent_reply(ticket=ticket, agent=greek_nso, body="We called you.", status=Status.RESOLVED)
    services.rate(ticket=ticket, requester=person, rating=5, comment="Great, call me again")
    exported = core_privacy.export_person(person)["support_tickets"]
    assert exported[0]["subject"] == ticket.subject and len(exported[0]["messages"]) == 2
    core_privacy.erase_person(person)
    ticket.refresh_from_db()
    assert (ticket.requester, ticket.requester_email, ticket.requester_name, ticket.satisfaction_comment) == (
        None,
        "",
        "",
        "",
    )
    bodies = set(ticket.messages.values_list("body", flat=True))
    assert "My phone is 6900000000" not in bodies and "We called you." in bodies
    assert ticket.satisfaction == 5  # the figure stays, without words
