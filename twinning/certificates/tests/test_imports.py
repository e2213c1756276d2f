"""Earlier certificates from Moodle: the file's check (counts and every row error), the import (idempotent,
audited, as a job), attaching on e-mail confirmation, old codes verifying, the staff pages' permissions and
bad files changing nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher
from twinning.certificates import imports
from twinning.certificates.models import Certificate
from twinning.core import jobs
from twinning.core.models import AuditEvent, Job, JobState
from twinning.core.uploads import private_storage

pytestmark = pytest.mark.django_db

HEADER = "email,name,course,cycle,hours,start,end,code"


def csv(*lines, header=HEADER, bom=False) -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    return text.encode("utf-8-sig" if bom else "utf-8")


def good(n=1, email="old.teacher@example.org", code=None) -> str:
    code = code or f"MOODLE-2021-{n:05d}"
    return f"{email},Άννα Οικονόμου,Εισαγωγή στο eTwinning,2021-22,20,2021-11-01,2021-12-20,{code}"


def _check(content: bytes, country):
    return imports.check(io.BytesIO(content), country=country)


# --- the check -------------------------------------------------------------------------------------------------


def test_greek_headers_semicolons_bom_and_both_date_forms_are_read(greece):
    content = csv(
        "a@example.org;Άννα Οικονόμου;Ρομποτική;;12,5;01/10/2020;2020-12-15;etw-2020-00001",
        header="Ηλεκτρονικό ταχυδρομείο;Ονοματεπώνυμο;Μάθημα;Κύκλος;Ώρες;Έναρξη;Λήξη;Κωδικός",
        bom=True,
    )
    checked = _check(content, greece)
    assert checked.errors == [] and checked.to_create == 1
    row = checked.rows[0]
    assert (row.code, row.hours, row.started_on, row.ended_on, row.title) == (
        "ETW-2020-00001", Decimal("12.5"), datetime.date(2020, 10, 1), datetime.date(2020, 12, 15), "Ρομποτική"
    )  # fmt: skip


def test_the_preview_counts_and_every_row_error_with_its_line(greece):
    member = UserFactory(email="Member@Example.org")
    Certificate.objects.create(
        code="MOODLE-2019-00007", kind="imported", imported=True, holder_name="Άλλος", holder_email="x@example.org",
        title_el="Άλλο", title_en="Άλλο", hours=5, country=greece,
    )  # fmt: skip
    content = csv(
        good(1, email="member@example.org"),  # 2: matches an account
        good(2),  # 3: kept for someone who has not joined
        "not-an-email,Β,Μάθημα,,20,2021-11-01,2021-12-20,MOODLE-2021-00003",  # 4
        "b@example.org,Β,Μάθημα,,20,31/02/2021,2021-12-20,MOODLE-2021-00004",  # 5: no 31 February
        "b@example.org,Β,Μάθημα,,20,2021-12-20,2021-11-01,MOODLE-2021-00005",  # 6: reversed
        "b@example.org,Β,Μάθημα,,είκοσι,2021-11-01,2021-12-20,MOODLE-2021-00006",  # 7
        "b@example.org,Β,Μάθημα,,20,2021-11-01,2021-12-20,",  # 8: empty code
        good(9, code="MOODLE-2021-00001"),  # 9: the code of row 2 again
        "b@example.org,Β,Μάθημα,,20,2021-11-01,2021-12-20,moodle-2019-00007",  # 10: exists, other facts
        ",Β,,,20,2021-11-01,2021-12-20,MOODLE-2021-00011",  # 11: e-mail and course missing
    )
    checked = _check(content, greece)
    by_row = {}
    for e in checked.errors:
        by_row.setdefault(e["row"], []).append((e["column"], e["message"]))
    assert sorted(by_row) == [4, 5, 6, 7, 8, 9, 10, 11]
    assert by_row[4][0][0] == "email" and "not an e-mail address" in by_row[4][0][1]
    assert by_row[5][0][0] == "start" and "is not a date" in by_row[5][0][1]
    assert by_row[6][0][0] == "end" and "before it starts" in by_row[6][0][1]
    assert by_row[7][0][0] == "hours" and "not a number of hours" in by_row[7][0][1]
    assert by_row[8][0][0] == "code" and "empty" in by_row[8][0][1]
    assert by_row[9] == [("code", "The code MOODLE-2021-00001 is also on row 2.")]
    assert "already exists" in by_row[10][0][1]
    assert {c for c, _m in by_row[11]} == {"email", "course"}
    assert checked.counts() == {
        "rows": 10,
        "create": 2,
        "unchanged": 0,
        "matched": 1,
        "kept": 1,
        "left_out": 8,
        "problems": 9,
    }
    assert checked.users == {"member@example.org": member.pk}
    assert not Certificate.objects.filter(code__startswith="MOODLE-2021").exists()  # the check writes nothing


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "UTF-8"),
        (b"email,name,hours\nx@example.org,X,3\n", "missing: course, start, end, code"),
        (HEADER.encode() + b"\n", "no rows"),
        (b"", "empty"),
        (b'email,name,course,hours,start,end,code\n"unclosed,X,Y,1,2021-01-01,2021-01-02,C1\n', "Nothing was changed"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(greece, content, words):
    with pytest.raises(imports.ImportRefused) as refused:
        _check(content, greece)
    assert words in str(refused.value)


# --- the import ------------------------------------------------------------------------------------------------


def test_import_creates_the_good_rows_and_a_second_import_changes_nothing(greece, greek_nso):
    member = teacher(country=greece, email="member@example.org")
    content = csv(good(1, email="MEMBER@example.org"), good(2), "bad,Β,Μ,,20,2021-11-01,2021-12-20,MOODLE-X-1")
    first = imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(content), filename="old.csv")
    assert first["counts"] == {
        "rows": 3,
        "create": 2,
        "unchanged": 0,
        "matched": 1,
        "kept": 1,
        "left_out": 1,
        "problems": 1,
    }
    assert [e["row"] for e in first["errors"]] == [4]
    mine = Certificate.objects.get(code="MOODLE-2021-00001")
    assert (mine.holder, mine.holder_email, mine.kind, mine.imported, mine.country) == (
        member, "member@example.org", "imported", True, greece
    )  # fmt: skip
    assert (mine.title_el, mine.title_en) == ("Εισαγωγή στο eTwinning (2021-22)",) * 2
    assert mine.hours == Decimal("20") and mine.ended_on == datetime.date(2021, 12, 20)
    waiting = Certificate.objects.get(code="MOODLE-2021-00002")
    assert waiting.holder is None and waiting.holder_email == "old.teacher@example.org"
    event = AuditEvent.objects.get(action="certificates.imported")
    assert event.country_code == "GR" and event.data["create"] == 2 and event.data["left_out"] == 1
    again = imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(content), filename="old.csv")
    assert again["counts"]["create"] == 0 and again["counts"]["unchanged"] == 2
    assert Certificate.objects.count() == 2


def test_only_the_staff_of_the_country_may_import(greece, italy):
    from twinning.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        imports.import_rows(actor=nso_staff(italy), country=greece, handle=io.BytesIO(csv(good())))
    assert not Certificate.objects.exists()


def test_the_import_runs_as_a_job_and_deletes_its_file(greece, greek_nso):
    content = csv(*[good(n, email=f"p{n}@example.org") for n in range(1, 2502)])
    stored, fingerprint = imports.upload_keep(SimpleUploadedFile("old.csv", content))
    checked = imports.check_kept(stored, country=greece)
    job = imports.import_start(actor=greek_nso, country=greece, stored=stored, fingerprint=fingerprint,
                               filename="old.csv", counts=checked.counts())  # fmt: skip
    assert job.total == 2501
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["counts"]["create"] == 2501 and job.done == 2501
    assert Certificate.objects.filter(imported=True).count() == 2501
    assert not private_storage().exists(stored)


def test_a_job_whose_file_changed_fails_and_changes_nothing(greece, greek_nso):
    stored, fingerprint = imports.upload_keep(SimpleUploadedFile("old.csv", csv(good())))
    job = imports.import_start(actor=greek_nso, country=greece, stored=stored, fingerprint="0" * 64,
                               filename="old.csv", counts={"create": 1})  # fmt: skip
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert "changed since its preview" in job.message
    assert not Certificate.objects.exists() and not private_storage().exists(stored)


def test_an_unconfirmed_upload_is_swept_after_a_day(greece):
    stored, _digest = imports.upload_keep(SimpleUploadedFile("old.csv", csv(good())))
    from django.utils import timezone

    assert imports.sweep_uploads() == 0
    assert imports.sweep_uploads(now=timezone.now() + datetime.timedelta(days=2)) == 1
    assert not private_storage().exists(stored)


# --- attaching when they join -----------------------------------------------------------------------------------


def test_a_certificate_kept_for_an_address_is_attached_when_its_owner_confirms_it(client, greece, greek_nso):
    imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(csv(good(1, email="new@example.org"))))
    newcomer = UserFactory(email="someone@example.org")
    address = EmailAddress.objects.create(user=newcomer, email="New@Example.org", verified=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    certificate = Certificate.objects.get(code="MOODLE-2021-00001")
    assert certificate.holder == newcomer
    assert AuditEvent.objects.filter(action="certificates.attached", data__count=1).exists()
    log_in(client, newcomer)
    page = client.get("/en/certificates/")
    assert page.status_code == 200 and "MOODLE-2021-00001" in page.content.decode()
    # a second confirmation (another address, or the same again) takes nothing from anyone
    other = UserFactory()
    assert imports.attach_imported(user=other, email="new@example.org") == 0
    assert Certificate.objects.get(pk=certificate.pk).holder == newcomer


def test_old_codes_verify_with_and_without_slashes(client, greece, greek_nso):
    content = csv(good(1, code="MOODLE-2021-00042"), good(2, code="2019/ETW/123"))
    imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(content))
    for address in ("/en/verify/MOODLE-2021-00042", "/en/verify/moodle-2021-00042", "/en/verify/2019/ETW/123",
                    "/el/verify/2019/etw/123", "/verify/MOODLE-2021-00042"):  # fmt: skip
        page = client.get(address)
        assert page.status_code == 200, address
        assert "Άννα Οικονόμου" in page.content.decode()
    assert client.get("/verify/2019/ETW/123", follow=True).status_code == 200
    typed = client.get("/en/verify/", {"code": " 2019/etw/123 "})
    assert typed.status_code == 302 and typed["Location"] == "/en/verify/2019/ETW/123"
    assert client.get("/en/verify/2019/ETW/124").status_code == 404


def test_a_holder_with_a_slashed_old_code_sees_it_in_my_certificates(client, greece, greek_nso):
    member = teacher(country=greece, email="member@example.org")
    content = csv(good(1, email="member@example.org", code="2019/ETW/123"))
    imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(content))
    log_in(client, member)
    page = client.get("/en/certificates/")
    assert page.status_code == 200 and 'href="/en/certificates/2019/ETW/123/"' in page.content.decode()
    log_in(client, greek_nso)
    listing = client.get("/en/certificates/staff/", {"q": "2019/etw/123"})
    assert listing.status_code == 200 and "/en/certificates/staff/2019/ETW/123/" in listing.content.decode()


# --- the pages ---------------------------------------------------------------------------------------------------


def _upload(client, content, *, country, name="old.csv"):
    return client.post(
        reverse("certificates:import"),
        {"step": "preview", "country": country.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_the_pages_preview_confirm_and_show_the_result(client, greece, greek_nso):
    log_in(client, greek_nso)
    page = client.get("/en/certificates/staff/import/")
    assert page.status_code == 200 and b'type="hidden" name="country"' in page.content  # their own country
    content = csv(good(1), good(2), "bad,Β,Μ,,20,2021-11-01,2021-12-20,MOODLE-X-1")
    preview = _upload(client, content, country=greece)
    text = preview.content.decode()
    assert preview.status_code == 200 and "Import 2 certificates" in text and "is not an e-mail address" in text
    assert not Certificate.objects.exists()
    digest = client.session[imports_session_key()]["digest"]
    confirmed = client.post(reverse("certificates:import"), {"step": "confirm", "digest": digest})
    job = Job.objects.get(kind=imports.JOB_KIND)
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("jobs:job", args=[job.pk])
    jobs.run(job.pk)
    assert client.get(reverse("jobs:job", args=[job.pk]))["Location"] == reverse(
        "certificates:import_result", args=[job.pk]
    )
    result = client.get(reverse("certificates:import_result", args=[job.pk]))
    assert result.status_code == 200 and "2 certificates created." in result.content.decode()
    assert Certificate.objects.count() == 2


def imports_session_key():
    from twinning.certificates.import_views import SESSION_KEY

    return SESSION_KEY


def test_cancel_deletes_the_waiting_file(client, greece, greek_nso):
    log_in(client, greek_nso)
    _upload(client, csv(good()), country=greece)
    stored = client.session[imports_session_key()]["stored"]
    assert private_storage().exists(stored)
    client.post(reverse("certificates:import"), {"step": "cancel"})
    assert not private_storage().exists(stored) and not Certificate.objects.exists()


def test_who_may_use_the_import_pages(client, greece, italy, greek_nso):
    url = reverse("certificates:import")
    assert client.get(url).status_code == 302  # to the login page
    log_in(client, teacher(country=greece))
    assert client.get(url).status_code == 403
    italian = nso_staff(italy)
    log_in(client, italian)
    assert _upload(client, csv(good()), country=greece).status_code == 404  # another country's
    assert not Certificate.objects.exists()
    # a Greek import's result is its owner's only
    stored, fingerprint = imports.upload_keep(SimpleUploadedFile("old.csv", csv(good())))
    job = imports.import_start(actor=greek_nso, country=greece, stored=stored, fingerprint=fingerprint,
                               filename="old.csv", counts={"create": 1})  # fmt: skip
    jobs.run(job.pk)
    assert client.get(reverse("certificates:import_result", args=[job.pk])).status_code == 404
    css = css_staff()
    log_in(client, css)
    page = client.get(url)
    assert page.status_code == 200 and b"<select" in page.content  # CSS choose the country
    assert _upload(client, csv(good(2)), country=italy).status_code == 200
    assert client.session[imports_session_key()]["country"] == italy.pk


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("photo.png", b"\x89PNG\r\n", "Choose a CSV file"),
        ("old.csv", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "UTF-8"),
        ("old.csv", b"email;name\nx@example.org;X\n", "missing"),
        ("old.csv", b"", "empty"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_why(client, greece, greek_nso, name, content, words):
    log_in(client, greek_nso)
    page = _upload(client, content, country=greece, name=name)
    assert page.status_code == 200 and words in page.content.decode()
    assert not Certificate.objects.exists() and imports_session_key() not in client.session
    try:
        _folders, kept = private_storage().listdir(imports.UPLOAD_FOLDER)
    except FileNotFoundError:
        kept = []
    assert kept == []


def test_a_file_with_nothing_new_offers_no_import(client, greece, greek_nso):
    imports.import_rows(actor=greek_nso, country=greece, handle=io.BytesIO(csv(good())))
    log_in(client, greek_nso)
    page = _upload(client, csv(good()), country=greece)
    assert page.status_code == 200 and "nothing will change" in page.content.decode()
    assert imports_session_key() not in client.session


def test_the_detail_pages_of_a_slashed_old_code(client, greece, greek_nso):
    member = teacher(country=greece, email="member@example.org")
    imports.import_rows(actor=greek_nso, country=greece,
                        handle=io.BytesIO(csv(good(1, email="member@example.org", code="2019/ETW/123"))))  # fmt: skip
    log_in(client, member)
    assert client.get("/en/certificates/2019/ETW/123/").status_code == 200
    log_in(client, greek_nso)
    assert client.get("/en/certificates/staff/2019/ETW/123/").status_code == 200
