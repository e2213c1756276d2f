"""Support and publishing in a real Chromium (issue 13 scenario).

The helpdesk: a Greek teacher of a school in Attica types a pedagogical question; while they type, the knowledge
base suggests an article (htmx, static/js/support.js); they send the ticket anyway; the ambassador of Attica
(password and second factor) finds it in their queue, answers and marks it resolved; the teacher reads the
answer and rates it.

The magazine: a validated teacher proposes an article from the platform; the board's reviewer asks for changes in
Wagtail's admin (/cms/), with a comment; the author reads the comment on "My articles" and revises; the reviewer
and the editor-in-chief approve in /cms/, the article is published in issue no. 1 and appears on the magazine's
page, the issue's page and the RSS feed.

axe-core in Greek and English on the ticket form, the requester's ticket page, the knowledge base's home and an
article, the magazine, the issue and a published article; the ticket page and the magazine fit a 390 px phone."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import PASSWORD, teacher, with_totp
from twinning.schools.tests.factories import SchoolFactory

from .helpers import axe_in_both_languages, fits_a_phone, log_in, no_blocking, path_of, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE_TITLE = "Πώς βρίσκω εταίρους για ένα έργο eTwinning"
SUBJECT = "Βρίσκω εταίρους για έργο"
QUESTION = "Θέλω να βρω εταίρους για ένα έργο με μαθητές 12 ετών. Πώς ξεκινώ;"
ANSWER = "Καλησπέρα! Ξεκινήστε από την αναζήτηση εταίρων και γράψτε μια ανακοίνωση με το θέμα σας."


@pytest.fixture(autouse=True)
def _quiet_cms(settings):
    """Wagtail's editor saves a draft every half second and pings its editing session: on the suite's one SQLite
    database, shared by the live server's threads, those requests would race the test's own (production keeps
    both; they are Wagtail's)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000


def _el(msgid: str) -> str:
    with translation.override("el"):
        return gettext(msgid)


def test_a_teacher_asks_sees_an_article_the_ambassador_answers_and_the_teacher_rates(
    page, new_page, greece, attica, attica_ambassador
):
    from twinning.knowledge.tests.factories import make_article
    from twinning.support.models import Route, Status, Ticket
    from twinning.support.tests.factories import category

    pedagogical = category("pedagogical")
    article = make_article(
        key="pedagogical",
        slug="find-partners",
        title_el=ARTICLE_TITLE,
        title_en="How to find partners for an eTwinning project",
        summary_el="Η αναζήτηση εταίρων βήμα προς βήμα.",
        body_el="<p>Ανοίξτε την αναζήτηση εταίρων, διαλέξτε μαθήματα και ηλικίες.</p>",
    )
    school = SchoolFactory(country=greece, region=attica)
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, school=school, first_name="Ελένη")
    log_in(page, email=person.email, password=PASSWORD)

    page.goto("/el/support/new/")
    page.select_option("select[name=category]", str(pedagogical.pk))
    page.fill("input[name=subject]", SUBJECT)
    page.locator("textarea[name=body]").press_sequentially(QUESTION[:40], delay=5)
    suggestion = page.locator("#suggestions a", has_text=ARTICLE_TITLE)
    expect(suggestion).to_be_visible()
    assert page.locator("[name=suggestions_shown]").input_value() == "True"
    page.fill("textarea[name=body]", QUESTION)
    submit(page, "main form[data-ticket-form]")
    ticket = Ticket.objects.get(requester=person)
    assert path_of(page) == f"/el/support/tickets/{ticket.pk}/"
    assert ticket.route == Route.AMBASSADORS and ticket.region_id == attica.pk and ticket.suggestions_shown
    expect(page.locator("main")).to_contain_text(SUBJECT)
    axe_in_both_languages(page, "/support/new/")
    axe_in_both_languages(page, f"/support/tickets/{ticket.pk}/")
    axe_in_both_languages(page, "/help/")
    axe_in_both_languages(page, f"/help/{article.slug}/")

    # The ambassador of Attica answers and resolves it.
    agent = new_page()
    attica_ambassador.set_password(PASSWORD)
    attica_ambassador.save()
    log_in(agent, email=attica_ambassador.email, password=PASSWORD, staff_user=attica_ambassador)
    agent.goto("/el/support/staff/")
    agent.locator("main table a", has_text=SUBJECT).click()
    agent.wait_for_url(f"**/el/support/staff/tickets/{ticket.pk}/")
    agent.fill(f"form[action$='/support/staff/tickets/{ticket.pk}/reply/'] textarea[name=body]", ANSWER)
    agent.select_option(f"form[action$='/support/staff/tickets/{ticket.pk}/reply/'] select[name=status]", "resolved")
    submit(agent, f"form[action$='/support/staff/tickets/{ticket.pk}/reply/']")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED and ticket.first_replied_at is not None
    assert ticket.assignee_id == attica_ambassador.pk

    # The teacher reads the answer and rates it.
    page.goto(f"/el/support/tickets/{ticket.pk}/")
    expect(page.locator("main")).to_contain_text(ANSWER)
    page.locator("input[name=rating][value='5']").check()
    page.fill("textarea[name=comment]", "Πολύ χρήσιμη απάντηση, ευχαριστώ!")
    submit(page, f"form[action$='/support/tickets/{ticket.pk}/rate/']")
    ticket.refresh_from_db()
    assert ticket.satisfaction == 5 and ticket.satisfaction_comment.startswith("Πολύ χρήσιμη")
    assert page.locator(f"form[action$='/support/tickets/{ticket.pk}/rate/']").count() == 0  # rated once
    fits_a_phone(page, "ticket page")
    assert page.browser_errors == [], "\n".join(page.browser_errors)


def _cms_action(agent, page_id: int, action: str, comment: str = "") -> None:
    """In Wagtail's editor of a page, open the footer's action menu and take a workflow action ("reject" is
    Wagtail's "Request changes"); with a comment, through the dialog that asks for it."""
    agent.goto(f"/cms/pages/{page_id}/edit/")
    agent.wait_for_load_state("networkidle")
    agent.locator("footer .w-dropdown__toggle").first.click()
    with_modal = "[data-workflow-action-modal-url]" if comment else ":not([data-workflow-action-modal-url])"
    with agent.expect_navigation() if not comment else _nothing():
        agent.locator(f"footer button[data-workflow-action-name={action}]{with_modal}").first.click()
    if comment:
        dialog = agent.locator(".modal textarea[name=comment]")
        dialog.fill(comment)
        with agent.expect_navigation():
            agent.locator(".modal button[type=submit], .modal input[type=submit]").first.click()
    agent.wait_for_load_state("networkidle")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_teacher_proposes_an_article_the_board_asks_for_changes_accepts_it_and_it_is_published(
    page, new_page, greece
):
    from twinning.publishing import selectors
    from twinning.publishing.cms import sync_groups
    from twinning.publishing.models import ArticlePage, EditorialBoardMember
    from twinning.publishing.tests.factories import issue
    from twinning.publishing.tree import ensure_tree

    ensure_tree(("GR",))
    first_issue = issue(1)
    reviewer = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Νίκος"))
    EditorialBoardMember.objects.create(user=reviewer, role=EditorialBoardMember.Role.REVIEWER)
    chief = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Άννα"))
    EditorialBoardMember.objects.create(user=chief, role=EditorialBoardMember.Role.EDITOR_IN_CHIEF)
    for member in (reviewer, chief):
        sync_groups(member)
    author = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Μαρία")

    log_in(page, email=author.email, password=PASSWORD)
    page.goto("/el/magazine/propose/")
    page.fill("input[name=title]", "Ρομπότ στο νηπιαγωγείο")
    page.fill("textarea[name=summary]", "Μικρά ρομπότ για μεγάλες ιδέες.")
    page.fill("textarea[name=body]", "Πρώτη παράγραφος.\n\nΔεύτερη παράγραφος.")
    page.fill("input[name=tags]", "STEM, AI")
    page.locator("input[name=licence][value='cc-by-4.0']").check()
    page.locator("input[name=consent]").check()
    submit(page, "main form[method=post]")
    article = ArticlePage.objects.get(owner=author)
    assert selectors.article_stages([article])[article.pk].code == "in_review"

    # The reviewer asks for changes in Wagtail's admin, with a comment.
    board = new_page()
    log_in(board, email=reviewer.email, password=PASSWORD, staff_user=reviewer, next_url="/cms/")
    _cms_action(board, article.pk, "reject", comment="Προσθέστε μια λεζάντα στη φωτογραφία.")
    article.refresh_from_db()
    stage = selectors.article_stages([article])[article.pk]
    assert stage.code == "changes_requested", stage

    # The author reads the comment and revises.
    page.goto("/el/magazine/my-articles/")
    expect(page.locator("main")).to_contain_text("Προσθέστε μια λεζάντα στη φωτογραφία.")
    page.goto(f"/el/magazine/my-articles/{article.pk}/edit/")
    page.fill("textarea[name=summary]", "Μικρά ρομπότ για μεγάλες ιδέες, με λεζάντες.")
    page.locator("input[name=consent]").check()
    submit(page, "main form[method=post]")
    assert selectors.article_stages([article])[article.pk].code == "in_review"

    # The reviewer approves, then the editor-in-chief puts it in issue no. 1 and approves: published.
    _cms_action(board, article.pk, "approve")
    chief_page = new_page()
    log_in(chief_page, email=chief.email, password=PASSWORD, staff_user=chief, next_url="/cms/")
    chief_page.goto(f"/cms/pages/{article.pk}/edit/")
    chief_page.wait_for_load_state("networkidle")
    chief_page.locator("#id_issue-chooser .chooser__choose-button").click()
    chief_page.locator(".modal a", has_text=str(first_issue)).first.click()
    expect(chief_page.locator("#id_issue-title")).to_have_text(str(first_issue))
    with chief_page.expect_navigation():
        chief_page.locator("footer button.action-save").click()
    _cms_action(chief_page, article.pk, "approve")
    article.refresh_from_db()
    assert article.live, selectors.article_stages([article])[article.pk]
    assert article.issue_id == first_issue.pk

    page.goto("/el/magazine/")
    expect(page.locator("main")).to_contain_text("Ρομπότ στο νηπιαγωγείο")
    feed = page.request.get("/el/magazine/rss/")
    assert feed.status == 200 and "Ρομπότ στο νηπιαγωγείο" in feed.text()
    axe_in_both_languages(page, "/magazine/")
    page.goto(article.get_url())
    expect(page.locator("h1")).to_contain_text("Ρομπότ στο νηπιαγωγείο")
    no_blocking(page)  # the article exists in Greek only; its English address says so (tested in the app)
    fits_a_phone(page, "article page")
    assert page.browser_errors == [], "\n".join(page.browser_errors)
