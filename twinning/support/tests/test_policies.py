import pytest
from django.http import Http404

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.reference.tests.factories import RegionFactory
from twinning.schools.tests.factories import SchoolFactory
from twinning.support import policies, services

from .factories import open_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(greece, attica, attica_ambassador):
    person = teacher(
        country=greece, status=ValidationStatus.VALIDATED, school=SchoolFactory(country=greece, region=attica)
    )
    return {
        "nso": open_for(person),
        "ambassadors": open_for(person, key="pedagogical"),
        "person": person,
    }


def test_requesters_see_only_their_own_tickets(tickets, greece):
    mine = tickets["nso"]
    assert policies.ticket_for_requester_or_404(tickets["person"], mine.pk) == mine
    with pytest.raises(Http404):
        policies.ticket_for_requester_or_404(teacher(country=greece), mine.pk)
    with pytest.raises(Http404):
        policies.ticket_for_requester_or_404(tickets["person"], "nonsense")


def test_nso_staff_are_scoped_by_country(tickets, greek_nso, italy):
    seen = set(policies.tickets_for_agent(greek_nso).values_list("pk", flat=True))
    assert seen == {tickets["nso"].pk, tickets["ambassadors"].pk}  # they supervise the ambassadors
    with pytest.raises(Http404):
        policies.ticket_for_agent_or_404(nso_staff(italy), tickets["nso"].pk)


def test_ambassadors_are_scoped_by_region(tickets, attica_ambassador, greece):
    assert list(policies.tickets_for_agent(attica_ambassador)) == [tickets["ambassadors"]]
    crete = RegionFactory(country=greece, code="GR-M")
    import datetime

    from django.utils import timezone

    from twinning.staff.models import StaffRole

    other = teacher(country=greece, status=ValidationStatus.VALIDATED)
    StaffRole.objects.create(
        user=other, kind=StaffRole.Kind.AMBASSADOR, country=greece, region=crete,
        term_start=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(Http404):
        policies.ticket_for_agent_or_404(other, tickets["ambassadors"].pk)


def test_css_staff_see_everything_and_teachers_nothing(tickets):
    assert policies.tickets_for_agent(css_staff()).count() == 2
    assert not policies.tickets_for_agent(tickets["person"]).exists()
    assert not policies.is_agent(tickets["person"])


def test_escalated_ticket_leaves_the_nso_queue(tickets, greek_nso):
    services.escalate(ticket=tickets["nso"], agent=greek_nso, reason="fault")
    assert tickets["nso"].pk not in set(policies.tickets_for_agent(greek_nso).values_list("pk", flat=True))
