"""A person's staff roles are kept in the shared cache between pages (no query per page), and every change
is seen on the next page: a grant or revocation through the services, an administrator's edit or deletion,
a bulk update followed by ``forget_staff_roles``. Without a shared cache (one copy per process) nothing is kept."""

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.core import cache as core_cache
from twinning.staff import policies
from twinning.staff import services as staff_services
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


def _next_page(user):
    """The same person as the next request sees them: a new user object."""
    return type(user).objects.get(pk=user.pk)


def test_a_later_page_reads_the_roles_from_the_cache(shared_cache, greece, django_assert_num_queries):
    staff = nso_staff(greece)
    first = _next_page(staff)
    with django_assert_num_queries(1):
        assert policies.is_support_staff(first)
    page = _next_page(staff)
    with django_assert_num_queries(0):
        assert policies.nso_country_ids(page) == {greece.pk}
        assert policies.requires_mfa(page)


def test_people_without_a_duty_are_cached_too(shared_cache, greece, django_assert_num_queries):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert not policies.is_support_staff(_next_page(person))
    page = _next_page(person)
    with django_assert_num_queries(0):
        assert not policies.requires_mfa(page)


def test_a_revocation_is_seen_on_the_next_page(shared_cache, greece, administrator):
    staff = nso_staff(greece)
    assert policies.is_support_staff(_next_page(staff))
    staff_services.staff_role_revoke(by=administrator, role=staff.staff_roles.get())
    assert not policies.is_support_staff(_next_page(staff))


def test_a_grant_is_seen_on_the_next_page(shared_cache, greece, administrator):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert not policies.is_support_staff(_next_page(person))
    staff_services.staff_role_grant(by=administrator, user=person, kind=StaffRole.Kind.NSO, country=greece)
    assert policies.nso_country_ids(_next_page(person)) == {greece.pk}


def test_an_administrators_edit_or_deletion_is_seen_on_the_next_page(shared_cache, greece, italy):
    staff = nso_staff(greece)
    assert policies.nso_country_ids(_next_page(staff)) == {greece.pk}
    role = staff.staff_roles.get()
    role.country = italy
    role.save()
    assert policies.nso_country_ids(_next_page(staff)) == {italy.pk}
    role.delete()
    assert not policies.is_support_staff(_next_page(staff))


def test_a_bulk_update_is_seen_on_the_next_page(shared_cache, greece, greek_nso):
    staff = nso_staff(greece)
    assert policies.is_support_staff(_next_page(staff)) and policies.is_support_staff(_next_page(greek_nso))
    StaffRole.objects.filter(user=staff).update(kind=StaffRole.Kind.CSS, country=None)
    assert policies.is_css_staff(_next_page(staff))
    greek_nso.staff_roles.update(revoked_at=timezone.now())  # through the related manager too
    assert not policies.is_support_staff(_next_page(greek_nso))


def test_forgetting_drops_the_cached_roles(shared_cache, greece, django_assert_num_queries):
    staff = nso_staff(greece)
    assert policies.is_support_staff(_next_page(staff))
    policies.forget_staff_roles(staff)
    page = _next_page(staff)
    with django_assert_num_queries(1):
        assert policies.is_support_staff(page)


def test_without_a_shared_cache_every_page_reads_the_roles(monkeypatch, greece, django_assert_num_queries):
    monkeypatch.setattr(core_cache, "is_shared", lambda: False)
    staff = nso_staff(greece)
    for _ in range(2):
        page = _next_page(staff)
        with django_assert_num_queries(1):
            assert policies.is_support_staff(page)


def test_a_bulk_creation_is_seen_on_the_next_page(shared_cache, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert not policies.is_support_staff(_next_page(person))  # no roles: kept as such
    StaffRole.objects.bulk_create([StaffRole(user=person, kind=StaffRole.Kind.NSO, country=greece)])
    assert policies.is_support_staff(_next_page(person))
