import re

import pytest
from django.core import mail

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Άννα",
    "last_name": "Μαρκοπούλου",
    "email": "anna.m@sch.gr",
    "password1": "a-long-pass-phrase-42",
    "password2": "a-long-pass-phrase-42",
    "accept_terms": "on",
}


def test_sign_up_in_greek_verifies_the_email_and_keeps_the_language(client):
    response = client.post("/el/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="anna.m@sch.gr")
    assert user.first_name == "Άννα"
    assert user.preferred_language == "el"
    assert user.validation_status == ValidationStatus.REGISTERED
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(link)
    assert user.emailaddress_set.get().verified


def test_sign_up_needs_the_privacy_agreement(client):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "accept_terms": ""})
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_sign_up_with_an_existing_email_creates_no_second_account(client):
    UserFactory(email="anna.m@sch.gr")
    client.post("/en/accounts/signup/", SIGNUP)
    assert User.objects.filter(email__iexact="anna.m@sch.gr").count() == 1


def test_sign_up_with_an_existing_email_in_other_case_creates_no_second_account(client):
    UserFactory(email="anna.m@sch.gr")
    client.post("/en/accounts/signup/", {**SIGNUP, "email": "Anna.M@SCH.GR"})
    assert User.objects.filter(email__iexact="anna.m@sch.gr").count() == 1


def test_forged_post_without_csrf_token_is_refused():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/en/accounts/signup/", SIGNUP)
    assert response.status_code == 403
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def _login(client, email, password, ip):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_lockout_is_keyed_on_username_and_ip(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    victim = UserFactory(email="victim@sch.gr")
    other = UserFactory(email="colleague@sch.gr")
    for _ in range(3):
        _login(client, victim.email, "wrong-password", "10.0.0.1")
    locked = _login(client, victim.email, PASSWORD, "10.0.0.1")
    assert locked.status_code == 429
    # The same person from another network, and a colleague on the same school network, still log in.
    assert _login(client, victim.email, PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, other.email, PASSWORD, "10.0.0.1").status_code == 302
