"""The foundation scenario in a real browser: a teacher joins in Greek, NSO staff of Greece validates.

Selectors rely on form field names, URLs and status classes, not on visible text: Greek translations
are written separately and change the words, not the behaviour.
"""

import re

import pytest
from django.core import mail

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.tests.factories import PASSWORD, nso_staff
from twinning.schools.tests.factories import CountryFactory, SchoolFactory

from .helpers import confirmation_link, log_in, mails_to, path_of, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEACHER_EMAIL = "eleni.georgiou@sch.gr"
TEACHER_PASSWORD = "Ελιά-και-θάλασσα-42"


def test_teacher_joins_in_greek_and_nso_staff_of_greece_validates(new_page):
    greece = CountryFactory(code="GR")
    school = SchoolFactory(name="3ο Γυμνάσιο Ηρακλείου", city="Ηράκλειο", country=greece)
    SchoolFactory(name="1ο Λύκειο Πάτρας", city="Πάτρα", country=greece)
    staff = nso_staff(greece, email="nso.greece@example.org")

    # --- The teacher signs up in Greek --------------------------------------------------------
    teacher_page = new_page(locale="el-GR")
    teacher_page.goto("/el/accounts/signup/")
    assert teacher_page.locator("html").get_attribute("lang") == "el"
    # A first try with a short password: the error summary, in Greek, takes the focus and links to the field.
    teacher_page.fill("input[name=first_name]", "Ελένη")
    teacher_page.fill("input[name=last_name]", "Γεωργίου")
    teacher_page.fill("input[name=email]", TEACHER_EMAIL)
    teacher_page.fill("input[name=password1]", "abc")
    teacher_page.fill("input[name=password2]", "abc")
    teacher_page.check("input[name=accept_terms]")
    submit(teacher_page, "main form[method=post]:has(input[name=password1])")
    assert not User.objects.filter(email=TEACHER_EMAIL).exists()
    assert teacher_page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    summary = teacher_page.locator("[data-error-summary]")
    assert re.search(r"[α-ω]{4}", summary.inner_text()) and "password" not in summary.inner_text().lower()
    summary.locator("a[href='#id_password1']").first.click()
    assert teacher_page.evaluate("() => document.activeElement.name") == "password1"
    teacher_page.fill("input[name=first_name]", "Ελένη")
    teacher_page.fill("input[name=last_name]", "Γεωργίου")
    teacher_page.fill("input[name=email]", TEACHER_EMAIL)
    teacher_page.fill("input[name=password1]", TEACHER_PASSWORD)
    teacher_page.fill("input[name=password2]", TEACHER_PASSWORD)
    teacher_page.check("input[name=accept_terms]")
    submit(teacher_page, "main form[method=post]:has(input[name=password1])")

    teacher = User.objects.get(email=TEACHER_EMAIL)
    assert (teacher.first_name, teacher.last_name, teacher.preferred_language) == ("Ελένη", "Γεωργίου", "el")
    assert teacher.validation_status == ValidationStatus.REGISTERED
    # Verification is mandatory: the new account cannot reach its dashboard before confirming.
    teacher_page.goto("/el/me/")
    assert path_of(teacher_page) != "/el/me/"

    # --- Verifies the e-mail through the link it received ---------------------------------------
    link = confirmation_link(TEACHER_EMAIL)
    assert "/el/" in link, f"the verification link should keep the Greek interface: {link}"
    teacher_page.goto(link)
    submit(teacher_page, "main form[method=post]")
    assert teacher.emailaddress_set.get(email=TEACHER_EMAIL).verified
    # Confirming signs the teacher in and leads to the next step, not to a login page.
    assert path_of(teacher_page) == "/el/me/join/role/"
    teacher_page.goto("/el/me/")
    assert path_of(teacher_page) == "/el/me/"
    assert teacher_page.locator(".status-registered").is_visible()

    # --- Joins the community: role, then school ----------------------------------------------
    teacher_page.locator("main a[href='/el/me/join/role/']").first.click()
    teacher_page.wait_for_url("**/el/me/join/role/")
    assert teacher_page.locator("html").get_attribute("lang") == "el"
    teacher_page.check("input[name=community_role][value=teacher]")
    submit(teacher_page, "main form[method=post]:has(input[name=community_role])")
    assert path_of(teacher_page) == "/el/me/join/schools/"

    # Search without accents and in lower case, as people type on a phone.
    teacher_page.fill("input[name=q]", "γυμνασιο ηρακλειου")
    with teacher_page.expect_navigation():
        teacher_page.locator("main form[role=search] button[type=submit]").click()
    attach_forms = teacher_page.locator("main form[action='/el/me/join/schools/attach/']")
    assert attach_forms.count() == 1, "only the matching school is offered"
    assert attach_forms.locator("input[name=school]").get_attribute("value") == str(school.pk)
    submit(teacher_page, f"main form:has(input[name=school][value='{school.pk}'])")
    assert teacher.school_memberships.filter(school=school).exists()

    # --- Sends the request and sees that it waits for validation -----------------------------
    submit(teacher_page, "main form[action='/el/me/join/request/']")
    assert path_of(teacher_page) == "/el/me/"
    assert teacher_page.locator("html").get_attribute("lang") == "el"
    assert teacher_page.locator("main .status-pending").is_visible()
    teacher.refresh_from_db()
    assert teacher.validation_status == ValidationStatus.PENDING
    assert teacher.country == greece

    # --- NSO staff of Greece logs in (password + TOTP) and validates from the queue ---------------
    staff_page = new_page(locale="el-GR")
    log_in(staff_page, email=staff.email, password=PASSWORD, next_url="/el/staff/validation/", staff_user=staff)
    assert path_of(staff_page) == "/el/staff/validation/", "login returns to the page asked for"
    pick = staff_page.locator(f"input[name=people][value='{teacher.pk}']")
    assert pick.is_visible(), "the teacher waits in the Greek queue"
    pick.check()
    outbox_before = len(mails_to(TEACHER_EMAIL))
    with staff_page.expect_navigation():
        staff_page.locator("main button[name=action][value=validate]").click()
    assert staff_page.locator(f"input[name=people][value='{teacher.pk}']").count() == 0, "validated people leave"
    teacher.refresh_from_db()
    assert teacher.validation_status == ValidationStatus.VALIDATED
    assert teacher.decided_by == staff
    assert len(mails_to(TEACHER_EMAIL)) == outbox_before + 1, "the teacher is told by e-mail"

    # --- The teacher reloads the dashboard and sees the validated state --------------------------
    teacher_page.reload()
    assert teacher_page.locator("main .status-validated").is_visible()
    assert teacher_page.locator("main .status-pending").count() == 0
    assert teacher_page.locator("main a[href='/el/schools/']").is_visible()  # the next step: find schools

    for page in (teacher_page, staff_page):
        assert not page.browser_errors, page.browser_errors
    assert all(m.to for m in mail.outbox)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/el/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert "skip-link" in focused["cls"] and focused["href"] == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert not page.browser_errors, page.browser_errors
