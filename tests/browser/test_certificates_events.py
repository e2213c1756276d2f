"""Certificates, events and reports in a real Chromium (issue 11 scenario): a Greek teacher reads the only
required activity of a course (a page, opened from the outline), the course completes and its certificate is
issued; "My certificates" lists it and the PDF and the Open Badge download; an anonymous visitor verifies it
by typing its code and by opening the address its QR code holds; the NSO staff of Greece (with the second
factor) find it, revoke it with a reason, and the public page then says revoked, with the reason. axe-core
in Greek and English on the certificates' pages (the holder's, the public ones, the staff's and the import),
the events' pages (public list, an event, My events, the staff's list), a cycle's and a course's report and
the Moodle import; the verification page, My certificates, an event page and the cycle report fit a 390 px
phone.

The pages' Greek wording is read from the catalogue (``_el``), so the test does not depend on whether a
msgid is translated yet."""

import base64
import json
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from twinning.accounts.tests.factories import PASSWORD
from twinning.certificates import services as certificates
from twinning.certificates.models import Certificate
from twinning.events import services as events
from twinning.events.tests.factories import make_event
from twinning.learning import content
from twinning.learning.models import ActivityKind, ActivityProgress, Cycle, ProgressState, Status
from twinning.learning.tests.factories import enrolled, make_activity, make_course, make_cycle, make_module
from twinning.schools.tests.factories import CountryFactory

from .helpers import axe_in_both_languages, click_and_wait, fits_a_phone, log_in, no_blocking, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "Ψηφιακά εργαλεία στην τάξη"
PAGE = "Καλώς ήρθατε"
REASON = "Η ολοκλήρωση καταχωρίστηκε κατά λάθος."
SITE = "https://twinning.example"  # what the PDF's QR code and the badge point at; the test opens its path


def _el(msgid: str) -> str:
    with translation.override("el"):
        return gettext(msgid)


@pytest.fixture(autouse=True)
def _badge_key(settings, tmp_path):
    """A throw-away signing key (never the development key in var/) and a site address of its own."""
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "open-badges-key.pem")
    settings.OPEN_BADGES_RETIRED_KEY_FILES = []
    settings.SITE_URL = SITE


@pytest.fixture
def world():
    """A Greek course (no sign-off) with a started cycle whose one required activity is a page; a validated
    Greek teacher enrolled in it (not started yet); the NSO staff of Greece (with the second factor); a
    published webinar of Greece next week."""
    greece = CountryFactory(code="GR")
    cache.clear()
    course, staff = make_course(greece, title=COURSE, hours=20)
    cycle = make_cycle(course, staff)
    Cycle.objects.filter(pk=cycle.pk).update(starts_on=timezone.localdate() - timedelta(days=1))  # it has started
    cycle.refresh_from_db()
    module = make_module(cycle, title="Ενότητα 1: Πρώτα βήματα")
    page = make_activity(module, ActivityKind.PAGE, title=PAGE, body="<p>Διαβάστε πρώτα αυτό.</p>")
    enrolment = enrolled(cycle, greece, first_name="Μαρία", last_name="Οικονόμου")
    event = make_event(greece, staff=staff, title="Διαδικτυακό σεμινάριο: πρώτα βήματα στο eTwinning")
    return {"course": course, "cycle": cycle, "page": page, "enrolment": enrolment, "teacher": enrolment.user,
            "staff": staff, "event": event}  # fmt: skip


def _payload(jwt: str) -> dict:
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _download(page, locator):
    """Click a link that downloads a file; (the name the server suggests, the file's bytes)."""
    with page.expect_download() as info:
        locator.click()
    download = info.value
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def _sees_the_certificate(visitor, certificate, *, valid: bool) -> None:
    main = visitor.locator("main")
    expect(main.locator("dl.facts")).to_contain_text("Μαρία Οικονόμου")
    expect(main.locator("dl.facts")).to_contain_text(COURSE)
    expect(main.locator("dl.facts")).to_contain_text(certificate.code)
    status = main.locator(".lead .status")
    expect(status).to_have_text(_el("valid") if valid else _el("revoked"))


def test_a_certificate_is_issued_downloaded_verified_and_revoked(new_page, live_server, world):
    teacher, enrolment = world["teacher"], world["enrolment"]
    assert not Certificate.objects.exists()

    # 1. The teacher opens the page from the outline: reading it completes the course, the certificate follows.
    learner = new_page()
    log_in(learner, email=teacher.email, password=PASSWORD)
    learner.goto(f"/el/learning/cycles/{world['cycle'].pk}/")
    click_and_wait(learner, learner.locator("main").get_by_role("link", name=PAGE, exact=True))
    assert path_of(learner) == f"/el/learning/activities/{world['page'].pk}/page/"
    expect(learner.locator("main")).to_contain_text("Διαβάστε πρώτα αυτό.")
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=world["page"]).state == ProgressState.COMPLETED
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED
    certificate = Certificate.objects.get(holder=teacher)  # issued after the commit, by the (immediate) task
    assert certificate.source == "learning.enrolment" and certificate.source_id == enrolment.pk
    assert certificate.completed_at is not None and certificate.revoked_at is None
    assert certificate.holder_name == "Μαρία Οικονόμου" and certificate.title == COURSE

    # 2. My certificates lists it; the PDF and the Open Badge download.
    learner.goto("/el/certificates/")
    main = learner.locator("main")
    expect(main.get_by_role("link", name=COURSE, exact=True)).to_be_visible()
    expect(main.locator("tbody tr")).to_have_count(1)
    expect(main.locator("tbody tr .status")).to_have_text(_el("valid"))
    expect(main.locator("tbody tr code")).to_have_text(certificate.code)
    axe_in_both_languages(learner, "/certificates/")
    fits_a_phone(learner, "My certificates")

    name, data = _download(learner, main.get_by_role("link", name=f"{_el('PDF')} – {COURSE}", exact=True))
    assert name == f"{certificate.code}.pdf"
    assert data.startswith(b"%PDF")
    qr_url = certificates.verification_url(certificate)
    assert qr_url == f"{SITE}/verify/{certificate.code}"
    assert qr_url.encode() in data  # the address printed under the QR code is a link to the same place

    name, data = _download(learner, main.get_by_role("link", name=f"{_el('Open Badge')} – {COURSE}", exact=True))
    assert name == f"{certificate.code}.jwt"
    jwt = data.decode("ascii").strip()
    assert jwt.count(".") == 2 and all(jwt.split("."))
    credential = _payload(jwt)["vc"]
    assert "OpenBadgeCredential" in credential["type"] and "VerifiableCredential" in credential["type"]
    assert credential["id"] == qr_url
    assert credential["credentialSubject"]["achievement"]["name"] == COURSE
    assert teacher.email not in data.decode("ascii") and teacher.email not in json.dumps(credential)

    # 3. An anonymous visitor types the code (as a person might: lower case, spaces around it).
    visitor = new_page()
    visitor.goto("/el/verify/")
    visitor.get_by_label(_el("Verification code")).fill(f"  {certificate.code.lower()} ")
    click_and_wait(visitor, visitor.locator("main").get_by_role("button", name=_el("Verify"), exact=True))
    assert path_of(visitor) == f"/el/verify/{certificate.code}"
    _sees_the_certificate(visitor, certificate, valid=True)
    axe_in_both_languages(visitor, "/verify/")
    axe_in_both_languages(visitor, f"/verify/{certificate.code}")
    fits_a_phone(visitor, "the verification page")

    # ... and opens the address of the QR code (the same path on this server), in the visitor's language.
    response = visitor.goto(urlsplit(qr_url).path)
    assert response is not None and response.status == 200
    assert path_of(visitor).endswith(f"/verify/{certificate.code}")
    assert visitor.locator("html").get_attribute("lang") == "el"
    _sees_the_certificate(visitor, certificate, valid=True)

    # 4. The NSO staff of Greece find it by the holder's e-mail address and revoke it with a reason.
    staff = world["staff"]
    office = new_page()
    log_in(office, email=staff.email, password=PASSWORD, staff_user=staff)
    office.goto("/el/certificates/staff/")
    office.locator("main").get_by_label(_el("Code or e-mail address")).fill(teacher.email)
    click_and_wait(office, office.locator("main form[role=search] button[type=submit]"))
    found = office.locator("main tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Μαρία Οικονόμου")
    axe_in_both_languages(office, f"/certificates/staff/?{urlencode({'q': teacher.email})}")
    office.goto("/el/certificates/staff/")
    click_and_wait(office, office.locator("main").get_by_role("link", name=certificate.code, exact=True))
    detail_path = f"/certificates/staff/{certificate.code}/"
    assert path_of(office) == "/el" + detail_path
    axe_in_both_languages(office, detail_path)
    office.get_by_label(_el("Why is it revoked?")).fill(REASON)
    click_and_wait(office, office.locator("main").get_by_role("button", name=_el("Revoke the certificate")))
    assert path_of(office) == "/el" + detail_path
    expect(office.locator("main")).to_contain_text(REASON)
    expect(office.locator("main").get_by_role("button", name=_el("Revoke the certificate"))).to_have_count(0)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == REASON
    assert certificate.revoked_by_id == staff.pk
    axe_in_both_languages(office, detail_path)  # revoked: no form, the date and the reason

    # 5. The public page now says revoked, with the reason; so does My certificates.
    visitor.goto(urlsplit(qr_url).path)
    _sees_the_certificate(visitor, certificate, valid=False)
    expect(visitor.locator("main")).to_contain_text(REASON)
    axe_in_both_languages(visitor, f"/verify/{certificate.code}")
    learner.goto("/el/certificates/")
    expect(learner.locator("main tbody tr .status")).to_have_text(_el("revoked"))

    for page in (learner, visitor, office):
        assert not page.browser_errors, page.browser_errors


def test_the_events_reports_and_import_pages_pass_axe(new_page, live_server, world):
    """The public events list and an event, My events (registered), the staff's events, a cycle's report (one
    learner completed) and the course's, the Moodle import of the cycle and the import of earlier
    certificates, in Greek and English."""
    from .test_accessibility import logged_in_page

    teacher, event, cycle = world["teacher"], world["event"], world["cycle"]
    content.page_read(enrolment=world["enrolment"], activity=world["page"])  # the course completed
    enrolled(cycle, world["course"].country, first_name="Ελένη", last_name="Παππά")  # and one still learning
    events.register(event=event, user=teacher)

    anonymous = new_page()
    axe_in_both_languages(anonymous, "/events/")
    expect(anonymous.locator("main").get_by_role("link", name=event.title)).to_be_visible()

    learner = logged_in_page(new_page, live_server, teacher)
    axe_in_both_languages(learner, f"/events/{event.pk}/")
    expect(learner.locator("main")).to_contain_text(event.title)
    fits_a_phone(learner, "an event")
    axe_in_both_languages(learner, "/events/mine/")
    expect(learner.locator("main").get_by_role("link", name=event.title)).to_be_visible()

    office = logged_in_page(new_page, live_server, world["staff"])
    axe_in_both_languages(office, "/events/staff/")
    expect(office.locator("main")).to_contain_text(event.title)
    axe_in_both_languages(office, f"/learning/staff/cycles/{cycle.pk}/report/")
    figures = office.locator("main .figures .figure-value")
    expect(figures.nth(0)).to_have_text("2")  # enrolled
    expect(figures.nth(1)).to_have_text("1")  # completed
    fits_a_phone(office, "the cycle report")
    axe_in_both_languages(office, f"/learning/staff/courses/{world['course'].pk}/report/")
    axe_in_both_languages(office, f"/learning/staff/cycles/{cycle.pk}/moodle/")
    axe_in_both_languages(office, "/certificates/staff/import/")
    office.goto("/el/certificates/staff/")
    no_blocking(office)  # the latest certificates, without a search

    for page in (anonymous, learner, office):
        assert not page.browser_errors, page.browser_errors
