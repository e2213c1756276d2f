"""The staff second factor is a property of the *session*: every way in is tested.

Ways in: the Django admin's login, the platform's login, a session opened before a staff role was
granted, and a session whose authenticator has since been removed. Each must reach no staff page and
take no staff decision until this session passed the TOTP step.
"""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.tests.factories import (
    PASSWORD,
    UserFactory,
    log_in,
    nso_staff,
    teacher,
    totp_code,
    with_totp,
)
from twinning.core import mfa
from twinning.core.models import AuditEvent
from twinning.staff import services as staff_services
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(greece):
    return teacher(country=greece, status=ValidationStatus.PENDING)


def validate_attempt(client, person):
    """The decision a session with staff powers could take: validating a waiting teacher."""
    return client.post(f"/en/staff/people/{person.pk}/", {"action": "validate", "reason": ""})


def assert_nothing_decided(person):
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.PENDING
    assert not AuditEvent.objects.filter(action="person.validated").exists()


def test_the_admin_login_form_does_not_log_staff_in(client, greece, waiting):
    staff = nso_staff(greece)
    response = client.post("/en/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    validate_attempt(client, waiting)
    assert_nothing_decided(waiting)


def test_the_admin_login_form_does_not_log_an_administrator_in(client):
    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    client.post("/en/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.get("/en/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/accounts/login/")


def test_the_admin_login_page_sends_visitors_to_the_platform_login(client):
    response = client.get("/en/admin/login/?next=/en/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/admin/accounts/user/"


def test_the_platform_login_asks_for_the_code_before_any_staff_page(client, greece, waiting):
    staff = nso_staff(greece)
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # not logged in until the code is given
    validate_attempt(client, waiting)
    assert_nothing_decided(waiting)

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(staff)})
    assert response.status_code == 302
    assert client.session[mfa.SESSION_KEY]["user"] == staff.pk
    assert client.get("/en/staff/validation/").status_code == 200
    validate_attempt(client, waiting)
    waiting.refresh_from_db()
    assert waiting.validation_status == ValidationStatus.VALIDATED


def test_a_session_opened_before_the_role_was_granted_must_pass_the_second_factor(client, greece, waiting):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    with_totp(person)  # even with an authenticator, this session never passed it
    client.force_login(person)  # logged in as a teacher, before becoming staff
    admin = UserFactory(is_superuser=True)
    staff_services.staff_role_grant(by=admin, user=person, kind=StaffRole.Kind.NSO, country=greece)

    response = client.get("/en/staff/validation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/?next=")
    validate_attempt(client, waiting)
    assert_nothing_decided(waiting)

    # The TOTP step in this session opens the staff pages.
    response = client.post("/en/accounts/2fa/reauthenticate/?next=/en/staff/validation/", {"code": totp_code(person)})
    assert response.status_code == 302
    assert client.get("/en/staff/validation/").status_code == 200


# allauth announces a new authenticator when its transaction commits: a real transaction is needed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_staff_member_without_an_authenticator_sets_one_up_and_is_then_let_in(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    staff_services.staff_role_grant(
        by=UserFactory(is_superuser=True), user=person, kind=StaffRole.Kind.NSO, country=greece
    )
    client.post("/en/accounts/login/", {"login": person.email, "password": PASSWORD})
    response = client.get("/en/staff/validation/")
    assert response["Location"].startswith("/en/accounts/2fa/totp/activate/")

    # allauth asks for the password again before an authenticator is added.
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/en/staff/validation/").status_code == 200


def test_removing_the_authenticator_voids_the_second_factor_in_every_session(client, greece, waiting):
    from django.test import Client

    staff = nso_staff(greece)
    log_in(client, staff)
    other_device = Client()
    log_in(other_device, staff)
    assert other_device.get("/en/staff/validation/").status_code == 200

    Authenticator.objects.filter(user=staff).delete()  # removed from the first device (or by an administrator)
    with_totp(staff)  # and a new one added: the old session never proved this one

    response = other_device.get("/en/staff/validation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/")
    validate_attempt(other_device, waiting)
    assert_nothing_decided(waiting)


def test_a_session_marker_of_another_person_does_not_count(client, greece):
    staff = nso_staff(greece)
    colleague = nso_staff(greece)
    client.force_login(staff)
    session = client.session
    other = Authenticator.objects.get(user=colleague)
    session[mfa.SESSION_KEY] = {"user": colleague.pk, "authenticator": other.pk, "at": 0}
    session.save()
    assert client.get("/en/staff/validation/").status_code == 302


def test_the_admin_needs_the_second_factor_in_this_session(client):
    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(admin)
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/reauthenticate/" in response["Location"]
    log_in(client, admin)
    assert client.get("/en/admin/").status_code == 200


def test_staff_roles_do_not_open_the_django_admin(client, greece):
    staff = nso_staff(greece)
    log_in(client, staff)
    assert not User.objects.get(pk=staff.pk).is_staff
    assert client.get("/en/admin/", follow=True).status_code == 403


def test_staff_sessions_end_after_the_idle_time(client, greece, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff = nso_staff(greece)
    log_in(client, staff)
    assert client.get("/en/staff/validation/").status_code == 200
    session = client.session
    session["twinning_staff_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/en/staff/validation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_an_active_staff_session_stays_open(client, greece, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff = nso_staff(greece)
    log_in(client, staff)
    session = client.session
    session["twinning_staff_seen"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/en/staff/validation/").status_code == 200


def test_teachers_sessions_have_no_idle_limit(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, person)
    session = client.session
    session["twinning_staff_seen"] = int(time.time()) - 10 * 24 * 3600
    session.save()
    assert client.get("/en/me/").status_code == 200


@pytest.mark.parametrize("path", ["/en/me/", "/en/me/profile/", "/en/staff/validation/", "/en/"])
def test_pages_seen_logged_in_are_never_stored(client, greece, path):
    log_in(client, nso_staff(greece))
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_seen_anonymously_may_be_cached(client):
    response = client.get("/en/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_ambassadors_need_the_second_factor_too(client, greece, attica):
    ambassador = teacher(country=greece, status=ValidationStatus.VALIDATED)
    StaffRole.objects.create(
        user=ambassador,
        kind=StaffRole.Kind.AMBASSADOR,
        country=greece,
        region=attica,
        term_start=timezone.localdate(),
        term_end=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    client.force_login(ambassador)
    response = client.get("/en/me/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
