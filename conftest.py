import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Run tasks in-process and keep mail and media inside the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": settings.PRIVATE_MEDIA_INTERNAL_URL},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    from twinning.core import embeds

    embeds.forget()  # the allow-list is memoised per process for a minute; each test reads its own
    # Code outside a request speaks the default language (Greek); tests read messages in English
    # unless they choose a language (pages choose theirs from the URL prefix).
    translation.activate("en")
    yield
    translation.deactivate()


# --- Shared data (factories live beside each app: twinning/<app>/tests/factories.py) ------------------


@pytest.fixture
def greece(db):
    """Greece as the reference data loads it (13 regions, e.g. Attica GR-I and Crete GR-M)."""
    from twinning.reference.tests.factories import CountryFactory

    return CountryFactory(code="GR")


@pytest.fixture
def italy(db):
    from twinning.reference.tests.factories import CountryFactory

    return CountryFactory(code="IT")


@pytest.fixture
def attica(greece):
    from twinning.reference.tests.factories import RegionFactory

    return RegionFactory(country=greece, code="GR-I")


@pytest.fixture
def greek_nso(greece):
    """NSO staff of Greece, with the second factor."""
    from twinning.accounts.tests.factories import nso_staff

    return nso_staff(greece)


@pytest.fixture
def attica_ambassador(greece, attica):
    """A validated Greek teacher appointed ambassador of Attica for a term under way (with the second factor)."""
    import datetime

    from django.utils import timezone

    from twinning.accounts.models import ValidationStatus
    from twinning.accounts.tests.factories import teacher, with_totp
    from twinning.staff.models import StaffRole

    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    today = timezone.localdate()
    StaffRole.objects.create(
        user=person,
        kind=StaffRole.Kind.AMBASSADOR,
        country=greece,
        region=attica,
        term_start=today - datetime.timedelta(days=10),
        term_end=today + datetime.timedelta(days=300),
    )
    return with_totp(person)


@pytest.fixture
def administrator(db):
    """A platform administrator (superuser, no staff role), with the second factor."""
    from twinning.accounts.tests.factories import UserFactory, with_totp

    return with_totp(UserFactory(is_superuser=True, is_staff=True))


@pytest.fixture
def demo_upto():
    """``demo_upto("projects")`` limits ``load_demo`` to the steps up to that one (those it builds on): an app's
    demo test then skips the later apps' steps, which cost seconds each. The whole demo still loads in the
    accounts' tests and in ``make run``."""
    from twinning.core import demo

    saved = demo.snapshot()

    def limit(name: str, *, also: tuple[str, ...] = ()) -> None:
        position = saved[name].position
        demo.restore({key: step for key, step in saved.items() if step.position <= position or key in also})

    yield limit
    demo.restore(saved)


@pytest.fixture
def shared_cache(monkeypatch):
    """What is kept only in a shared cache (``core.cache.remembered``: staff roles, the board role) taken down
    that path whichever cache the run has (Redis in CI's second pass, memory otherwise)."""
    from django.core.cache import cache

    from twinning.core import cache as core_cache

    monkeypatch.setattr(core_cache, "is_shared", lambda: True)
    cache.clear()
