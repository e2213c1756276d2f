"""The schools steps of joining (pages of accounts that the school registry answers): the search, proposing a
school after "Did you mean…?", and removing a school one proposed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from twinning.accounts.models import CommunityRole
from twinning.accounts.tests.factories import UserFactory, log_in
from twinning.core.models import AuditEvent
from twinning.schools.models import School, SchoolMembership, SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

JOIN = "/en/me/join/schools/"
PROPOSE = "/en/me/join/schools/propose/"
ATTACH = "/en/me/join/schools/attach/"


@pytest.fixture
def newcomer(client):
    user = UserFactory(community_role=CommunityRole.TEACHER)
    log_in(client, user)
    return user


def proposal(greece, **changes):
    data = {"name": "1ο Γυμνάσιο Αθηνών", "country": greece.pk, "city": "Αθήνα", "school_type": "public"}
    return {**data, **changes}


# --- The search ----------------------------------------------------------------------------------


def test_the_joining_search_forgives_spelling_and_says_how_many_match(client, greece, newcomer):
    for n in range(23):
        SchoolFactory(country=greece, name=f"{n + 1}ο Δημοτικό Σχολείο Πειραιά", city="Πειραιάς")
    page = client.get(JOIN, {"q": "Piraeus"}).content.decode()
    assert "23 schools match; the first 20 are listed" in page
    assert page.index("1ο Δημοτικό") < page.index("2ο Δημοτικό") < page.index("10ο Δημοτικό")
    page = client.get(JOIN, {"q": "23o dimotiko pirea"}).content.decode()
    assert "1 school matches." in page and "23ο Δημοτικό Σχολείο Πειραιά" in page


def test_the_joining_search_has_a_fixed_number_of_queries(client, greece, newcomer):
    def count():
        client.get(JOIN, {"q": "athina"})
        with CaptureQueriesContext(connection) as ctx:
            client.get(JOIN, {"q": "athina"})
        return len(ctx.captured_queries)

    SchoolFactory.create_batch(3, country=greece)
    few = count()
    SchoolFactory.create_batch(30, country=greece)
    assert count() == few


# --- Proposing: "Did you mean…?" first -------------------------------------------------------------


def test_a_school_already_registered_is_offered_before_a_proposal(client, greece, newcomer):
    registered = SchoolFactory(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα")
    response = client.post(PROPOSE, proposal(greece, name="1o Gymnasio Athinon", city="Athens"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Did you mean one of these schools?" in page
    assert f'name="school" value="{registered.pk}"' in page  # its "attach" button
    assert 'value="1o Gymnasio Athinon"' in page  # the input is kept
    assert 'type="checkbox" name="not_listed"' in page
    assert not School.objects.filter(status=SchoolStatus.PROPOSED).exists()
    # The teacher picks it: attached, nothing proposed.
    client.post(ATTACH, {"school": registered.pk})
    assert SchoolMembership.objects.filter(user=newcomer, school=registered).exists()
    assert School.objects.count() == 1


def test_the_proposal_goes_through_once_the_teacher_says_theirs_is_not_listed(client, greece, newcomer):
    SchoolFactory(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα")
    response = client.post(PROPOSE, proposal(greece, name="1ο Γυμνάσιο Αθήνας", not_listed="on"))
    assert response.status_code == 302
    created = School.objects.get(status=SchoolStatus.PROPOSED)
    assert (created.name, created.proposed_by_id) == ("1ο Γυμνάσιο Αθήνας", newcomer.pk)
    assert SchoolMembership.objects.filter(user=newcomer, school=created).exists()


def test_without_similar_schools_the_proposal_goes_through_at_once(client, greece, newcomer):
    SchoolFactory(country=greece, name="2ο Γυμνάσιο Αθηνών", city="Αθήνα")  # another number: another school
    page = client.get(PROPOSE).content.decode()
    assert 'type="checkbox" name="not_listed"' not in page
    assert client.post(PROPOSE, proposal(greece)).status_code == 302
    assert School.objects.filter(status=SchoolStatus.PROPOSED, name="1ο Γυμνάσιο Αθηνών").exists()


def test_a_colleagues_proposal_is_offered_and_can_be_attached(client, greece, newcomer):
    colleague = UserFactory(community_role=CommunityRole.TEACHER, country=greece)
    theirs = SchoolFactory(
        country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα", status=SchoolStatus.PROPOSED, proposed_by=colleague
    )
    SchoolFactory(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα", status=SchoolStatus.REJECTED)
    page = client.post(PROPOSE, proposal(greece)).content.decode()
    assert "Did you mean one of these schools?" in page and "proposed, waiting for validation" in page
    client.post(ATTACH, {"school": theirs.pk})
    assert SchoolMembership.objects.filter(user=newcomer, school=theirs).exists()
    assert School.objects.filter(status=SchoolStatus.PROPOSED).count() == 1


def test_bad_input_on_the_joining_pages_is_never_a_500(client, greece, italy, newcomer):
    assert client.post(ATTACH, {"school": "abc"}).status_code == 404
    assert client.post(ATTACH, {"school": 999999}).status_code == 404
    withdrawn = SchoolFactory(country=greece, status=SchoolStatus.WITHDRAWN)
    assert client.post(ATTACH, {"school": withdrawn.pk}).status_code == 404
    other = SchoolFactory(country=greece)
    assert client.post(f"/en/me/join/schools/{other.pk}/detach/").status_code == 404  # not on the profile
    response = client.post(PROPOSE, proposal(greece, country="x", name=""))
    assert response.status_code == 200 and not School.objects.filter(status=SchoolStatus.PROPOSED).exists()
    # A proposal in another country than the profile's: a form error.
    client.post(ATTACH, {"school": other.pk})
    response = client.post(PROPOSE, proposal(italy, not_listed="on"))
    assert response.status_code == 200 and "All your schools must be in" in response.content.decode()


# --- Removing a school one proposed -----------------------------------------------------------------


def test_removing_ones_own_proposal_withdraws_it_and_says_so(client, greece, newcomer):
    client.post(PROPOSE, proposal(greece, name="Γυμνάσιο Μοναδικό"))
    school = School.objects.get(name="Γυμνάσιο Μοναδικό")
    page = client.get(JOIN).content.decode()
    assert "removing it withdraws your proposal" in page
    response = client.post(f"/en/me/join/schools/{school.pk}/detach/", follow=True)
    assert "your proposal of it is withdrawn" in response.content.decode()
    school.refresh_from_db()
    assert school.status == SchoolStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="school.withdrawn", target_id=str(school.pk)).exists()
