"""Projects in a real browser: from a partner-finding post to a project approved by both founders' NSOs; a
Cypriot partner who works on ESEP and approval by the Greek NSO alone; axe-core on every page of the way
(partner search, suggestions, contacts, messages, the project form and page, the gallery, the approval queue),
in Greek and English."""

import pytest
from django.core.cache import cache

from twinning.accounts.models import Visibility
from twinning.accounts.tests.factories import nso_staff
from twinning.contacts.models import Contact
from twinning.partners.tests.factories import etwinner as teaching_etwinner
from twinning.partners.tests.factories import make_post
from twinning.projects.models import Project, ProjectStatus
from twinning.projects.tests.factories import etwinner
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.reference.tests.factories import CountryFactory

from .helpers import path_of, submit
from .test_accessibility import blocking_violations, describe
from .test_accessibility import logged_in_page as as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_accessible(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {page.url}:\n{describe(violations)}"


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


def test_from_a_partner_post_to_a_project_approved_by_both_nsos(new_page, live_server, countries):
    """A Greek teacher finds an Italian teacher's post, they become contacts and talk, found a project together;
    the Greek NSO approves (still pending), the Italian NSO approves (active), and it is in the public gallery."""
    greece, italy, _cyprus = countries
    teaching = {
        "subjects": ["geography"],
        "languages": ["en"],
        "age_bands": ["12-15"],
        "visibility": Visibility.ETWINNERS,
    }
    maria = teaching_etwinner(
        country=greece, first_name="Μαρία", last_name="Παπαδοπούλου", email="maria@sch.gr", **teaching
    )
    giulia = teaching_etwinner(
        country=italy, first_name="Giulia", last_name="Rossi", email="giulia@istruzione.it", **teaching
    )
    post = make_post(giulia, title="Rivers of our towns", subjects_codes=["geography"])

    # Maria searches, opens Giulia's post and asks to become contacts.
    greek = as_user(new_page, live_server, maria)
    greek.goto("/el/partners/")
    assert_accessible(greek)
    greek.fill("input[name=q]", "rivers")
    submit(greek, "main form[method=get]")
    with greek.expect_navigation():
        greek.locator("main").get_by_role("link", name="Rivers of our towns").click()
    assert path_of(greek) == f"/el/partners/{post.pk}/"
    assert_accessible(greek)
    greek.goto("/el/partners/suggestions/")
    assert greek.locator("main").get_by_text("Giulia Rossi").count() >= 1
    assert_accessible(greek)
    greek.goto(f"/el/partners/{post.pk}/")
    with greek.expect_navigation():
        greek.locator("main a[href*='/contacts/request/']").click()
    greek.fill("textarea[name=message]", "Γεια σου Giulia! Διδάσκω κι εγώ Γεωγραφία σε παιδιά 12–15 ετών.")
    submit(greek)

    # Giulia accepts and writes first; Maria reads the unread conversation and answers.
    italian = as_user(new_page, live_server, giulia)
    italian.goto("/en/contacts/")
    assert_accessible(italian)
    with italian.expect_navigation():
        italian.locator("main form[action*='/accept/'] button").first.click()
    assert Contact.objects.filter(owner=maria, other=giulia).exists()
    with italian.expect_navigation():
        italian.locator(f"main a[href*='/messages/new/{maria.pk}/']").first.click()
    italian.fill("textarea[name=body]", "Ciao Maria! Shall we found a project about the rivers of our towns?")
    submit(italian)
    assert_accessible(italian)
    greek.goto("/el/messages/")
    assert_accessible(greek)
    with greek.expect_navigation():
        greek.locator("main").get_by_role("link", name="Giulia Rossi").first.click()
    assert "rivers of our towns" in greek.inner_text("main")
    greek.fill("textarea[name=body]", "Ναι! Ιδρύω το έργο και σε ορίζω συνιδρύτρια.")
    submit(greek)
    assert "Ιδρύω το έργο" in greek.inner_text("main")

    # Maria founds the project with Giulia as co-founder; Giulia accepts.
    greek.goto("/el/projects/new/")
    assert_accessible(greek)
    greek.select_option("select[name=cofounder]", str(giulia.pk))
    fill_project(greek, "Τα ποτάμια των πόλεών μας")
    submit(greek)
    project = Project.objects.get()
    assert path_of(greek) == f"/el/projects/{project.pk}/"
    assert_accessible(greek)
    with greek.expect_navigation():
        greek.locator(f"form[action$='/projects/{project.pk}/submit/'] button").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_PARTNER
    italian.goto(f"/en/projects/{project.pk}/")
    assert_accessible(italian)
    with italian.expect_navigation():
        italian.locator(f"form[action$='/projects/{project.pk}/accept/'] button").click()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO

    # Each founder's NSO approves its side: after the Greek one it still waits, after the Italian one it is active.
    greek_nso = as_user(new_page, live_server, nso_staff(greece))
    greek_nso.goto("/el/staff/projects/approvals/")
    assert_accessible(greek_nso)
    approve_in_queue(greek_nso, "el", "Τα ποτάμια των πόλεών μας")
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO
    italian_nso = as_user(new_page, live_server, nso_staff(italy))
    italian_nso.goto("/en/staff/projects/approvals/")
    assert_accessible(italian_nso)
    approve_in_queue(italian_nso, "en", "Τα ποτάμια των πόλεών μας")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE

    visitor = new_page()
    for lang in ("el", "en"):
        visitor.goto(f"/{lang}/projects/")
        assert visitor.locator("main").get_by_text("Τα ποτάμια των πόλεών μας").count() == 1
        assert_accessible(visitor)
        visitor.goto(f"/{lang}/projects/{project.pk}/")
        assert_accessible(visitor)
    # The Italian side of partner finding, in English.
    for path in ("/en/partners/", "/en/partners/suggestions/", "/en/messages/"):
        italian.goto(path)
        assert_accessible(italian)
    for page in (greek, italian, greek_nso, italian_nso, visitor):
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
