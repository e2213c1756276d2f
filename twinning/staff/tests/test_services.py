"""Writes on staff duties: granting and revoking roles (audited, scoped like ``can_grant_role``)."""

import datetime

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import UserFactory, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent
from twinning.reference.tests.factories import RegionFactory
from twinning.staff import policies as staff_policies
from twinning.staff import services as staff_services
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


def _term(days=365):
    today = timezone.localdate()
    return {"term_start": today, "term_end": today + datetime.timedelta(days=days)}


def test_an_administrator_grants_an_nso_role_audited_and_without_the_django_admin(greece, administrator):
    person = UserFactory()
    role = staff_services.staff_role_grant(
        by=administrator, user=person, kind=StaffRole.Kind.NSO, country=greece, reason="new NSO officer"
    )
    person.refresh_from_db()
    assert not person.is_staff  # the Django admin stays for administrators
    assert staff_policies.requires_mfa(person)
    assert staff_policies.nso_country_ids(person) == {greece.pk}
    event = AuditEvent.objects.get(action="staff_role.granted")
    assert event.data["role_id"] == role.pk and event.country_code == "GR" and event.reason == "new NSO officer"


def test_granting_forgets_the_roles_read_earlier_for_the_same_person(greece, administrator):
    person = UserFactory()
    assert not staff_policies.is_support_staff(person)  # read (and kept on the object) before the grant
    staff_services.staff_role_grant(by=administrator, user=person, kind=StaffRole.Kind.NSO, country=greece)
    assert staff_policies.is_support_staff(person)


def test_nso_staff_appoint_ambassadors_of_their_own_country_only(greece, italy, attica, greek_nso):
    tuscany = RegionFactory(country=italy, code="IT-52")
    greek_teacher = teacher(country=greece, status=ValidationStatus.VALIDATED)
    role = staff_services.staff_role_grant(
        by=greek_nso, user=greek_teacher, kind=StaffRole.Kind.AMBASSADOR, region=attica, **_term()
    )
    assert (role.country, role.region) == (greece, attica)  # the country follows the region
    with pytest.raises(NotAllowed):
        staff_services.staff_role_grant(
            by=greek_nso,
            user=teacher(country=italy, status=ValidationStatus.VALIDATED),
            kind=StaffRole.Kind.AMBASSADOR,
            region=tuscany,
            **_term(),
        )
    with pytest.raises(NotAllowed):
        staff_services.staff_role_grant(by=greek_nso, user=UserFactory(), kind=StaffRole.Kind.NSO, country=greece)
    assert StaffRole.objects.filter(kind=StaffRole.Kind.AMBASSADOR).count() == 1


def test_an_ambassador_is_appointed_for_a_region_and_a_term(greece, attica, administrator):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    with pytest.raises(staff_services.RoleError):
        staff_services.staff_role_grant(by=administrator, user=person, kind=StaffRole.Kind.AMBASSADOR, region=attica)
    with pytest.raises(staff_services.RoleError):
        staff_services.staff_role_grant(by=administrator, user=person, kind=StaffRole.Kind.AMBASSADOR, **_term())
    assert not StaffRole.objects.filter(user=person).exists()


def test_revoking_a_role_ends_the_staff_scope(greece, administrator):
    staff = nso_staff(greece)
    role = staff.staff_roles.get()
    staff_services.staff_role_revoke(by=administrator, role=role, reason="left the NSO")
    staff = type(staff).objects.get(pk=staff.pk)
    assert not staff_policies.is_support_staff(staff)
    assert AuditEvent.objects.filter(action="staff_role.revoked", reason="left the NSO").exists()
    with pytest.raises(staff_services.RoleError):
        staff_services.staff_role_revoke(by=administrator, role=role)


def test_nso_staff_revoke_ambassadors_of_their_country_but_not_of_another(greece, italy, attica_ambassador):
    role = attica_ambassador.staff_roles.get()
    with pytest.raises(NotAllowed):
        staff_services.staff_role_revoke(by=nso_staff(italy), role=role)
    role.refresh_from_db()
    assert role.revoked_at is None
    staff_services.staff_role_revoke(by=nso_staff(greece), role=role)
    role.refresh_from_db()
    assert role.revoked_at is not None
    assert AuditEvent.objects.get(action="staff_role.revoked").country_code == "GR"
