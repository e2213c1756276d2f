"""Pages: public verification (valid, revoked, imported, unknown → 404), the holder's list and downloads,
the staff's search and revoking, with their permissions and fixed query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.certificates import services
from twinning.certificates.models import Certificate
from twinning.core.models import AuditEvent

from .conftest import FAKE

pytestmark = pytest.mark.django_db


def _imported(country, **kwargs):
    fields = {
        "code": "MDL-2019-00042",
        "kind": "imported",
        "imported": True,
        "holder_name": "Γιώργος Νικολάου",
        "holder_email": "giorgos@example.org",
        "title_el": "Εισαγωγή στο eTwinning",
        "title_en": "Introduction to eTwinning",
        "hours": Decimal("10"),
        "started_on": datetime.date(2019, 3, 1),
        "ended_on": datetime.date(2019, 4, 1),
        "country": country,
        "issued_at": timezone.make_aware(datetime.datetime(2019, 4, 2, 12)),
    }
    fields.update(kwargs)
    return Certificate.objects.create(**fields)


# --- verification --------------------------------------------------------------------------------------------


def test_a_valid_certificate_verifies_without_login(client, issued):
    response = client.get(f"/verify/{issued.code}")
    assert response.status_code == 200
    page = response.content.decode()
    # no language in the address: the visitor's (here the default, Greek)
    assert "Μαρία Παπαδοπούλου" in page and "Ψηφιακά εργαλεία στην τάξη" in page and "25" in page
    assert issued.holder_email not in page and issued.badge not in page  # only what the certificate states


def test_the_code_is_forgiving_and_the_language_forms_work(client, issued):
    assert client.get(f"/verify/{issued.code.lower()}").status_code == 200
    greek = client.get(f"/el/verify/{issued.code}")
    assert greek.status_code == 200 and "Ψηφιακά εργαλεία στην τάξη" in greek.content.decode()
    assert client.get(f"/en/verify/{issued.code}").status_code == 200


def test_a_revoked_certificate_says_so_with_reason_and_date(client, issued, greek_nso):
    services.revoke(certificate=issued, by=greek_nso, reason="Completion recorded by mistake")
    page = client.get(f"/en/verify/{issued.code}").content.decode()
    assert "revoked" in page and "Completion recorded by mistake" in page
    assert timezone.localdate().strftime("%d/%m/%Y") in page


def test_an_imported_certificate_verifies(client, greece):
    c = _imported(greece)
    page = client.get(f"/en/verify/{c.code.lower()}").content.decode()
    assert "Γιώργος Νικολάου" in page and "earlier eTwinning platform" in page


@pytest.mark.parametrize("code", ["TW-0000-0000", "nonsense", "%3Cscript%3E", "x" * 300, "TW-7K3M"])
def test_an_unknown_or_malformed_code_is_404(client, code, issued):
    # without a language the locale middleware first sends a 404 to the visitor's language: a 404 there too
    assert client.get(f"/verify/{code}", follow=True).status_code == 404
    assert client.get(f"/en/verify/{code}").status_code == 404


def test_the_verification_page_reads_one_certificate_in_one_query(client, issued):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/verify/{issued.code}").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "certificates_certificate" in q["sql"]]
    assert len(reads) == 1 and len(queries.captured_queries) <= 2


def test_the_verify_form_goes_to_the_page_or_says_what_is_wrong(client, issued):
    response = client.get("/en/verify/", {"code": f" {issued.code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/en/verify/{issued.code}"
    wrong = client.get("/en/verify/", {"code": "<b>"})
    assert wrong.status_code == 200 and "This is not a certificate&#x27;s code" in wrong.content.decode()
    assert client.get("/en/verify/").status_code == 200


# --- the holder ---------------------------------------------------------------------------------------------


def test_my_certificates_lists_mine_newest_first_with_downloads(client, issued, holder, greece, fake_source):
    _imported(greece, holder=holder)
    other = teacher(country=greece, status=ValidationStatus.VALIDATED)
    fake_source.qualify(9, other, greece, title_en="Someone else's course", title_el="Κάποιου άλλου")
    services.issue(source=FAKE, source_id=9)
    log_in(client, holder)
    page = client.get("/en/certificates/").content.decode()
    assert page.index("Digital tools in class") < page.index("Introduction to eTwinning")
    assert f"/en/certificates/{issued.code}/pdf" in page and f"/en/certificates/{issued.code}/badge.jwt" in page
    assert "Someone else" not in page


def test_my_certificates_reads_a_fixed_number_of_queries(
    client, holder, greece, fake_source, django_assert_num_queries
):
    log_in(client, holder)
    fake_source.qualify(1, holder, greece)
    services.issue(source=FAKE, source_id=1)
    client.get("/en/certificates/")  # warm the session and per-process caches
    with CaptureQueriesContext(connection) as one:
        client.get("/en/certificates/")
    for i in range(2, 6):
        fake_source.qualify(i, holder, greece)
        services.issue(source=FAKE, source_id=i)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/en/certificates/").content.decode()
    assert page.count("/pdf") == 5


def test_downloads_are_the_holders(client, issued, holder, greece):
    log_in(client, holder)
    pdf = client.get(f"/en/certificates/{issued.code}/pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    jwt = client.get(f"/en/certificates/{issued.code}/badge.jwt")
    assert jwt.status_code == 200 and jwt.content.decode() == issued.badge
    data = client.get(f"/en/certificates/{issued.code}/badge.json").json()
    assert data["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert client.get(f"/en/certificates/{issued.code}/").status_code == 200
    stranger = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, stranger)
    for suffix in ("", "pdf", "badge.jwt", "badge.json"):
        assert client.get(f"/en/certificates/{issued.code}/{suffix}").status_code == 404


def test_staff_of_the_country_may_download_the_pdf_not_the_badge(client, issued, greek_nso, italy):
    log_in(client, greek_nso)
    assert client.get(f"/en/certificates/{issued.code}/pdf").status_code == 200
    assert client.get(f"/en/certificates/{issued.code}/badge.jwt").status_code == 404
    log_in(client, nso_staff(italy))
    assert client.get(f"/en/certificates/{issued.code}/pdf").status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, issued):
    response = client.get(f"/en/certificates/{issued.code}/pdf")
    assert response.status_code == 302 and "login" in response["Location"]


# --- staff ---------------------------------------------------------------------------------------------------


def test_teachers_may_not_use_the_staff_pages(client, issued, holder):
    log_in(client, holder)
    assert client.get("/en/certificates/staff/").status_code == 403
    assert client.get(f"/en/certificates/staff/{issued.code}/").status_code == 403


def test_staff_search_their_country_by_code_or_email(client, issued, greek_nso, italy, holder, fake_source):
    italian = teacher(country=italy, status=ValidationStatus.VALIDATED)
    fake_source.qualify(2, italian, italy, title_en="Corso italiano")
    italian_cert = services.issue(source=FAKE, source_id=2)
    log_in(client, greek_nso)
    greek_link, italian_link = (f"/en/certificates/staff/{c.code}/" for c in (issued, italian_cert))
    page = client.get("/en/certificates/staff/").content.decode()
    assert greek_link in page and italian_link not in page
    by_email = client.get("/en/certificates/staff/", {"q": holder.email.upper()}).content.decode()
    assert greek_link in by_email
    by_code = client.get("/en/certificates/staff/", {"q": issued.code.lower()}).content.decode()
    assert greek_link in by_code
    other = client.get("/en/certificates/staff/", {"q": italian_cert.code}).content.decode()
    assert italian_link not in other and "No certificate of the countries you serve" in other
    assert client.get(italian_link).status_code == 404
    log_in(client, css_staff())
    page = client.get("/en/certificates/staff/").content.decode()
    assert greek_link in page and italian_link in page


def test_the_staff_list_reads_a_fixed_number_of_queries(
    client, greek_nso, greece, holder, fake_source, django_assert_num_queries
):
    log_in(client, greek_nso)
    fake_source.qualify(1, holder, greece)
    services.issue(source=FAKE, source_id=1)
    client.get("/en/certificates/staff/")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/certificates/staff/")
    for i in range(2, 7):
        fake_source.qualify(i, holder, greece)
        services.issue(source=FAKE, source_id=i)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/en/certificates/staff/")


def test_staff_revoke_with_a_reason(client, issued, greek_nso):
    log_in(client, greek_nso)
    url = f"/en/certificates/staff/{issued.code}/"
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None
    done = client.post(url, {"reason": "Completion recorded by mistake"})
    assert done.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revoked_reason == "Completion recorded by mistake"
    assert AuditEvent.objects.filter(action="certificates.revoked", actor=greek_nso).count() == 1
    again = client.post(url, {"reason": "twice"})
    assert again.status_code == 200
    issued.refresh_from_db()
    assert issued.revoked_reason == "Completion recorded by mistake"


def test_staff_of_another_country_cannot_revoke(client, issued, italy):
    log_in(client, nso_staff(italy))
    assert client.post(f"/en/certificates/staff/{issued.code}/", {"reason": "no"}).status_code == 404
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_pages_in_greek(client, issued, holder, greek_nso):
    log_in(client, holder)
    assert client.get("/el/certificates/").status_code == 200
    assert client.get(f"/el/certificates/{issued.code}/").status_code == 200
    log_in(client, greek_nso)
    assert client.get("/el/certificates/staff/").status_code == 200
    assert client.get(f"/el/certificates/staff/{issued.code}/").status_code == 200


def test_an_erased_holders_certificate_verifies_as_revoked_naming_no_one(client, issued, holder):
    from twinning.certificates.privacy import erase_certificates

    erase_certificates(holder)
    page = client.get(f"/en/verify/{issued.code}").content.decode()
    assert "revoked" in page and "personal data were erased" in page
    assert "Μαρία" not in page and "Παπαδοπούλου" not in page
