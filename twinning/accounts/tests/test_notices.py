"""Notices of every app: written in the recipient's language, e-mailed at once, in the daily digest or never
as the person chose; account-status notices e-mailed whatever the choice."""

import pytest
from django.core import mail
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from twinning.accounts import services, tasks
from twinning.accounts.models import NotificationPreference
from twinning.accounts.tests.factories import UserFactory
from twinning.core import registries
from twinning.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    saved = registries.snapshot()
    registries.register_notification_kind("test.now", "Something happened")
    registries.register_notification_kind("test.daily", "Something small happened", delivery=registries.DAILY)
    yield
    registries.restore(saved)


def _run_immediately(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.notify(**kwargs)


def test_a_notice_is_written_in_the_recipients_language(kinds, django_capture_on_commit_callbacks):
    greek = UserFactory(preferred_language="el", first_name="Ελένη")
    notice = _run_immediately(
        django_capture_on_commit_callbacks,
        recipient=greek,
        kind="test.now",
        title=_("Notifications"),
        body=format_lazy("{}: {}", _("Profile"), "x"),
        url=reverse_lazy("accounts:notifications"),
    )
    assert notice.title == "Ειδοποιήσεις" and notice.body.startswith("Προφίλ")
    assert notice.url == "/el/me/notifications/"  # the link opens in the recipient's language
    (message,) = mail.outbox
    assert message.to == [greek.email] and "Ειδοποιήσεις" in message.subject
    assert "Ελένη" in message.body and "/el/me/notifications/" in message.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_the_email_goes_once_even_if_the_task_runs_again(kinds, django_capture_on_commit_callbacks):
    notice = _run_immediately(django_capture_on_commit_callbacks, recipient=UserFactory(), kind="test.now", title="x")
    assert len(mail.outbox) == 1
    assert tasks.send_notification_email.call(notice.pk) is False
    assert len(mail.outbox) == 1


def test_never_means_on_the_platform_only(kinds, django_capture_on_commit_callbacks):
    person = UserFactory()
    NotificationPreference.objects.create(user=person, kind="test.now", delivery="never")
    notice = _run_immediately(django_capture_on_commit_callbacks, recipient=person, kind="test.now", title="x")
    assert mail.outbox == [] and notice.email_delivery == ""
    assert Notification.objects.filter(recipient=person).count() == 1


def test_daily_notices_come_together_in_one_email(kinds, django_capture_on_commit_callbacks):
    person, other = UserFactory(first_name="Νίκος"), UserFactory()
    NotificationPreference.objects.create(user=person, kind="test.now", delivery="daily")
    for title in ("first thing", "second thing"):
        _run_immediately(django_capture_on_commit_callbacks, recipient=person, kind="test.now", title=title)
    _run_immediately(django_capture_on_commit_callbacks, recipient=person, kind="test.daily", title="third thing")
    _run_immediately(django_capture_on_commit_callbacks, recipient=other, kind="test.now", title="not daily")
    assert [m.to for m in mail.outbox] == [[other.email]]  # only the immediate one went out
    mail.outbox.clear()
    assert tasks.send_daily_digests.call() == 1
    (digest,) = mail.outbox
    assert digest.to == [person.email]
    assert all(t in digest.body for t in ("first thing", "second thing", "third thing"))
    assert "3" in digest.subject
    assert tasks.send_daily_digests.call() == 0  # nothing left for tomorrow's run
    assert len(mail.outbox) == 1


def test_an_unregistered_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        services.notify(recipient=UserFactory(), kind="nobody.registered", title="x")


def test_an_inactive_account_gets_no_email_but_an_account_status_notice_goes_anyway(
    kinds, django_capture_on_commit_callbacks
):
    person = UserFactory(is_active=False)
    _run_immediately(django_capture_on_commit_callbacks, recipient=person, kind="test.now", title="x")
    assert mail.outbox == []
    NotificationPreference.objects.create(user=person, kind="accounts.suspended", delivery="never")
    _run_immediately(django_capture_on_commit_callbacks, recipient=person, kind="accounts.suspended", title="y")
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_account_status_notices_are_not_a_preference():
    assert "accounts.suspended" not in {kind.key for kind in registries.notification_kinds()}


def test_the_notification_centre_opens_a_notice_marks_it_read_and_filters_the_unread(client):
    from twinning.accounts.tests.factories import log_in
    from twinning.core.services import notification_create

    person, stranger = UserFactory(), UserFactory()
    with_link = notification_create(recipient=person, kind="x", title="Go somewhere", url="/en/schools/")
    outside = notification_create(recipient=person, kind="x", title="Bad link", url="https://evil.example/")
    read = notification_create(recipient=person, kind="x", title="Old news")
    read.read_at = read.created_at
    read.save(update_fields=["read_at"])
    log_in(client, person)
    unread_page = client.get("/en/me/notifications/?show=unread").content.decode()
    assert "Go somewhere" in unread_page and "Old news" not in unread_page
    response = client.post(f"/en/me/notifications/{with_link.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/en/schools/"
    with_link.refresh_from_db()
    assert with_link.read_at is not None
    # A link that is not a path of this site never leads out of it.
    assert client.post(f"/en/me/notifications/{outside.pk}/open/")["Location"] == "/en/me/notifications/"
    # Another person's notice does not exist for you; opening is a POST only.
    log_in(client, stranger)
    assert client.post(f"/en/me/notifications/{read.pk}/open/").status_code == 404
    assert client.get(f"/en/me/notifications/{read.pk}/open/").status_code == 405


def test_the_notification_centre_pages_with_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from twinning.accounts.tests.factories import log_in
    from twinning.core.services import notification_create

    person = UserFactory()
    log_in(client, person)
    for i in range(3):
        notification_create(recipient=person, kind="x", title=f"n{i}")
    client.get("/en/me/notifications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/me/notifications/")
    for i in range(40):
        notification_create(recipient=person, kind="x", title=f"m{i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/me/notifications/")
    assert len(few) == len(many)
    assert 'rel="next"' in page.content.decode()


def test_notify_many_follows_each_persons_choice_and_language(kinds, django_capture_on_commit_callbacks):
    greek = UserFactory(preferred_language="el")
    english = UserFactory(preferred_language="en")
    silent = UserFactory(preferred_language="en")
    daily = UserFactory(preferred_language="en")
    NotificationPreference.objects.create(user=silent, kind="test.now", delivery=registries.NEVER)
    NotificationPreference.objects.create(user=daily, kind="test.now", delivery=registries.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        notices = services.notify_many(
            recipients=[greek, english, silent, daily],
            kind="test.now",
            title=lambda person: _("Notifications"),
            url=lambda person: reverse_lazy("accounts:notifications"),
        )
    stored = {n.recipient_id: n for n in Notification.objects.filter(kind="test.now")}
    assert len(notices) == 4 and len(stored) == 4
    assert stored[greek.pk].title == "Ειδοποιήσεις" and stored[english.pk].title == "Notifications"
    assert stored[greek.pk].url == "/el/me/notifications/"
    assert stored[silent.pk].email_delivery == "" and stored[daily.pk].email_delivery == registries.DAILY
    assert sorted(m.to[0] for m in mail.outbox) == sorted([greek.email, english.email])  # at once: these two only


def test_notify_many_refuses_an_unknown_kind():
    with pytest.raises(LookupError):
        services.notify_many(recipients=[UserFactory()], kind="test.unknown", title=lambda person: "x")
    assert not Notification.objects.exists()
