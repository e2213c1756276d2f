"""The events' source, the registries, the e-mail backend chosen by settings, the demo, population and privacy."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from twinning.core import privacy as core_privacy
from twinning.events.newsletter_source import upcoming_events
from twinning.events.tests.factories import make_event
from twinning.newsletter import sources
from twinning.newsletter.models import Delivery, Subscription

from .factories import newsletter, subscription

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_events_source_offers_upcoming_published_events_in_the_language(greece, italy):
    from twinning.reference.models import Language

    greek, _ = Language.objects.get_or_create(code="el", defaults={"name_en": "Greek", "name_el": "Ελληνικά"})
    greece.languages.add(greek)
    italy.languages.clear()
    since = timezone.now() - timedelta(days=30)
    make_event(greece, title="Greek soon")
    make_event(greece, title="Greek draft", published=False)
    make_event(greece, title="Greek past", starts_in=-timedelta(days=3))
    cancelled = make_event(greece, title="Greek cancelled")
    cancelled.cancelled_at = timezone.now()
    cancelled.save(update_fields=["cancelled_at"])
    make_event(italy, title="Italian soon")
    assert [i.title for i in upcoming_events(since, "el")] == ["Greek soon"]
    assert {i.title for i in upcoming_events(since, "en")} == {"Greek soon", "Italian soon"}
    item = upcoming_events(since, "el")[0]
    assert item.kind == "events" and item.url.startswith("/el/events/") and item.summary == "About it."
    assert "events" in {s.key for s in sources.sources()}
    assert [i.title for i in sources.items_since(since, "el")] == ["Greek soon"]


def test_a_failing_source_is_left_out():
    saved = sources.snapshot()
    try:
        sources.restore(({}, {}))

        def broken(since, language):
            raise RuntimeError("down")

        sources.register_source("broken", "Broken", broken)
        sources.register_source("ok", "OK", lambda since, language: [
            sources.NewsletterItem("t", "s", "/x/", since.date(), "ok")
        ])  # fmt: skip
        assert [i.title for i in sources.items_since(timezone.now(), "el")] == ["t"]
    finally:
        sources.restore(saved)
    assert "events" in {s.key for s in sources.sources()}
    assert sources.audience("trainers") is not None


def _backend(**env):
    drop = {"ANYMAIL_ESP", "ANYMAIL_API_KEY", "EMAIL_BACKEND"}
    full_env = {k: v for k, v in os.environ.items() if k not in drop}
    full_env.update({"DEBUG": "1", **env})
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.EMAIL_BACKEND, getattr(settings, 'ANYMAIL', {})]))")  # fmt: skip
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env={**full_env, "DJANGO_SETTINGS_MODULE": "twinning.settings"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_email_backend_follows_the_settings():
    backend, anymail = _backend(ANYMAIL_ESP="postmark", ANYMAIL_API_KEY="secret-token")
    assert backend == "anymail.backends.postmark.EmailBackend"
    assert anymail["POSTMARK_SERVER_TOKEN"] == "secret-token"
    backend, _ = _backend(ANYMAIL_ESP="mailgun", ANYMAIL_API_KEY="key-1")
    assert backend == "anymail.backends.mailgun.EmailBackend"
    backend, anymail = _backend(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert backend == "django.core.mail.backends.smtp.EmailBackend" and anymail == {}


@pytest.mark.django_db
def test_privacy_download_and_erasure(greece):
    from twinning.accounts.tests.factories import css_staff, teacher

    person = teacher(country=greece)
    sub = subscription(person.email, user=person)
    letter = newsletter(by=css_staff())
    Delivery.objects.create(newsletter=letter, subscription=sub, email=sub.email, status="sent")
    other = subscription("other@example.org")
    Delivery.objects.create(newsletter=letter, subscription=other, email=other.email, status="sent")
    from twinning.newsletter.privacy import erase_newsletter

    exported = core_privacy.export_person(person)["newsletter"]
    assert exported["subscriptions"][0]["email"] == sub.email and exported["deliveries"][0]["status"] == "sent"
    erase_newsletter(person)
    erase_newsletter(person)  # safe twice
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    assert Delivery.objects.filter(email="", subscription=None).count() == 1
    assert Subscription.objects.filter(pk=other.pk).exists()
    assert "newsletter" in core_privacy.eraser_names()


@pytest.mark.django_db
def test_tiny_population_and_reset(greece):
    from twinning.core import population
    from twinning.newsletter import population as newsletter_population

    population.generate(scale="tiny", seed=3)
    made = newsletter_population.generated_subscriptions()
    assert made.exists() and not made.exclude(status="confirmed").exists()
    count = made.count()
    population.generate(scale="tiny", seed=3)
    assert newsletter_population.generated_subscriptions().count() == count
    newsletter_population.reset_subscriptions()
    assert not newsletter_population.generated_subscriptions().exists()


@pytest.mark.django_db
def test_the_demo_subscribes_two_and_sends_one_newsletter(greece):
    from twinning.accounts.models import ValidationStatus
    from twinning.accounts.tests.factories import nso_staff, teacher
    from twinning.newsletter.demo import load_newsletter
    from twinning.newsletter.models import Newsletter

    nso_staff(greece)
    for _ in range(3):
        teacher(country=greece, status=ValidationStatus.VALIDATED)
    load_newsletter()
    load_newsletter()  # done once
    letter = Newsletter.objects.get()
    assert letter.status == "sent" and letter.country == greece
    assert Subscription.objects.filter(status="confirmed").count() == 2
    assert Subscription.objects.filter(status="pending").count() == 1
    assert Delivery.objects.filter(newsletter=letter, status="sent").count() == 2
