"""The service's frame: the footer's pages (privacy notice, accessibility statement, contact, terms of use)
answer every visitor in both languages, and every page links to them."""

import pytest
from django.urls import reverse
from django.utils import translation

from twinning.accounts.models import RetentionPolicy
from twinning.accounts.tests.factories import log_in, teacher
from twinning.reference.models import SupportOrganisation

pytestmark = pytest.mark.django_db

PAGES = ["stats:privacy_notice", "stats:accessibility", "stats:contact", "stats:terms"]
LANGUAGES = ["el", "en"]


def _url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_anonymous_visitors_in_both_languages(client, name, lang):
    url = _url(name, lang)
    assert url.startswith(f"/{lang}/about/")
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert response.text.count("<h1") == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_the_footer_pages(client, lang):
    for page in (f"/{lang}/", f"/{lang}/schools/", f"/{lang}/accounts/login/", _url("stats:terms", lang)):
        response = client.get(page)
        assert response.status_code == 200, page
        footer = response.text[response.text.index('<footer class="site-footer">') :]
        for name in PAGES:
            assert f'href="{_url(name, lang)}"' in footer, f"{page} lacks a footer link to {name}"


def test_the_pages_answer_reading_methods_only(client):
    assert client.head("/en/about/terms/").status_code == 200
    assert client.post("/en/about/terms/").status_code == 405


def test_the_base_page_carries_the_logo_and_the_icons(client):
    html = client.get("/en/").text
    assert 'src="/static/img/logo.svg" alt="Twinning"' in html
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'href="/static/img/favicon.ico"' in html
    assert 'rel="apple-touch-icon"' in html


def test_the_root_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"


def test_the_privacy_notice_states_the_retention_rule_in_force(client):
    RetentionPolicy.objects.all().delete()
    RetentionPolicy.objects.create(inactive_after_days=400, anonymise_after_days=1000, warning_days=45)
    text = client.get("/en/about/privacy/").text
    assert "After 400 days without logging in, your profile is hidden" in text
    assert "After 1000 days without logging in, your account is anonymised" in text
    assert "45 days before" in text
    assert 'href="/en/me/privacy/"' in text  # where the rights are exercised


def test_the_accessibility_statement_says_what_the_directive_asks(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 25
    text = client.get("/en/about/accessibility/").text
    assert "2016/2102" in text
    assert "partially compliant" in text
    assert "WCAG" in text and "2.1" in text
    assert "after 25 minutes without activity" in text  # a known shortcoming, from the settings in force
    assert "Enforcement procedure" in text
    assert "26 November 2026" in text  # the date it was prepared
    assert f'href="{reverse("stats:contact")}"' in text  # how to report a problem


def test_contact_shows_greece_first_to_an_anonymous_visitor(client, greece, italy):
    response = client.get("/en/about/contact/")
    assert response.context["chosen"].country.code == "GR"
    assert "www.etwinning.gr" in response.text
    codes = [organisation.country.code for organisation in response.context["organisations"]]
    assert "IT" in codes and "GR" in codes


def test_contact_shows_the_chosen_country(client, greece, italy):
    SupportOrganisation.objects.filter(country=italy).update(email="etwinning@indire.it")
    response = client.get("/en/about/contact/?country=it")
    assert response.context["chosen"].country.code == "IT"
    assert 'href="mailto:etwinning@indire.it"' in response.text
    assert '<option value="IT" selected>' in response.text


def test_contact_shows_a_member_their_own_countrys_organisation(client, greece, italy):
    log_in(client, teacher(country=italy))
    assert client.get("/en/about/contact/").context["chosen"].country.code == "IT"
    # A country they ask for wins; an unknown code falls back to their own.
    assert client.get("/en/about/contact/?country=GR").context["chosen"].country.code == "GR"
    assert client.get("/en/about/contact/?country=ZZ").context["chosen"].country.code == "IT"


def test_contact_lists_only_countries_taking_part(client, greece):
    import datetime

    from twinning.reference.tests.factories import CountryFactory

    gone = CountryFactory(code="XX", valid_to=datetime.date(2010, 1, 1))
    SupportOrganisation.objects.get_or_create(country=gone, defaults={"kind": "nso", "name_en": "Gone NSO"})
    codes = [o.country.code for o in client.get("/en/about/contact/").context["organisations"]]
    assert "XX" not in codes
    assert client.get("/en/about/contact/?country=XX").context["chosen"].country.code == "GR"
