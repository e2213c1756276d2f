"""The menus' entries are ordered and their addresses reversed once per process: the remembered addresses
follow the language, and a registration (or a registry put back by a test) is seen at once."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from twinning.core import registries


@pytest.fixture
def saved_registries():
    saved = registries.snapshot()
    yield
    registries.restore(saved)


def _links(section=registries.MAIN):
    return {link.url: link for link in registries.navigation_for(AnonymousUser(), section)}


def test_each_language_gets_its_own_address(saved_registries):
    registries.register_nav("test.privacy", "Privacy", "stats:privacy_notice", position=1)
    with translation.override("el"):
        greek = reverse("stats:privacy_notice")
        assert greek.startswith("/el/") and greek in _links()
    with translation.override("en"):
        english = reverse("stats:privacy_notice")
        assert english.startswith("/en/") and english in _links()
        assert greek not in _links()


def test_a_new_registration_is_seen_at_once(saved_registries):
    with translation.override("en"):
        registries.register_nav("test.link", "Link", "stats:privacy_notice", position=1)
        assert reverse("stats:privacy_notice") in _links()
        registries.register_nav("test.link", "Link", "stats:terms", position=1)
        links = _links()
        assert reverse("stats:terms") in links and reverse("stats:privacy_notice") not in links


def test_entries_keep_their_order_and_a_restored_registry_drops_them():
    saved = registries.snapshot()
    with translation.override("en"):
        registries.register_nav("test.last", "Last", "stats:terms", position=10_000)
        registries.register_nav("test.first", "First", "stats:contact", position=-10_000)
        urls = [link.url for link in registries.navigation_for(AnonymousUser(), registries.MAIN)]
        assert urls[0] == reverse("stats:contact") and urls[-1] == reverse("stats:terms")
        registries.restore(saved)
        urls = [link.url for link in registries.navigation_for(AnonymousUser(), registries.MAIN)]
        assert reverse("stats:contact") not in urls and reverse("stats:terms") not in urls


def test_badges_are_counted_on_every_call(saved_registries):
    counts = iter([3, 0])
    registries.register_nav("test.badge", "Badge", "stats:terms", position=1, badge=lambda user: next(counts))
    with translation.override("en"):
        assert _links()[reverse("stats:terms")].badge == 3
        assert _links()[reverse("stats:terms")].badge == 0
