"""The TwinSpace in a real Chromium: a founder writes a page with a sub-page in the editor, a visitor sees
the published pages only; axe-core on the workspace, a page and the page editor, in Greek and English."""

import pytest
from django.core.cache import cache

from twinning.contacts.tests.factories import make_contacts
from twinning.projects.tests.factories import active_project, etwinner
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.schools.tests.factories import CountryFactory
from twinning.twinspace import services
from twinning.twinspace.models import Page

from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def project_world():
    # A transactional test after others may find the reference data flushed: the taxonomies a project needs.
    Language.objects.get_or_create(code="en", defaults={"name_en": "English", "name_el": "Αγγλικά"})
    AgeBand.objects.get_or_create(
        code="12-15", defaults={"name_en": "12–15", "name_el": "12–15", "min_age": 12, "max_age": 15}
    )
    Subject.objects.get_or_create(code="geography", defaults={"name_en": "Geography", "name_el": "Γεωγραφία"})
    greece, italy = CountryFactory(code="GR"), CountryFactory(code="IT")
    Country.objects.filter(code__in=["GR", "IT"]).update(hosted_here=True)
    cache.clear()
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    workspace = services.workspace_open(project)
    return {"project": project, "founder": founder, "workspace": workspace}


def test_a_founder_writes_pages_and_a_visitor_reads_the_published_ones(new_page, live_server, project_world):
    project, founder = project_world["project"], project_world["founder"]
    page = logged_in_page(new_page, live_server, founder)
    page.goto(f"/el/projects/{project.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Άνοιγμα του TwinSpace").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Προσθήκη σελίδας").click()
    page.fill("input[name=title]", "Τα ποτάμια μας")
    editor = page.get_by_role("textbox", name="Κείμενο")
    editor.click()
    editor.focus()
    page.keyboard.type("Ο χάρτης των ποταμών της περιοχής μας.")
    page.check("input[name=published]")
    for _ in range(100):
        if "χάρτης" in page.input_value("textarea[name=body]"):
            break
        page.wait_for_timeout(50)
    with page.expect_navigation():
        page.get_by_role("button", name="Αποθήκευση της σελίδας").click()
    river = Page.objects.get(title="Τα ποτάμια μας")
    assert "χάρτης" in river.body and river.published
    services.page_save(
        actor=founder, workspace=project_world["workspace"], page=None, title="Πρόχειρο σχέδιο", body="<p>x</p>",
        parent=None, published=False,
    )  # fmt: skip
    visitor = new_page()
    visitor.goto(f"/el/twinspace/{project.pk}/")
    text = visitor.inner_text("main")
    assert "Τα ποτάμια μας" in text and "Πρόχειρο σχέδιο" not in text and "Φόρουμ" not in text
    assert not page.browser_errors and not visitor.browser_errors, page.browser_errors + visitor.browser_errors


@pytest.mark.parametrize("lang", ["el", "en"])
def test_twinspace_pages_have_no_serious_violations(new_page, live_server, project_world, lang):
    project, founder = project_world["project"], project_world["founder"]
    top = services.page_save(
        actor=founder, workspace=project_world["workspace"], page=None, title="Αρχική", body="<p>Καλώς ήρθατε</p>",
        parent=None, published=True,
    )  # fmt: skip
    services.page_save(
        actor=founder, workspace=project_world["workspace"], page=None, title="Τάξεις", body="<p>Οι τάξεις</p>",
        parent=top, published=True,
    )  # fmt: skip
    page = logged_in_page(new_page, live_server, founder)
    for url in (
        f"/{lang}/twinspace/{project.pk}/",
        f"/{lang}/twinspace/{project.pk}/pages/{top.pk}/",
        f"/{lang}/twinspace/{project.pk}/pages/new/",
        f"/{lang}/twinspace/{project.pk}/settings/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        violations = blocking_violations(page)
        assert not violations, f"axe found serious/critical problems on {url}:\n{describe(violations)}"
    assert not page.browser_errors, page.browser_errors


def test_twinspace_pages_fit_a_phone(new_page, live_server, project_world):
    from .test_responsive import PHONE, _overflow

    project, founder = project_world["project"], project_world["founder"]
    top = services.page_save(
        actor=founder, workspace=project_world["workspace"], page=None,
        title="Μια σελίδα με πολύ μακρύ τίτλο για τις δραστηριότητες των τάξεών μας", body="<p>Κείμενο</p>",
        parent=None, published=True,
    )  # fmt: skip
    page = logged_in_page(new_page, live_server, founder)
    page.set_viewport_size(PHONE)
    problems = []
    for url in (
        f"/el/twinspace/{project.pk}/",
        f"/el/twinspace/{project.pk}/pages/{top.pk}/",
        f"/el/twinspace/{project.pk}/pages/new/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        problems.append(_overflow(page, url, PHONE))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    assert not page.browser_errors, page.browser_errors
