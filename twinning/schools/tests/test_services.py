"""Writes on the registry: validation, rejection, create/edit and merging duplicates."""

import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.reference.models import EducationLevel, Region
from twinning.schools import services
from twinning.schools.models import School, SchoolMembership, SchoolStatus
from twinning.schools.tests.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def proposed_school(country, **kwargs):
    proposer = UserFactory(country=country, preferred_language="en")
    school = services.school_propose(by=proposer, country=country, name="Νέο Σχολείο", city="Λάρισα", **kwargs)
    return school, proposer


# --- Validate / reject ------------------------------------------------------------------------


def test_validating_a_proposed_school_audits_and_tells_the_proposer(greece, greek_nso):
    school, proposer = proposed_school(greece)
    services.school_validate(by=greek_nso, school=school)
    school.refresh_from_db()
    assert school.status == SchoolStatus.VALIDATED
    assert AuditEvent.objects.filter(action="school.validated", target_id=str(school.pk), actor=greek_nso).exists()
    assert Notification.objects.filter(recipient=proposer, kind="school.validated").exists()


def test_rejecting_needs_a_reason_and_tells_the_proposer(greece, greek_nso):
    school, proposer = proposed_school(greece)
    with pytest.raises(services.SchoolError):
        services.school_reject(by=greek_nso, school=school, reason="  ")
    assert not Notification.objects.exists()

    services.school_reject(by=greek_nso, school=school, reason="Already in the registry as 2nd Gymnasium")
    school.refresh_from_db()
    assert school.status == SchoolStatus.REJECTED
    assert school.rejection_reason == "Already in the registry as 2nd Gymnasium"
    event = AuditEvent.objects.get(action="school.rejected", target_id=str(school.pk))
    assert event.reason == "Already in the registry as 2nd Gymnasium"
    notice = Notification.objects.get(recipient=proposer, kind="school.rejected")
    assert "Already in the registry as 2nd Gymnasium" in notice.body
    assert notice.url.startswith("/en/")  # in the proposer's language


def test_only_proposed_schools_are_decided(greece, greek_nso):
    school = SchoolFactory(country=greece)
    with pytest.raises(services.SchoolError):
        services.school_validate(by=greek_nso, school=school)
    with pytest.raises(services.SchoolError):
        services.school_reject(by=greek_nso, school=school, reason="no")


def test_nso_of_another_country_cannot_decide(greece, italy):
    school, _ = proposed_school(greece)
    with pytest.raises(NotAllowed):
        services.school_validate(by=nso_staff(italy), school=school)
    with pytest.raises(NotAllowed):
        services.school_reject(by=nso_staff(italy), school=school, reason="no")
    services.school_validate(by=css_staff(), school=school)  # CSS acts for every country
    school.refresh_from_db()
    assert school.status == SchoolStatus.VALIDATED


# --- Create / edit ----------------------------------------------------------------------------


def test_staff_create_a_validated_school_with_levels(greece, greek_nso):
    level, _ = EducationLevel.objects.get_or_create(code="primary", defaults={"name_en": "Primary", "name_el": "Π"})
    school = services.school_create(
        by=greek_nso, country=greece, levels=[level], name=" Δημοτικό ", city="Βόλος", national_code="9100001"
    )
    assert school.status == SchoolStatus.VALIDATED
    assert school.name == "Δημοτικό"
    assert list(school.levels.all()) == [level]
    assert AuditEvent.objects.filter(action="school.created", target_id=str(school.pk)).exists()


def test_create_refuses_a_national_code_already_used_in_the_country(greece, greek_nso):
    SchoolFactory(country=greece, national_code="9100001")
    with pytest.raises(services.SchoolError):
        services.school_create(by=greek_nso, country=greece, name="X", city="Y", national_code="9100001")


def test_create_refuses_a_region_of_another_country(greece, italy, greek_nso):
    lazio, _ = Region.objects.get_or_create(country=italy, code="IT-62", defaults={"name_en": "Lazio", "name_el": "Λ"})
    with pytest.raises(services.SchoolError):
        services.school_create(by=greek_nso, country=greece, name="X", city="Y", region=lazio)


def test_nso_cannot_create_a_school_in_another_country(italy, greek_nso):
    with pytest.raises(NotAllowed):
        services.school_create(by=greek_nso, country=italy, name="X", city="Y")


def test_update_records_the_changed_fields(greece, greek_nso):
    school = SchoolFactory(country=greece, name="Παλιό", city="Αθήνα")
    services.school_update(by=greek_nso, school=school, name="Νέο", city="Αθήνα", postcode="10431")
    school.refresh_from_db()
    assert (school.name, school.search_name, school.postcode) == ("Νέο", "νεο", "10431")
    event = AuditEvent.objects.get(action="school.updated")
    assert sorted(event.data["fields"]) == ["name", "postcode"]


def test_update_without_change_records_nothing(greece, greek_nso):
    school = SchoolFactory(country=greece, name="Ίδιο", city="Αθήνα")
    services.school_update(by=greek_nso, school=school, name="Ίδιο", city="Αθήνα")
    assert not AuditEvent.objects.filter(action="school.updated").exists()


def test_update_may_keep_its_own_national_code(greece, greek_nso):
    school = SchoolFactory(country=greece, national_code="555")
    services.school_update(by=greek_nso, school=school, name="A", city="B", national_code="555")
    other = SchoolFactory(country=greece, national_code="556")
    with pytest.raises(services.SchoolError):
        services.school_update(by=greek_nso, school=other, name="A", city="B", national_code="555")


# --- Merge ------------------------------------------------------------------------------------


def test_merge_moves_members_without_duplicating_them_and_audits(greece, greek_nso):
    survivor = SchoolFactory(country=greece, national_code="100")
    duplicate = SchoolFactory(country=greece, national_code="200", status=SchoolStatus.PROPOSED)
    only_dup = teacher(country=greece, school=duplicate, status=ValidationStatus.VALIDATED)
    both = teacher(country=greece, school=survivor)
    MembershipFactory(user=both, school=duplicate, is_primary=False)
    older = SchoolFactory(country=greece, national_code=None, status=SchoolStatus.MERGED, merged_into=duplicate)

    services.school_merge(by=greek_nso, duplicate=duplicate, survivor=survivor, reason="same school")

    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    older.refresh_from_db()
    assert duplicate.status == SchoolStatus.MERGED
    assert duplicate.merged_into == survivor
    assert not SchoolMembership.objects.filter(school=duplicate).exists()
    assert set(SchoolMembership.objects.filter(school=survivor).values_list("user_id", flat=True)) == {
        only_dup.pk,
        both.pk,
    }
    assert SchoolMembership.objects.filter(user=both).count() == 1
    assert older.merged_into == survivor  # no chains of merged records
    # The survivor keeps its own code; the duplicate gives its code up.
    assert survivor.national_code == "100"
    assert duplicate.national_code is None
    events = AuditEvent.objects.filter(action="school.merged")
    assert {e.target_id for e in events} == {str(duplicate.pk), str(survivor.pk)}
    for event in events:
        assert event.data["duplicate_id"] == duplicate.pk
        assert event.data["survivor_id"] == survivor.pk
        assert event.data["memberships_moved"] == 1
        assert event.data["memberships_dropped"] == 1
        assert event.reason == "same school"


def test_merge_gives_the_duplicates_code_to_a_survivor_without_one(greece, greek_nso):
    survivor = SchoolFactory(country=greece, national_code=None, status=SchoolStatus.PROPOSED)
    duplicate = SchoolFactory(country=greece, national_code="300")
    services.school_merge(by=greek_nso, duplicate=duplicate, survivor=survivor)
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert survivor.national_code == "300"
    assert duplicate.national_code is None


def test_merge_keeps_the_primary_flag_of_a_dropped_membership(greece, greek_nso):
    survivor = SchoolFactory(country=greece)
    duplicate = SchoolFactory(country=greece)
    person = teacher(country=greece, school=duplicate)  # primary at the duplicate
    MembershipFactory(user=person, school=survivor, is_primary=False)
    services.school_merge(by=greek_nso, duplicate=duplicate, survivor=survivor)
    assert SchoolMembership.objects.get(user=person).is_primary


@pytest.mark.parametrize("case", ["itself", "other_country", "already_merged", "rejected_survivor"])
def test_merge_refusals_change_nothing(greece, italy, case):
    staff = css_staff()
    duplicate = SchoolFactory(country=greece, national_code="400")
    person = teacher(country=greece, school=duplicate)
    survivor = {
        "itself": duplicate,
        "other_country": SchoolFactory(country=italy),
        "already_merged": SchoolFactory(country=greece),
        "rejected_survivor": SchoolFactory(country=greece, status=SchoolStatus.REJECTED),
    }[case]
    if case == "already_merged":
        School.objects.filter(pk=duplicate.pk).update(status=SchoolStatus.MERGED)
    with pytest.raises(services.SchoolError):
        services.school_merge(by=staff, duplicate=duplicate, survivor=survivor)
    assert SchoolMembership.objects.get(user=person).school_id == duplicate.pk
    assert School.objects.get(pk=duplicate.pk).national_code == "400"
    assert not AuditEvent.objects.filter(action="school.merged").exists()


def test_nso_cannot_merge_schools_of_another_country(greece, italy):
    a, b = SchoolFactory(country=greece), SchoolFactory(country=greece)
    with pytest.raises(NotAllowed):
        services.school_merge(by=nso_staff(italy), duplicate=a, survivor=b)
    assert School.objects.get(pk=a.pk).status == SchoolStatus.VALIDATED


# --- Proposals nobody is attached to are withdrawn ---------------------------------------------


def _propose_and_attach(user, country, name="Γυμνάσιο Ορφανό", code=None):
    from twinning.accounts import services as account_services

    return account_services.school_propose_and_attach(
        user=user, country=country, name=name, city="Λάρισα", national_code=code
    )


def test_the_proposer_removing_a_proposal_nobody_else_has_withdraws_it(greece):
    from twinning.accounts import services as account_services

    proposer = UserFactory(community_role="teacher")
    school = _propose_and_attach(proposer, greece, code="ORPHAN-1")
    account_services.school_detach(user=proposer, school=school)
    school.refresh_from_db()
    assert school.status == SchoolStatus.WITHDRAWN
    assert school.national_code is None  # the code is free again for the school that has it
    event = AuditEvent.objects.get(action="school.withdrawn", target_id=str(school.pk))
    assert event.actor_id == proposer.pk
    assert event.data == {"cause": "removed_by_proposer", "national_code": "ORPHAN-1"}
    # Withdrawn: out of the staff's queue, and it cannot be attached again.
    assert not School.objects.filter(status=SchoolStatus.PROPOSED).exists()
    with pytest.raises(account_services.JoinIncomplete):
        account_services.school_attach(user=proposer, school=school)


def test_a_proposal_a_colleague_is_attached_to_stays(greece):
    from twinning.accounts import services as account_services

    proposer = UserFactory(community_role="teacher")
    colleague = UserFactory(community_role="teacher")
    school = _propose_and_attach(proposer, greece)
    account_services.school_attach(user=colleague, school=school)
    account_services.school_detach(user=proposer, school=school)
    school.refresh_from_db()
    assert school.status == SchoolStatus.PROPOSED
    assert school.memberless_since is None
    # The colleague leaves too: not the proposer, so the week without members starts.
    account_services.school_detach(user=colleague, school=school)
    school.refresh_from_db()
    assert school.status == SchoolStatus.PROPOSED and school.memberless_since is not None
    assert not AuditEvent.objects.filter(action="school.withdrawn").exists()


def test_removing_a_decided_school_withdraws_nothing(greece, greek_nso):
    proposer = UserFactory(community_role="teacher")
    school = _propose_and_attach(proposer, greece)
    services.school_validate(by=greek_nso, school=school)
    services.membership_remove(user=proposer, school=school)
    school.refresh_from_db()
    assert school.status == SchoolStatus.VALIDATED


def test_the_daily_sweep_withdraws_proposals_without_members_for_a_week(greece):
    from datetime import timedelta

    from django.utils import timezone

    lonely = SchoolFactory(country=greece, status=SchoolStatus.PROPOSED)
    attended = SchoolFactory(country=greece, status=SchoolStatus.PROPOSED)
    MembershipFactory(user=UserFactory(), school=attended)
    validated = SchoolFactory(country=greece)
    now = timezone.now()

    assert services.proposals_withdraw_memberless(now=now) == {"marked": 1, "unmarked": 0, "withdrawn": 0}
    assert services.proposals_withdraw_memberless(now=now + timedelta(days=6)) == {
        "marked": 0,
        "unmarked": 0,
        "withdrawn": 0,
    }
    # Someone attaches it and leaves again: the week starts over.
    person = UserFactory()
    services.membership_add(user=person, school=School.objects.get(pk=lonely.pk))
    assert School.objects.get(pk=lonely.pk).memberless_since is None
    services.membership_remove(user=person, school=School.objects.get(pk=lonely.pk))
    restarted = School.objects.get(pk=lonely.pk).memberless_since
    assert restarted is not None and restarted > now

    later = restarted + timedelta(days=7)
    assert services.proposals_withdraw_memberless(now=later)["withdrawn"] == 1
    statuses = dict(School.objects.values_list("pk", "status"))
    assert statuses[lonely.pk] == SchoolStatus.WITHDRAWN
    assert statuses[attended.pk] == SchoolStatus.PROPOSED
    assert statuses[validated.pk] == SchoolStatus.VALIDATED
    event = AuditEvent.objects.get(action="school.withdrawn")
    assert event.actor_id is None and event.data["cause"] == "no_member"
    # Twice is harmless.
    assert services.proposals_withdraw_memberless(now=later)["withdrawn"] == 0


def test_the_sweep_is_a_daily_periodic_job():
    from twinning.core.scheduling import registered

    job = registered()["schools.school_proposals_withdraw_memberless"]
    assert job.every.days == 1


def test_an_erased_persons_proposals_wait_a_week_like_the_others(greece):
    from twinning.schools.privacy import erase_school_memberships

    proposer = UserFactory(community_role="teacher")
    school = _propose_and_attach(proposer, greece)
    erase_school_memberships(proposer)
    school.refresh_from_db()
    assert school.status == SchoolStatus.PROPOSED and school.memberless_since is not None
