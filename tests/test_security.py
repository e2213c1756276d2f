"""Security across the apps: lockout and rate limits behind the proxy, /healthz, the CSRF page,
request-size limits and the production defaults."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from twinning.accounts.tests.factories import PASSWORD, UserFactory, log_in, nso_staff, with_totp
from twinning.schools.tests.factories import CountryFactory

ROOT = Path(__file__).resolve().parents[1]


def _login(client, email, password, forwarded):
    return client.post(
        "/en/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_lockout_behind_the_proxy_keys_on_the_real_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    victim = UserFactory(email="victim@sch.gr")
    for _ in range(3):
        _login(client, victim.email, "wrong-password", "198.51.100.66")
    assert _login(client, victim.email, PASSWORD, "198.51.100.66").status_code == 429
    # Sending a made-up address in the header does not get the attacker out of the lockout …
    assert _login(Client(), victim.email, PASSWORD, "203.0.113.5, 198.51.100.66").status_code == 429
    # … and the victim, from their own network behind the same proxy, still logs in.
    assert _login(Client(), victim.email, PASSWORD, "203.0.113.5").status_code == 302


@pytest.mark.django_db
def test_login_rate_limit_behind_the_proxy_keys_on_the_real_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    person = UserFactory(email="anna@sch.gr")
    busy = Client()
    for _ in range(3):
        _login(busy, person.email, "wrong-password", "198.51.100.7")
    assert _login(busy, person.email, "wrong-password", "198.51.100.7").status_code == 429
    # Everyone else behind the same proxy still logs in.
    assert _login(Client(), person.email, PASSWORD, "203.0.113.8").status_code == 302


# --- /healthz ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_tells_anonymous_callers_only_the_status(client):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_gives_details_on_the_machine_itself(client):
    body = client.get("/healthz", REMOTE_ADDR="127.0.0.1").json()
    assert body["status"] == "ok"
    assert {"database", "cache", "task_queue"} <= set(body["checks"])


@pytest.mark.django_db
def test_healthz_behind_the_proxy_does_not_mistake_visitors_for_the_machine(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    body = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").json()
    assert "checks" not in body


@pytest.mark.django_db
def test_healthz_details_for_an_administrator_but_not_for_nso_staff(client):
    log_in(client, nso_staff(CountryFactory(code="GR")))
    assert "checks" not in client.get("/healthz", REMOTE_ADDR="203.0.113.9").json()
    admin_client = Client()
    log_in(admin_client, with_totp(UserFactory(is_superuser=True)))
    assert "checks" in admin_client.get("/healthz", REMOTE_ADDR="203.0.113.9").json()


# --- The CSRF failure page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_without_its_token_gets_the_platforms_page_in_the_users_language():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/el/accounts/login/", {"login": "a@b.gr", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="skip-link"' in page  # the platform's layout
    assert "Η φόρμα έληξε" in page
    assert "CSRF" not in page


# --- Request size ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_post_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post("/en/accounts/login/", {"login": "a@b.gr", "password": "x" * 5000})
    assert response.status_code == 413
    assert "at most 1.0" in response.content.decode()


@pytest.mark.django_db
def test_an_ordinary_post_passes(client):
    response = client.post("/en/accounts/login/", {"login": "nobody@b.gr", "password": "wrong-password"})
    assert response.status_code == 200


# --- Production defaults ---------------------------------------------------------------------------------


def _python(code: str, **env):
    import os

    drop = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    full_env = {k: v for k, v in os.environ.items() if k not in drop}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


SETTINGS = "import os; os.environ['DJANGO_SETTINGS_MODULE']='twinning.settings'; from django.conf import settings; "


def test_debug_is_off_unless_asked_for():
    code = SETTINGS + "print(settings.DEBUG)"
    result = _python(code, SECRET_KEY="k" * 60, ALLOWED_HOSTS="twinning.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_debug_there_is_no_built_in_secret_key():
    code = SETTINGS + "settings.SECRET_KEY"
    result = _python(code, ALLOWED_HOSTS="twinning.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
