import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from twinning.accounts import selectors, services
from twinning.accounts.models import User
from twinning.accounts.services import retention as retention_service
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher
from twinning.core.models import AuditEvent
from twinning.schools.models import SchoolMembership
from twinning.schools.tests.factories import CountryFactory
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 9, 0, tzinfo=datetime.UTC)
LONG_AGO = NOW - datetime.timedelta(days=4000)
NOTHING = {"marked_inactive": 0, "warned": 0, "anonymised": 0, "failed": 0}


def days_ago(days, *, now=NOW):
    return now - datetime.timedelta(days=days)


def person(*, seen=None, login=None, joined=LONG_AGO, **kwargs) -> User:
    return UserFactory(last_seen_at=seen, last_login=login, date_joined=joined, **kwargs)


def fresh(user) -> User:
    user.refresh_from_db()
    return user


# --- (a) hiding inactive profiles --------------------------------------------------------------


def test_inactive_accounts_are_marked_once():
    old = person(seen=days_ago(400))
    never_seen = person(joined=days_ago(400))
    recent = person(seen=days_ago(10))
    old_seen_recent_login = person(seen=days_ago(400), login=days_ago(5))
    new_account = person(joined=days_ago(20))

    result = services.run_retention(now=NOW)

    assert result["marked_inactive"] == 2
    assert fresh(old).inactive_since == NOW
    assert fresh(never_seen).inactive_since == NOW
    for user in (recent, old_seen_recent_login, new_account):
        assert fresh(user).inactive_since is None
    assert services.run_retention(now=NOW) == NOTHING
    assert services.run_retention(now=NOW + datetime.timedelta(hours=1)) == NOTHING
    assert fresh(old).inactive_since == NOW  # not moved by the second run


def test_marking_works_across_many_batches(monkeypatch):
    monkeypatch.setattr(retention_service, "BATCH_SIZE", 2)
    people = [person(seen=days_ago(400)) for _ in range(5)]
    active = person(seen=days_ago(1))
    assert services.run_retention(now=NOW)["marked_inactive"] == 5
    assert all(fresh(p).inactive_since == NOW for p in people)
    assert fresh(active).inactive_since is None


def test_activity_makes_the_profile_visible_again(client):
    now = timezone.now()  # the middleware compares with the real clock
    user = person(seen=days_ago(400, now=now))
    services.run_retention(now=now)
    assert fresh(user).inactive_since is not None
    log_in(client, user)
    client.get(reverse("accounts:dashboard"))
    assert fresh(user).inactive_since is None


# --- (b) warning ------------------------------------------------------------------------------


def test_warning_sent_once_in_the_persons_language():
    soon = person(seen=days_ago(1080), preferred_language="el")
    not_yet = person(seen=days_ago(1000))

    result = services.run_retention(now=NOW)

    assert result["warned"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [soon.email]
    assert "/el/" in message.body  # the login link is in the person's language
    assert soon.first_name in message.body
    assert fresh(soon).retention_warned_at == NOW
    assert fresh(not_yet).retention_warned_at is None

    assert services.run_retention(now=NOW + datetime.timedelta(days=1))["warned"] == 0
    assert len(mail.outbox) == 1


def test_warning_before_a_comeback_does_not_count():
    # Warned long ago, then came back, then went silent again: warned afresh, not anonymised at once.
    user = person(seen=days_ago(1200), retention_warned_at=days_ago(1300))
    result = services.run_retention(now=NOW)
    assert result["warned"] == 1 and result["anonymised"] == 0
    assert fresh(user).anonymised_at is None and user.retention_warned_at == NOW


# --- (c) anonymisation ------------------------------------------------------------------------


def test_anonymised_only_after_the_warning_period():
    user = teacher(last_seen_at=days_ago(1200), date_joined=LONG_AGO)
    email = user.email

    first = services.run_retention(now=NOW)
    assert first["warned"] == 1 and first["anonymised"] == 0
    assert fresh(user).anonymised_at is None

    later = NOW + datetime.timedelta(days=29)
    assert services.run_retention(now=later) == NOTHING
    assert fresh(user).anonymised_at is None

    due = NOW + datetime.timedelta(days=30)
    assert services.run_retention(now=due)["anonymised"] == 1
    user = fresh(user)
    assert user.anonymised_at is not None and user.email != email and not user.is_active
    assert not SchoolMembership.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="person.erased", target_id=str(user.pk))
    assert event.actor is None and event.actor_label == "system" and event.reason == "retention"

    assert services.run_retention(now=due) == NOTHING
    assert AuditEvent.objects.filter(action="person.erased").count() == 1
    assert len(mail.outbox) == 1


def test_activity_after_the_warning_cancels_the_anonymisation():
    user = person(seen=days_ago(1200))
    services.run_retention(now=NOW)
    User.objects.filter(pk=user.pk).update(last_seen_at=NOW + datetime.timedelta(days=1))
    assert services.run_retention(now=NOW + datetime.timedelta(days=60))["anonymised"] == 0
    assert fresh(user).anonymised_at is None


def test_staff_and_superusers_are_warned_but_never_anonymised():
    css = css_staff(last_seen_at=days_ago(1200), date_joined=LONG_AGO)
    nso = nso_staff(CountryFactory(code="IT"), last_seen_at=days_ago(1200), date_joined=LONG_AGO)
    admin = person(seen=days_ago(1200), is_superuser=True, is_staff=True)
    former = nso_staff(CountryFactory(code="FR"), last_seen_at=days_ago(1200), date_joined=LONG_AGO)
    StaffRole.objects.filter(user=former).update(revoked_at=days_ago(900))
    ended_term = person(seen=days_ago(1200))
    StaffRole.objects.create(
        user=ended_term,
        kind=StaffRole.Kind.AMBASSADOR,
        country=CountryFactory(code="GR"),
        region_id=_region_id("GR"),
        term_start=datetime.date(2020, 9, 1),
        term_end=datetime.date(2022, 8, 31),
    )

    assert services.run_retention(now=NOW)["warned"] == 5
    result = services.run_retention(now=NOW + datetime.timedelta(days=31))

    assert result["anonymised"] == 2
    for protected in (css, nso, admin):
        assert fresh(protected).anonymised_at is None
    assert fresh(former).anonymised_at is not None
    assert fresh(ended_term).anonymised_at is not None
    assert services.run_retention(now=NOW + datetime.timedelta(days=62)) == NOTHING


def _region_id(code):
    from twinning.schools.tests.factories import RegionFactory

    return RegionFactory(country=CountryFactory(code=code)).pk


def test_policy_values_come_from_the_database():
    policy = selectors.retention_policy()
    policy.inactive_after_days, policy.anonymise_after_days, policy.warning_days = 100, 200, 10
    policy.save()
    hidden = person(seen=days_ago(150))
    warned = person(seen=days_ago(195))
    result = services.run_retention(now=NOW)
    assert result["marked_inactive"] == 2 and result["warned"] == 1
    assert fresh(hidden).retention_warned_at is None and fresh(warned).retention_warned_at == NOW


def test_periodic_task_runs_the_sweep():
    from twinning.accounts.tasks import retention_sweep

    person(seen=days_ago(5000))
    result = retention_sweep.enqueue()
    assert result.return_value["marked_inactive"] == 1


# --- The retention policy page (CSS staff) --------------------------------------------------------

URL = "accounts:retention_policy"
GOOD = {"inactive_after_days": "400", "anonymise_after_days": "1200", "warning_days": "45", "reason": "new rules"}


@pytest.mark.parametrize("who", ["teacher", "nso"])
def test_policy_page_is_refused_to_teachers_and_nso(client, who):
    user = teacher() if who == "teacher" else nso_staff()
    log_in(client, user)
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), GOOD).status_code == 403
    policy = selectors.retention_policy()
    assert (policy.inactive_after_days, policy.anonymise_after_days, policy.warning_days) == (365, 1095, 30)
    assert not AuditEvent.objects.filter(action="retention_policy.updated").exists()


def test_policy_page_needs_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_css_staff_change_the_policy_with_an_audit_event(client):
    staff = css_staff()
    log_in(client, staff)
    page = client.get(reverse(URL))
    assert page.status_code == 200 and 'value="1095"' in page.content.decode()

    response = client.post(reverse(URL), GOOD)

    assert response.status_code == 302
    policy = selectors.retention_policy()
    assert (policy.inactive_after_days, policy.anonymise_after_days, policy.warning_days) == (400, 1200, 45)
    event = AuditEvent.objects.get(action="retention_policy.updated")
    assert event.actor_id == staff.pk and event.reason == "new rules"
    assert event.data == {
        "before": {"inactive_after_days": 365, "anonymise_after_days": 1095, "warning_days": 30},
        "after": {"inactive_after_days": 400, "anonymise_after_days": 1200, "warning_days": 45},
    }
    assert "retention rules changed" in client.get(reverse(URL)).content.decode()  # the trail, in words


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"anonymise_after_days": "365"}, "anonymise_after_days"),
        ({"anonymise_after_days": "300"}, "anonymise_after_days"),
        ({"warning_days": "730"}, "warning_days"),
        ({"warning_days": "0"}, "warning_days"),
        ({"inactive_after_days": "5"}, "inactive_after_days"),
        ({"inactive_after_days": "abc"}, "inactive_after_days"),
        ({"warning_days": ""}, "warning_days"),
        ({"anonymise_after_days": "99999999999999999999"}, "anonymise_after_days"),
    ],
)
def test_bad_policy_values_are_rejected_and_nothing_changes(client, data, field):
    log_in(client, css_staff())
    response = client.post(
        reverse(URL), {"inactive_after_days": "365", "anonymise_after_days": "1095", "warning_days": "30", **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    policy = selectors.retention_policy()
    assert (policy.inactive_after_days, policy.anonymise_after_days, policy.warning_days) == (365, 1095, 30)
    assert not AuditEvent.objects.filter(action="retention_policy.updated").exists()


def test_the_service_refuses_bad_values_and_non_css_staff():
    from twinning.accounts.services import RetentionPolicyInvalid, retention_policy_update
    from twinning.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        retention_policy_update(by=nso_staff(), inactive_after_days=400, anonymise_after_days=1200, warning_days=30)
    with pytest.raises(RetentionPolicyInvalid):
        retention_policy_update(by=css_staff(), inactive_after_days=400, anonymise_after_days=450, warning_days=60)
    assert selectors.retention_policy().inactive_after_days == 365
