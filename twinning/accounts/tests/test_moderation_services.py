"""What the NSO may do to an account when moderating: hide a profile, suspend, reinstate (audited, told)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.accounts import services
from twinning.accounts.models import AccountSuspension, ValidationStatus, Visibility
from twinning.accounts.tests.factories import PASSWORD, log_in, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(greece):
    someone = teacher(country=greece, status=ValidationStatus.VALIDATED)
    someone.visibility = Visibility.PUBLIC
    someone.save(update_fields=["visibility"])
    return someone


def test_hiding_a_profile_needs_staff_of_the_persons_country_and_a_reason(person, greece, italy):
    with pytest.raises(NotAllowed):
        services.profile_hide(actor=nso_staff(italy), user=person, reason="spam")
    with pytest.raises(services.ModerationError):
        services.profile_hide(actor=nso_staff(greece), user=person, reason="  ")
    assert services.profile_hide(actor=nso_staff(greece), user=person, reason="spam") is True
    person.refresh_from_db()
    assert person.visibility == Visibility.HIDDEN
    assert AuditEvent.objects.get(action="person.profile_hidden").reason == "spam"
    assert person.notifications.filter(kind="accounts.moderation").exists()
    assert services.profile_hide(actor=nso_staff(greece), user=person, reason="again") is False


def test_a_suspended_account_cannot_log_in_until_reinstated(client, person, greece):
    staff = nso_staff(greece)
    services.account_suspend(actor=staff, user=person, reason="abusive messages")
    person.refresh_from_db()
    assert person.is_active is False
    response = client.post("/en/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "/inactive/" in response["Location"]  # told why
    with pytest.raises(services.ModerationError):
        services.account_suspend(actor=staff, user=person, reason="twice")
    assert services.account_reinstate(actor=staff, user=person, reason="apologised") is True
    person.refresh_from_db()
    assert person.is_active is True
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["person.suspended", "person.reinstated"]
    assert services.account_reinstate(actor=staff, user=person) is False


def test_a_live_session_ends_at_its_next_request_after_a_suspension(client, person, greece):
    log_in(client, person)
    assert client.get("/en/me/").status_code == 200
    services.account_suspend(actor=nso_staff(greece), user=person, reason="abuse")
    assert client.get("/en/me/").status_code == 302  # back to the login page


def test_a_suspension_with_an_end_date_ends_by_itself(person, greece):
    services.account_suspend(
        actor=nso_staff(greece), user=person, reason="a week off", until=timezone.now() + timedelta(days=7)
    )
    assert services.suspensions_end() == 0
    assert services.suspensions_end(now=timezone.now() + timedelta(days=8)) == 1
    person.refresh_from_db()
    assert person.is_active and AccountSuspension.objects.get().lifted_at is not None


def test_staff_cannot_suspend_staff_or_a_past_date(person, greece):
    staff = nso_staff(greece)
    with pytest.raises(NotAllowed):
        services.account_suspend(actor=staff, user=nso_staff(greece), reason="x")
    with pytest.raises(services.ModerationError):
        services.account_suspend(actor=staff, user=person, reason="x", until=timezone.now() - timedelta(days=1))
    assert not AccountSuspension.objects.exists()
