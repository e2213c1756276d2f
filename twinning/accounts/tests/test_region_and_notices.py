"""An ambassador's region page, decision notices sent once per channel, and countries that left."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from twinning.accounts import services
from twinning.accounts.models import CommunityRole, User, ValidationStatus
from twinning.accounts.tasks import send_validation_decision
from twinning.accounts.tests.factories import UserFactory, log_in, nso_staff, teacher
from twinning.core.models import Notification
from twinning.reference.tests.factories import RegionFactory
from twinning.schools.models import SchoolStatus
from twinning.schools.tests.factories import SchoolFactory
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


def test_an_ambassador_reads_the_waiting_teachers_and_schools_of_their_region(
    client, greece, attica, attica_ambassador
):
    crete = RegionFactory(country=greece, code="GR-M")
    athens = SchoolFactory(country=greece, region=attica, name="1ο Γυμνάσιο Αθηνών")
    heraklion = SchoolFactory(country=greece, region=crete, name="2ο Γυμνάσιο Ηρακλείου")
    proposed = SchoolFactory(country=greece, region=attica, name="Νέο Σχολείο", status=SchoolStatus.PROPOSED)
    waiting = teacher(country=greece, school=athens, status=ValidationStatus.PENDING, last_name="Αναμένουσα")
    teacher(country=greece, school=heraklion, status=ValidationStatus.PENDING, last_name="Κρητικός")
    teacher(country=greece, school=athens, status=ValidationStatus.VALIDATED, last_name="Επικυρωμένη")
    log_in(client, attica_ambassador)
    response = client.get("/en/staff/region/")
    assert response.status_code == 200
    page = response.content.decode()
    assert waiting.last_name in page and "Κρητικός" not in page and "Επικυρωμένη" not in page
    assert athens.name in page and proposed.name in page and heraklion.name not in page
    assert 'name="action"' not in page  # read-only: no decision buttons


def test_the_region_page_needs_the_second_factor(client, attica_ambassador):
    client.force_login(attica_ambassador)
    response = client.get("/en/staff/region/")
    assert response.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in response["Location"]


def test_an_ambassador_cannot_open_the_validation_queue_or_a_person(client, greece, attica_ambassador):
    log_in(client, attica_ambassador)
    assert client.get("/en/staff/validation/").status_code == 403
    assert client.get(f"/en/staff/people/{teacher(country=greece).pk}/").status_code == 403


def test_an_expired_ambassador_term_closes_the_region_page(client, attica_ambassador):
    StaffRole.objects.filter(user=attica_ambassador).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    log_in(client, attica_ambassador)
    assert client.get("/en/staff/region/").status_code == 403


@pytest.mark.parametrize("who", ["teacher", "nso"])
def test_others_cannot_open_the_region_page(client, greece, who):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED) if who == "teacher" else nso_staff(greece)
    log_in(client, person)
    assert client.get("/en/staff/region/").status_code == 403


# --- Decision notices -------------------------------------------------------------------------------


def _decided(greece):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    User.objects.filter(pk=person.pk).update(
        validation_status=ValidationStatus.VALIDATED, decided_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return person


def test_a_failed_e_mail_is_sent_when_the_task_runs_again_and_the_notice_is_not_doubled(greece):
    person = _decided(greece)
    with (
        mock.patch("twinning.accounts.tasks.send_templated_mail", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        send_validation_decision.call([person.pk], ValidationStatus.VALIDATED)
    notice = Notification.objects.get(recipient=person, kind="validation.validated")
    assert notice.emailed_at is None and len(mail.outbox) == 0

    assert send_validation_decision.call([person.pk], ValidationStatus.VALIDATED) == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=person, kind="validation.validated").count() == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None

    assert send_validation_decision.call([person.pk], ValidationStatus.VALIDATED) == 0  # nothing left to send
    assert len(mail.outbox) == 1


# --- Countries that no longer take part -------------------------------------------------------------


@pytest.fixture
def left(greece):
    from twinning.reference.tests.factories import CountryFactory

    country = CountryFactory(code="XX", name_en="Leftland", name_el="Λεφτλανδία")
    country.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    country.save()
    return country


def test_a_school_of_a_country_that_left_cannot_be_attached(left):
    school = SchoolFactory(country=left)
    person = UserFactory(community_role=CommunityRole.TEACHER)
    with pytest.raises(services.JoinIncomplete, match="no longer takes part"):
        services.school_attach(user=person, school=school)
    assert not person.school_memberships.exists()


def test_a_school_of_a_country_that_left_cannot_be_proposed(left):
    person = UserFactory(community_role=CommunityRole.TEACHER)
    with pytest.raises(services.JoinIncomplete):
        services.school_propose_and_attach(user=person, country=left, name="Σχολείο", city="Πόλη")


def test_a_person_of_a_country_that_left_cannot_ask_for_validation(left):
    person = teacher(country=left, status=ValidationStatus.REGISTERED)
    with pytest.raises(services.JoinIncomplete, match="no longer takes part"):
        services.validation_request(user=person)
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.REGISTERED
