import pytest
from django.core import mail

from twinning.accounts import services
from twinning.accounts.models import CommunityRole, ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.schools.models import SchoolMembership, SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_company_staff_is_refused_when_choosing_the_role():
    user = UserFactory()
    with pytest.raises(services.RoleNotEligible) as exc:
        services.community_role_choose(user=user, role=CommunityRole.COMPANY_STAFF)
    assert "cannot become eTwinners" in exc.value.message
    user.refresh_from_db()
    assert user.community_role == ""


def test_choosing_a_teaching_role_is_saved():
    user = UserFactory()
    services.community_role_choose(user=user, role=CommunityRole.LIBRARIAN)
    user.refresh_from_db()
    assert user.community_role == CommunityRole.LIBRARIAN


def test_first_school_sets_the_country_and_schools_of_another_country_are_refused(greece, italy):
    user = UserFactory(community_role=CommunityRole.TEACHER)
    services.school_attach(user=user, school=SchoolFactory(country=greece))
    user.refresh_from_db()
    assert user.country == greece
    with pytest.raises(services.JoinIncomplete):
        services.school_attach(user=user, school=SchoolFactory(country=italy))
    assert SchoolMembership.objects.filter(user=user).count() == 1


def test_a_colleagues_proposed_school_can_be_attached_but_not_a_rejected_or_merged_one():
    other = UserFactory()
    proposed = SchoolFactory(status=SchoolStatus.PROPOSED, proposed_by=other)
    user = UserFactory(community_role=CommunityRole.TEACHER)
    services.school_attach(user=user, school=proposed)
    assert SchoolMembership.objects.filter(user=user, school=proposed).exists()
    for status in (SchoolStatus.REJECTED, SchoolStatus.MERGED, SchoolStatus.WITHDRAWN):
        closed = SchoolFactory(country=proposed.country, status=status, proposed_by=other)
        with pytest.raises(services.JoinIncomplete):
            services.school_attach(user=user, school=closed)
        assert not SchoolMembership.objects.filter(user=user, school=closed).exists()


def test_propose_and_attach_creates_a_proposed_school_with_an_audit_event(greece):
    user = UserFactory(community_role=CommunityRole.TEACHER)
    school = services.school_propose_and_attach(
        user=user, country=greece, name="2ο Δημοτικό Σχολείο Νάξου", city="Νάξος"
    )
    assert school.status == SchoolStatus.PROPOSED
    assert school.proposed_by == user
    assert SchoolMembership.objects.filter(user=user, school=school).exists()
    assert AuditEvent.objects.filter(action="school.proposed", target_id=str(school.pk)).exists()


def test_validation_request_lists_what_is_missing():
    user = UserFactory(first_name="", last_name="")
    with pytest.raises(services.JoinIncomplete) as exc:
        services.validation_request(user=user)
    for missing in ("name", "role", "school"):
        assert missing in exc.value.message
    user.refresh_from_db()
    assert user.validation_status == ValidationStatus.REGISTERED


def test_validation_request_puts_the_person_in_the_queue():
    user = teacher(status=ValidationStatus.REGISTERED)
    services.validation_request(user=user)
    user.refresh_from_db()
    assert user.validation_status == ValidationStatus.PENDING
    assert user.submitted_at is not None
    assert AuditEvent.objects.filter(action="person.validation_requested", target_id=str(user.pk)).count() == 1


def test_teachers_of_a_country_not_hosted_here_are_sent_to_esep(greece):
    from twinning.reference.models import Country

    Country.objects.filter(pk=greece.pk).update(hosted_here=False)
    user = teacher(country=greece, status=ValidationStatus.REGISTERED)
    with pytest.raises(services.JoinIncomplete) as exc:
        services.validation_request(user=user)
    assert "European School Education Platform" in exc.value.message
    user.refresh_from_db()
    assert user.validation_status == ValidationStatus.REGISTERED


def test_nso_validates_in_bulk_with_audit_notification_and_email(greece, django_capture_on_commit_callbacks):
    staff = nso_staff(greece)
    people = [teacher(country=greece, preferred_language="en") for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.people_validate(staff=staff, people=people, reason="checked with the school")
    for person in people:
        person.refresh_from_db()
        assert person.validation_status == ValidationStatus.VALIDATED
        assert person.decided_by == staff
        event = AuditEvent.objects.get(action="person.validated", target_id=str(person.pk))
        assert event.actor == staff and event.reason == "checked with the school" and event.country_code == "GR"
        assert Notification.objects.filter(recipient=person, kind="validation.validated").count() == 1
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {p.email for p in people}
    # The person reads the notice in their own language.
    assert all("eTwinning" in m.subject for m in mail.outbox)


def test_nso_of_another_country_cannot_validate_and_nothing_changes(greece, italy):
    italian_staff = nso_staff(italy)
    greek_teacher = teacher(country=greece)
    with pytest.raises(NotAllowed):
        services.people_validate(staff=italian_staff, people=[greek_teacher])
    greek_teacher.refresh_from_db()
    assert greek_teacher.validation_status == ValidationStatus.PENDING
    assert not AuditEvent.objects.filter(action="person.validated").exists()


def test_bulk_decision_is_all_or_nothing_when_one_person_is_out_of_scope(greece, italy):
    staff = nso_staff(greece)
    ours, theirs = teacher(country=greece), teacher(country=italy)
    with pytest.raises(NotAllowed):
        services.people_validate(staff=staff, people=[ours, theirs])
    ours.refresh_from_db()
    assert ours.validation_status == ValidationStatus.PENDING


def test_rejection_needs_a_reason_and_records_it(greece):
    staff = nso_staff(greece)
    person = teacher(country=greece)
    with pytest.raises(services.DecisionError):
        services.people_reject(staff=staff, people=[person], reason="  ")
    services.people_reject(staff=staff, people=[person], reason="Not a school e-mail; send proof of employment.")
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.REJECTED
    assert person.rejection_reason.startswith("Not a school e-mail")
    assert AuditEvent.objects.get(action="person.rejected").reason.startswith("Not a school e-mail")


def test_a_rejected_person_can_ask_again(greece):
    person = teacher(country=greece)
    services.people_reject(staff=nso_staff(greece), people=[person], reason="wrong school")
    person.refresh_from_db()
    services.validation_request(user=person)
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.PENDING
    assert person.rejection_reason == ""


def test_a_decision_taken_meanwhile_by_someone_else_is_not_overwritten(greece):
    first, second = nso_staff(greece), nso_staff(greece)
    person = teacher(country=greece)
    stale = type(person).objects.get(pk=person.pk)
    services.people_reject(staff=first, people=[person], reason="duplicate account")
    with pytest.raises(services.DecisionError):
        services.people_validate(staff=second, people=[stale])
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.REJECTED


def test_staff_cannot_validate_themselves(greece):
    staff = nso_staff(greece)
    staff.validation_status = ValidationStatus.PENDING
    staff.country = greece
    staff.save()
    with pytest.raises(NotAllowed):
        services.people_validate(staff=staff, people=[staff])


def test_css_staff_decide_for_every_country(italy):
    person = teacher(country=italy)
    services.people_validate(staff=css_staff(), people=[person])
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.VALIDATED
