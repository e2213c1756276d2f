"""Double opt-in, the resend throttle, one-click unsubscribe and tampered links."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, teacher
from twinning.newsletter import services
from twinning.newsletter.models import Subscription, SubscriptionStatus

from .factories import subscription

pytestmark = pytest.mark.django_db


def _subscribe(client, email, language="en"):
    return client.post("/en/newsletter/", {"email": email, "language": language})


def _without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def _confirm_path(message) -> str:
    return re.search(r"(/\w\w/newsletter/confirm/[^/\s]+/)", message.body).group(1)


def test_subscribing_sends_a_link_and_only_pressing_the_button_confirms(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, "Maria@Example.org")
    assert response.status_code == 302
    found = Subscription.objects.get()
    assert (found.email, found.status, found.language) == ("maria@example.org", SubscriptionStatus.PENDING, "en")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maria@example.org"]
    path = _confirm_path(mail.outbox[0])
    page = client.get(path)  # a mail scanner opening the link
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    found.refresh_from_db()
    assert found.status == SubscriptionStatus.PENDING
    response = client.post(path)
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == SubscriptionStatus.CONFIRMED and found.confirmed_at is not None


def test_the_same_answer_whether_the_address_is_known_or_not(client, django_capture_on_commit_callbacks):
    subscription("known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/newsletter/", {"email": "known@example.org", "language": "el"}, follow=True)
        unknown = client.post("/en/newsletter/", {"email": "new@example.org", "language": "el"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_tokens(known.content) == _without_tokens(unknown.content)
    assert [m.to for m in mail.outbox] == [["new@example.org"]]  # a confirmed address is not written to again


def test_a_pending_address_gets_the_link_again_at_most_every_ten_minutes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe(email="p@example.org", language="el")
        services.subscribe(email="P@example.org", language="el")
    assert len(mail.outbox) == 1
    Subscription.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe(email="p@example.org", language="el")
    assert len(mail.outbox) == 2
    assert Subscription.objects.count() == 1


def test_a_signed_in_teacher_is_prefilled_and_their_country_recorded(
    client, greece, django_capture_on_commit_callbacks
):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, person)
    page = client.get("/en/newsletter/")
    assert person.email.encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, person.email.upper())
    found = Subscription.objects.get()
    assert found.user == person and found.country == greece and found.status == SubscriptionStatus.PENDING


def test_someone_elses_address_is_not_linked_to_the_signed_in_account(client, greece):
    person = teacher(country=greece)
    log_in(client, person)
    _subscribe(client, "someone.else@example.org")
    found = Subscription.objects.get()
    assert found.user is None and found.country is None


def test_an_invalid_address_is_refused_in_the_users_language(client):
    response = client.post("/el/newsletter/", {"email": "not-an-address", "language": "el"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_without_a_csrf_token():
    sub = subscription("a@example.org")
    strict = Client(enforce_csrf_checks=True)
    path = f"/en/newsletter/unsubscribe/{services.unsubscribe_value(sub)}/"
    page = strict.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.CONFIRMED  # opening the page changes nothing
    response = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.UNSUBSCRIBED and sub.unsubscribed_at is not None


def test_the_confirm_button_still_needs_its_csrf_token():
    sub = subscription("c@example.org", status=SubscriptionStatus.PENDING)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/en/newsletter/confirm/{services.confirm_value(sub)}/")
    assert response.status_code == 403
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.PENDING


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_changes_nothing_and_says_so(client, method):
    sub = subscription("t@example.org")
    other = subscription("other@example.org")
    value = services.unsubscribe_value(sub)
    # The other subscription's payload under this one's signature.
    other_payload = services.unsubscribe_value(other).rsplit(":", 1)[0]
    forged = other_payload + ":" + value.rsplit(":", 1)[1]
    assert forged != value
    for bad in (forged, value[:-1] + ("A" if value[-1] != "A" else "B"), "nonsense"):
        response = getattr(client, method)(f"/en/newsletter/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert b"This unsubscribe link is not valid. Nothing was changed." in response.content
    assert set(Subscription.objects.values_list("status", flat=True)) == {SubscriptionStatus.CONFIRMED}


def test_a_tampered_or_expired_confirmation_link_changes_nothing(client):
    sub = subscription("x@example.org", status=SubscriptionStatus.PENDING)
    value = services.confirm_value(sub)
    response = client.post(f"/en/newsletter/confirm/{value[:-3]}abc/")
    assert response.status_code == 400
    assert b"This confirmation link is not valid" in response.content
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.PENDING
    # An unsubscribed address asking again gets a new token: the old link no longer confirms.
    Subscription.objects.filter(pk=sub.pk).update(
        status=SubscriptionStatus.UNSUBSCRIBED, confirmation_sent_at=timezone.now() - timedelta(hours=1)
    )
    services.subscribe(email="x@example.org", language="el")
    assert client.post(f"/en/newsletter/confirm/{value}/").status_code == 400
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.PENDING


def test_a_signed_in_person_manages_their_subscription(client, greece):
    person = teacher(country=greece)
    sub = subscription(person.email, user=person, language="el")
    log_in(client, person)
    assert client.get("/en/newsletter/mine/").status_code == 200
    client.post("/en/newsletter/mine/", {"language": "en"})
    sub.refresh_from_db()
    assert sub.language == "en"
    client.post("/en/newsletter/mine/unsubscribe/")
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.UNSUBSCRIBED


def test_the_manage_page_needs_a_login(client):
    response = client.get("/en/newsletter/mine/")
    assert response.status_code == 302
