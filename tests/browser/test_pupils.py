"""The TwinSpace with pupils in a real Chromium (issue scenario): the Greek founder of an active project makes
three pupil logins, records the parents' consent, prints the login cards and writes a page with an image in
the editor; a pupil signs in on the pupils' page, reads the page, replies in a thread and cannot open the
teachers' bulletin (no link, and its address gives 404); the Italian partner sees the pupil's reply. axe-core
on the pupils' pages, the feed, the materials, a pupil's home and the pupils' sign-in, in Greek and English."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from twinning.contacts.tests.factories import make_contacts
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Post
from twinning.projects.tests.factories import active_project, etwinner
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.schools.tests.factories import CountryFactory
from twinning.twinspace import feed, selectors, services
from twinning.twinspace.models import Page, PupilMembership

from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world():
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
    workspace.project = project
    forums = selectors.forums(workspace)
    talk = discussion_services.discussion_create(actor=founder, forum=forums[services.FORUM], title="Τα ποτάμια")
    thread = discussion_services.thread_create(
        actor=founder, discussion=talk, title="Ποιο ποτάμι έχετε κοντά σας;", body="<p>Γράψτε μας!</p>"
    )
    discussion_services.discussion_create(actor=founder, forum=forums[services.BULLETIN], title="Σχέδιο μαθημάτων")
    return {"project": project, "founder": founder, "partner": partner, "workspace": workspace, "thread": thread,
            "bulletin": forums[services.BULLETIN]}  # fmt: skip


def _wait_for_body(page, text: str) -> None:
    for _ in range(100):
        if text in page.input_value("textarea[name=body]"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the editor never put {text!r} in the form")


def _no_blocking(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {page.url}:\n{describe(violations)}"


def test_a_class_works_in_the_twinspace(new_page, live_server, world, tmp_path):
    from PIL import Image

    project, founder = world["project"], world["founder"]
    teacher = logged_in_page(new_page, live_server, founder)
    # 1. Three logins for a class, with nicknames.
    teacher.goto(f"/el/twinspace/{project.pk}/")
    with teacher.expect_navigation():
        teacher.get_by_role("link", name="Λογαριασμοί μαθητών και συγκαταθέσεις").click()
    teacher.get_by_label("Πόσοι λογαριασμοί").fill("3")
    teacher.get_by_role("textbox", name="Ψευδώνυμα (προαιρετικά)").fill("Νίκος\nΕλένη\nΓιάννης")
    teacher.get_by_role("textbox", name="Τμήμα (προαιρετικά)").fill("Α1")
    with teacher.expect_navigation():
        teacher.get_by_role("button", name="Δημιουργία λογαριασμών").click()
    rows = teacher.locator("#new-logins tbody tr")
    assert rows.count() == 3
    logins = [(rows.nth(i).locator("td").nth(1).inner_text(), rows.nth(i).locator("td").nth(2).inner_text())
              for i in range(3)]  # fmt: skip
    _no_blocking(teacher)
    # 2. The login cards.
    cards = teacher.request.get(f"{live_server.url}/el/twinspace/{project.pk}/pupils/cards.pdf")
    assert cards.ok and cards.headers["content-type"] == "application/pdf" and cards.body().startswith(b"%PDF")
    # 3. The parents' consent, pupil by pupil.
    for nickname in ("Νίκος", "Ελένη", "Γιάννης"):
        teacher.goto(f"/el/twinspace/{project.pk}/pupils/")
        with teacher.expect_navigation():
            teacher.get_by_role("link", name=nickname).click()
        teacher.get_by_label("Ημερομηνία συγκατάθεσης των γονέων").fill(timezone.localdate().isoformat())
        teacher.get_by_label("Πώς δόθηκε").select_option("paper")
        with teacher.expect_navigation():
            teacher.get_by_role("button", name="Καταγραφή της συγκατάθεσης").click()
        assert "μπορεί να συνδεθεί" in teacher.inner_text("main")
    _no_blocking(teacher)
    assert PupilMembership.objects.filter(workspace=world["workspace"], pupil__consent_date__isnull=False).count() == 3
    # 4. A page with an image, written in the editor.
    picture = tmp_path / "river.png"
    Image.new("RGB", (120, 80), (40, 90, 200)).save(picture)
    teacher.goto(f"/el/twinspace/{project.pk}/pages/new/")
    teacher.fill("input[name=title]", "Το ποτάμι μας")
    editor = teacher.get_by_role("textbox", name="Κείμενο")
    editor.click()
    editor.focus()
    teacher.keyboard.type("Το ποτάμι δίπλα στο σχολείο:")
    teacher.keyboard.press("Enter")
    teacher.get_by_role("button", name="Εισαγωγή εικόνας").click()
    dialog = teacher.locator("dialog.richtext-dialog")
    dialog.locator("input[type=file]").set_input_files(str(picture))
    dialog.get_by_label("Περιγράψτε την εικόνα για όσους δεν μπορούν να τη δουν").fill("Το ποτάμι")
    dialog.get_by_role("button", name="Εισαγωγή της εικόνας").click()
    teacher.locator(".richtext .ProseMirror img").wait_for()
    _wait_for_body(teacher, "<img")
    teacher.check("input[name=published]")
    with teacher.expect_navigation():
        teacher.get_by_role("button", name="Αποθήκευση της σελίδας").click()
    river = Page.objects.get(title="Το ποτάμι μας")
    assert "<img" in river.body and river.published
    # 5. A pupil signs in, reads the page, replies in the thread, and never reaches the bulletin.
    username, password = logins[1]
    pupil = new_page()
    pupil.goto(f"{live_server.url}/el/pupils/sign-in/")
    _no_blocking(pupil)
    pupil.get_by_label("Όνομα χρήστη").fill(username)
    pupil.get_by_label("Κωδικός").fill(password)
    with pupil.expect_navigation():
        pupil.get_by_role("button", name="Σύνδεση").click()
    assert "Τα TwinSpace μου" in pupil.inner_text("h1")
    with pupil.expect_navigation():
        pupil.get_by_role("link", name=project.title).click()
    home = pupil.inner_text("main")
    assert "Πίνακας ανακοινώσεων" not in home and founder.email not in home
    with pupil.expect_navigation():
        pupil.get_by_role("link", name="Το ποτάμι μας").click()
    assert pupil.evaluate("document.querySelector('main .rich-text img').naturalWidth") == 120
    pupil.goto(f"{live_server.url}/el/forums/threads/{world['thread'].pk}/")
    reply = pupil.get_by_role("textbox", name="Η απάντησή σας")
    reply.click()
    reply.focus()
    pupil.keyboard.type("Κοντά μας είναι ο Αχελώος.")
    _wait_for_body(pupil, "Αχελώος")
    with pupil.expect_navigation():
        pupil.get_by_role("button", name="Απάντηση").click()
    assert Post.objects.filter(thread=world["thread"], body__contains="Αχελώος").exists()
    response = pupil.goto(f"{live_server.url}/el/forums/{world['bulletin'].pk}/")
    assert response is not None and response.status == 404
    response = pupil.goto(f"{live_server.url}/el/partners/")
    assert response is not None and response.status == 404
    # 6. The Italian partner reads the pupil's reply.
    partner = logged_in_page(new_page, live_server, world["partner"])
    partner.goto(f"/en/forums/threads/{world['thread'].pk}/")
    assert "Αχελώος" in partner.inner_text("main") and "Ελένη" in partner.inner_text("main")
    for page in (teacher, pupil, partner):
        assert not page.browser_errors, page.browser_errors


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_pupils_parts_have_no_serious_violations(new_page, live_server, world, lang):
    project, founder, workspace = world["project"], world["founder"], world["workspace"]
    logins = services.pupils_add(
        actor=founder, workspace=workspace, count=2, nicknames="Άννα", team="Α1", under_consent_age=False
    )
    update = feed.update_post(actor=founder, workspace=workspace, body="Καλή αρχή σε όλους!")
    feed.comment_post(actor=logins[0].pupil.user, update=update, body="Ευχαριστούμε!")
    feed.update_post(actor=logins[0].pupil.user, workspace=workspace, body="Γεια!", wall_user_id=logins[0].pupil.pk)
    teacher = logged_in_page(new_page, live_server, founder)
    base = f"/{lang}/twinspace/{project.pk}/"
    for url in (f"{base}pupils/", f"{base}pupils/{logins[0].pupil.pk}/", f"{base}feed/", f"{base}walls/",
                f"{base}walls/{logins[0].pupil.pk}/", f"{base}materials/", f"{base}materials/new/",
                f"{base}guests/", f"{base}meetings/", f"{base}meetings/new/", f"{base}archive/"):  # fmt: skip
        response = teacher.goto(url)
        assert response is not None and response.status == 200, url
        _no_blocking(teacher)
    pupil = new_page()
    pupil.goto(f"{live_server.url}/{lang}/pupils/sign-in/")
    pupil.locator("input[name=username]").fill(logins[0].username)
    pupil.locator("input[name=password]").fill(logins[0].password)
    with pupil.expect_navigation():
        pupil.locator("main button[type=submit]").click()
    for url in (f"/{lang}/twinspace/mine/", base, f"{base}feed/"):
        response = pupil.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        _no_blocking(pupil)
    assert not teacher.browser_errors and not pupil.browser_errors, teacher.browser_errors + pupil.browser_errors


def test_the_pupils_pages_fit_a_phone(new_page, live_server, world):
    from .test_responsive import PHONE, _overflow

    project, founder, workspace = world["project"], world["founder"], world["workspace"]
    logins = services.pupils_add(
        actor=founder, workspace=workspace, count=3, nicknames="Αλεξάνδρα-Κωνσταντίνα", team="Α1",
        under_consent_age=True,
    )  # fmt: skip
    feed.update_post(actor=founder, workspace=workspace, body="Μια ενημέρωση με αρκετά μεγάλο κείμενο " * 5)
    page = logged_in_page(new_page, live_server, founder)
    page.goto(f"/el/twinspace/{project.pk}/pupils/")  # the new logins are in this session only: make them here
    page.set_viewport_size(PHONE)
    problems = []
    for url in (f"/el/twinspace/{project.pk}/pupils/", f"/el/twinspace/{project.pk}/pupils/{logins[0].pupil.pk}/",
                f"/el/twinspace/{project.pk}/feed/", f"/el/twinspace/{project.pk}/materials/",
                f"/el/twinspace/{project.pk}/guests/", f"/el/twinspace/{project.pk}/meetings/",
                f"/el/twinspace/{project.pk}/archive/"):  # fmt: skip
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        problems.append(_overflow(page, url, PHONE))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
