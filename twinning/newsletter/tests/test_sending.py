"""Audiences, batch sending through the job, idempotence, failures, the test send and the headers."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff, teacher
from twinning.core.models import AuditEvent, Job
from twinning.newsletter import selectors, sending, services
from twinning.newsletter.models import Delivery, DeliveryStatus, NewsletterStatus, SubscriptionStatus
from twinning.staff.models import StaffRole

from .factories import newsletter, subscription

pytestmark = pytest.mark.django_db


class RefusingBackend(LocmemBackend):
    """Like the test backend, but the server refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if "refused@example.org" in message.to:
                raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def _emails(qs):
    return set(qs.values_list("email", flat=True))


def test_audiences_resolve_to_confirmed_subscriptions_in_the_language(greece, italy, attica):
    greek = teacher(country=greece, status=ValidationStatus.VALIDATED)
    italian = teacher(country=italy, status=ValidationStatus.VALIDATED)
    unvalidated = teacher(country=greece)
    subscription(greek.email, user=greek)
    subscription(italian.email, user=italian)
    subscription(unvalidated.email, user=unvalidated)
    subscription("from.greece@example.org", country=greece)
    subscription("pending@example.org", status=SubscriptionStatus.PENDING, country=greece)
    subscription("gone@example.org", status=SubscriptionStatus.UNSUBSCRIBED, country=greece)
    subscription("english@example.org", language="en", country=greece)
    greeks = selectors.audience_subscriptions(audience="teachers_of_country", language="el", country_id=greece.pk)
    assert _emails(greeks) == {greek.email.lower(), "from.greece@example.org"}
    everyone = selectors.audience_subscriptions(audience="all", language="el")
    assert _emails(everyone) == {greek.email.lower(), italian.email.lower(), unvalidated.email.lower(),
                                 "from.greece@example.org"}  # fmt: skip


def test_ambassadors_and_trainers_audiences(greece, attica):
    from twinning.learning.models import Trainer

    today = timezone.localdate()
    ambassador, former, trainer, retired = (UserFactory() for _ in range(4))
    day = datetime.timedelta(days=1)
    role = {"kind": StaffRole.Kind.AMBASSADOR, "country": greece, "region": attica}
    StaffRole.objects.create(user=ambassador, term_start=today - 10 * day, term_end=today + 300 * day, **role)
    StaffRole.objects.create(user=former, term_start=today - 900 * day, term_end=today - day, **role)
    Trainer.objects.create(user=trainer, country=greece, since=today)
    Trainer.objects.create(user=retired, country=greece, since=today, active=False)
    for person in (ambassador, former, trainer, retired):
        subscription(person.email, user=person)
    assert _emails(selectors.audience_subscriptions(audience="ambassadors", language="el")) == {
        ambassador.email.lower()
    }
    assert _emails(selectors.audience_subscriptions(audience="trainers", language="el")) == {trainer.email.lower()}


def test_the_audience_size_is_one_count_query(greece, django_assert_num_queries):
    staff = css_staff()
    letter = newsletter(by=staff, audience="teachers_of_country", country=greece)
    for n in range(3):
        subscription(f"s{n}@example.org", country=greece)
    with django_assert_num_queries(1):
        assert selectors.audience_size(letter) == 3


def test_sending_delivers_once_to_each_subscriber_with_unsubscribe_headers(greece, django_capture_on_commit_callbacks):
    staff = css_staff()
    for n in range(5):
        subscription(f"s{n}@example.org")
    subscription("pending@example.org", status=SubscriptionStatus.PENDING)
    letter = newsletter(by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.send(by=staff, newsletter=letter)
    job.refresh_from_db()
    letter.refresh_from_db()
    assert job.state == "done" and job.done == 5
    assert letter.status == NewsletterStatus.SENT and letter.sent_at is not None
    assert Delivery.objects.filter(newsletter=letter, status=DeliveryStatus.SENT).count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@example.org" for n in range(5)]
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and "/el/newsletter/unsubscribe/" in link and "<mailto:" in link
    unsubscribe_url = link.split(">")[0][1:]
    assert unsubscribe_url in message.body and unsubscribe_url.replace("&", "&amp;") in message.alternatives[0][0]
    assert "A webinar" in message.body and "http" in message.body
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"newsletter.send_started", "newsletter.sent"}
    # The one-click link of the message unsubscribes its own subscriber.
    from django.test import Client

    path = unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    Client(enforce_csrf_checks=True).post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert Delivery.objects.get(email=message.to[0]).subscription.status == SubscriptionStatus.UNSUBSCRIBED


def test_sending_again_sends_nothing_twice():
    staff = css_staff()
    for n in range(3):
        subscription(f"s{n}@example.org")
    letter = newsletter(by=staff)
    sending.deliver(letter)
    assert len(mail.outbox) == 3
    sending.deliver(letter)
    sending.send_queued(letter)
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(newsletter=letter).count() == 3


def test_batches_and_a_refused_address(settings, monkeypatch):
    settings.EMAIL_BACKEND = "twinning.newsletter.tests.test_sending.RefusingBackend"
    monkeypatch.setattr(sending, "SEND_BATCH", 2)
    monkeypatch.setattr(sending, "INSERT_BATCH", 2)
    staff = css_staff()
    for email in ("a@example.org", "refused@example.org", "b@example.org", "c@example.org", "d@example.org"):
        subscription(email)
    letter = newsletter(by=staff)
    counts = sending.deliver(letter)
    assert counts == {"sent": 4, "failed": 1}
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.email == "refused@example.org" and "550 mailbox unavailable" in failed.error
    assert {m.to[0] for m in mail.outbox} == {"a@example.org", "b@example.org", "c@example.org", "d@example.org"}


def test_a_test_goes_only_to_the_staff_member_and_writes_no_delivery():
    staff = css_staff(email="editor@example.org")
    subscription("reader@example.org")
    letter = newsletter(by=staff, language="en")
    services.send_test(by=staff, newsletter=letter)
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert "[TEST]" in mail.outbox[0].subject
    assert not Delivery.objects.exists()
    letter.refresh_from_db()
    assert letter.status == NewsletterStatus.DRAFT


def test_nso_staff_may_send_only_to_their_countrys_teachers(greece, italy):
    nso = nso_staff(greece)
    with pytest.raises(services.DomainError):
        services.newsletter_create(by=nso, title="x", language="el", intro="", audience="all", country=None, items=[])
    with pytest.raises(services.DomainError):
        services.newsletter_create(
            by=nso, title="x", language="el", intro="", audience="teachers_of_country", country=italy, items=[]
        )
    made = services.newsletter_create(
        by=nso, title="x", language="el", intro="", audience="teachers_of_country", country=greece, items=[]
    )
    assert made.country == greece


def test_a_newsletter_without_subscribers_is_not_sent():
    staff = css_staff()
    letter = newsletter(by=staff)
    with pytest.raises(services.DomainError):
        services.send(by=staff, newsletter=letter)
    letter.refresh_from_db()
    assert letter.status == NewsletterStatus.DRAFT and not Job.objects.exists()
