"""Projects in a real browser: founding with an Italian co-founder and approval by both NSOs; founding with a
Cypriot partner who works on ESEP and approval by the Greek NSO alone; axe-core on the projects pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.projects.models import Project, ProjectStatus
from twinning.projects.tests.factories import etwinner, make_contacts
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.reference.tests.factories import CountryFactory

from .helpers import path_of, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def assert_accessible(page) -> None:
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    assert not bad, f"axe on {page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:3]]})" for v in bad
    )


def as_user(new_page, live_server, user):
    client = Client()
    log_in(client, user)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def countries():
    # The taxonomies the form offers. A transactional test after others may find the reference data flushed
    # (it is restored only when the run's first database test is transactional), so make sure they exist.
    Language.objects.get_or_create(code="en", defaults={"name_en": "English", "name_el": "Αγγλικά"})
    AgeBand.objects.get_or_create(
        code="12-15", defaults={"name_en": "12–15", "name_el": "12–15", "min_age": 12, "max_age": 15}
    )
    Subject.objects.get_or_create(code="geography", defaults={"name_en": "Geography", "name_el": "Γεωγραφία"})
    greece, italy, cyprus = CountryFactory(code="GR"), CountryFactory(code="IT"), CountryFactory(code="CY")
    Country.objects.filter(code__in=["GR", "IT"]).update(hosted_here=True)
    Country.objects.filter(code="CY").update(hosted_here=False)
    cache.clear()
    return greece, italy, cyprus


def fill_project(page, title: str) -> None:
    page.fill("input[name=title]", title)
    page.fill(
        "textarea[name=summary]",
        "Greek and Italian pupils measure how their schools use water and design a campaign together.",
    )
    page.locator("input[name=languages]").first.check()
    page.locator("input[name=age_bands]").first.check()
    page.locator("input[name=subjects]").first.check()
    page.fill("textarea[name=aims]", "Understand the water cycle and compare habits.")
    page.fill("textarea[name=work_process]", "Monthly online meetings and shared measurements.")
    page.fill("textarea[name=expected_results]", "A shared campaign video made by the pupils.")


def approve_in_queue(page, lang: str, title: str) -> None:
    page.goto(f"/{lang}/staff/projects/approvals/")
    row = page.locator("tr", has_text=title)
    row.locator("input[name=approvals]").check()
    with page.expect_navigation():
        page.locator("button[name=action][value=approve]").click()


def test_greek_and_italian_founders_and_both_nsos_approve(new_page, live_server, countries):
    greece, italy, _cyprus = countries
    maria = etwinner(greece, first_name="Μαρία", last_name="Παπαδοπούλου", email="maria@sch.gr")
    giulia = etwinner(italy, first_name="Giulia", last_name="Rossi", email="giulia@istruzione.it")
    make_contacts(maria, giulia)
    nso_gr, nso_it = nso_staff(greece), nso_staff(italy)

    founder = as_user(new_page, live_server, maria)
    founder.goto("/el/projects/new/")
    assert_accessible(founder)
    founder.select_option("select[name=cofounder]", str(giulia.pk))
    fill_project(founder, "Το νερό της Γης")
    submit(founder)
    project = Project.objects.get()
    assert path_of(founder) == f"/el/projects/{project.pk}/"
    assert_accessible(founder)
    with founder.expect_navigation():
        founder.locator(f"form[action$='/projects/{project.pk}/submit/'] button").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_PARTNER

    partner = as_user(new_page, live_server, giulia)
    partner.goto(f"/en/projects/{project.pk}/")
    assert_accessible(partner)
    with partner.expect_navigation():
        partner.locator(f"form[action$='/projects/{project.pk}/accept/'] button").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO

    greek_nso = as_user(new_page, live_server, nso_gr)
    greek_nso.goto("/el/staff/projects/approvals/")
    assert_accessible(greek_nso)
    approve_in_queue(greek_nso, "el", "Το νερό της Γης")
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO  # the Italian side still waits

    italian_nso = as_user(new_page, live_server, nso_it)
    italian_nso.goto("/en/staff/projects/approvals/")
    assert_accessible(italian_nso)
    approve_in_queue(italian_nso, "en", "Το νερό της Γης")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE

    visitor = new_page()
    for lang in ("el", "en"):
        visitor.goto(f"/{lang}/projects/")
        assert visitor.locator("main").get_by_text("Το νερό της Γης").count() == 1
        assert_accessible(visitor)
        visitor.goto(f"/{lang}/projects/{project.pk}/")
        assert_accessible(visitor)
    for page in (founder, partner, greek_nso, italian_nso, visitor):
        assert not page.browser_errors, page.browser_errors


def test_greek_founder_with_a_cypriot_partner_on_esep(new_page, live_server, countries):
    greece, _italy, cyprus = countries
    eleni = etwinner(greece, email="eleni@sch.gr")
    founder = as_user(new_page, live_server, eleni)
    founder.goto("/en/projects/new/")
    assert_accessible(founder)
    founder.check("input[name=partner_kind][value=esep]")
    founder.fill("input[name=partner_name]", "Christina Pavlou")
    founder.fill("input[name=partner_school]", "Lyceum of Agios Nikolaos")
    founder.select_option("select[name=partner_country]", str(cyprus.pk))
    founder.fill("input[name=partner_email]", "ch.pavlou@schools.ac.cy")
    founder.fill("input[name=esep_url]", "https://school-education.ec.europa.eu/en/etwinning/projects/118204")
    fill_project(founder, "Colours of the Mediterranean")
    submit(founder)
    project = Project.objects.get()
    with founder.expect_navigation():
        founder.locator(f"form[action$='/projects/{project.pk}/submit/'] button").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO
    assert list(project.approvals.values_list("country__code", flat=True)) == ["GR"]

    greek_nso = as_user(new_page, live_server, nso_staff(greece))
    greek_nso.goto("/en/staff/projects/approvals/")
    assert greek_nso.locator("main").get_by_text("approved on ESEP").count() >= 1
    approve_in_queue(greek_nso, "en", "Colours of the Mediterranean")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert not founder.browser_errors and not greek_nso.browser_errors
