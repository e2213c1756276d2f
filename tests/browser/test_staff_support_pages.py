"""The staff side of support and publishing, and the newsletter's public pages, in a real browser.

The Greek NSO's staff member (password and TOTP) opens the helpdesk's queue, opens a teacher's ticket, writes an
internal note through its form, then reads the knowledge base's and the newsletter's staff pages; every one of
them passes axe-core in Greek and English and fits a 390 px phone. A visitor subscribes to the newsletter with
the form, follows the confirmation link from the e-mail and is subscribed; those pages pass the same checks.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import PASSWORD, nso_staff, teacher

from .helpers import axe_in_both_languages, fits_a_phone, log_in, mails_to, no_blocking, path_of, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = "Ο εκπαιδευτικός τηλεφώνησε· του έστειλα οδηγίες για την επαναφορά του κωδικού."


def test_nso_staff_work_the_helpdesk_and_read_the_knowledge_and_newsletter_pages(page, greece):
    from twinning.knowledge.tests.factories import make_article
    from twinning.newsletter.tests.factories import newsletter
    from twinning.support.models import MessageKind
    from twinning.support.tests.factories import open_for

    person = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Ελένη")
    ticket = open_for(person, subject="Δεν μπορώ να συνδεθώ", body="Ξέχασα τον κωδικό μου.")
    staff = nso_staff(greece, first_name="Νίκος")
    staff.set_password(PASSWORD)
    staff.save()
    article = make_article(country=greece, slug="forgot-password", title_el="Ξέχασα τον κωδικό μου",
                           title_en="I forgot my password")  # fmt: skip
    letter = newsletter(by=staff, audience="teachers_of_country", country=greece, title="Νέα Νοεμβρίου")

    log_in(page, email=staff.email, password=PASSWORD, staff_user=staff)

    # The queue: the teacher's ticket is there; its page opens from the row.
    axe_in_both_languages(page, "/support/staff/")
    fits_a_phone(page, "the helpdesk queue")
    page.locator("main table a", has_text="Δεν μπορώ να συνδεθώ").click()
    page.wait_for_url(f"**/el/support/staff/tickets/{ticket.pk}/")
    note_form = f"form[action$='/support/staff/tickets/{ticket.pk}/note/']"
    page.fill(f"{note_form} textarea[name=note]", NOTE)
    submit(page, note_form)
    expect(page.locator("main")).to_contain_text(NOTE)
    assert ticket.messages.filter(kind=MessageKind.NOTE, body=NOTE, author=staff).exists()
    axe_in_both_languages(page, f"/support/staff/tickets/{ticket.pk}/")
    fits_a_phone(page, "the agent's ticket page")

    # The knowledge base's staff pages: the list (with the Greek NSO's article) and the writing form.
    axe_in_both_languages(page, "/help/staff/")
    expect(page.locator("main")).to_contain_text(article.title_el)
    fits_a_phone(page, "the help articles' staff list")
    axe_in_both_languages(page, f"/help/staff/{article.pk}/edit/")
    axe_in_both_languages(page, "/help/staff/new/")
    fits_a_phone(page, "the help article form")

    # The newsletter's staff pages: the list, a newsletter, its preview and the form.
    axe_in_both_languages(page, "/newsletter/staff/")
    expect(page.locator("main")).to_contain_text("Νέα Νοεμβρίου")
    fits_a_phone(page, "the newsletters' staff list")
    axe_in_both_languages(page, f"/newsletter/staff/{letter.pk}/")
    fits_a_phone(page, "a newsletter's staff page")
    # The preview is the e-mail itself, in the newsletter's language whatever the page's.
    for lang in ("en", "el"):
        page.goto(f"/{lang}/newsletter/staff/{letter.pk}/preview/")
        assert page.locator("html").get_attribute("lang") == "el"
        no_blocking(page)
    axe_in_both_languages(page, "/newsletter/staff/new/")
    fits_a_phone(page, "the newsletter form")
    assert page.browser_errors == [], "\n".join(page.browser_errors)


def test_a_visitor_subscribes_to_the_newsletter_and_confirms_from_the_e_mail(page, greece):
    from twinning.newsletter.models import Subscription, SubscriptionStatus

    address = "goneas@example.org"
    axe_in_both_languages(page, "/newsletter/")
    fits_a_phone(page, "the newsletter's subscription page")
    page.fill("main input[name=email]", address)
    page.check("main input[name=language][value=el]")
    submit(page, "main form[method=post]:has(input[name=email])")
    assert path_of(page) == "/el/newsletter/check-your-inbox/"
    subscription = Subscription.objects.get(email=address)
    assert subscription.status == SubscriptionStatus.PENDING
    no_blocking(page)
    messages = mails_to(address)
    assert messages, "no confirmation e-mail was sent"
    link = re.search(r"https?://\S+?(/el/newsletter/confirm/[^/\s]+/)", messages[-1].body)
    assert link, messages[-1].body
    page.goto(link.group(1))
    no_blocking(page)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # opening the link (a mail scanner does) confirms nothing
    submit(page, "main form[method=post]")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    no_blocking(page)
    fits_a_phone(page, "the confirmed subscription page")
    assert page.browser_errors == [], "\n".join(page.browser_errors)
