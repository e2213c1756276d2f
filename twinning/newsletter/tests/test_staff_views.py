"""The staff's pages: who may see them, composing, sending with the confirm step, the deliveries' list."""

import pytest
from django.core import mail

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.newsletter import sources
from twinning.newsletter.models import Delivery, Newsletter, NewsletterStatus

from .factories import newsletter, subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_source():
    saved = sources.snapshot()
    sources.register_source(
        "test", "Test", lambda since, language: [
            sources.NewsletterItem(title=f"Item in {language}", summary="Summary", url=f"/{language}/item/",
                                   date=since.date(), kind="test")
        ],
    )  # fmt: skip
    yield
    sources.restore(saved)


def test_a_teacher_gets_403_on_staff_pages(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    letter = newsletter(by=css_staff())
    log_in(client, person)
    for path in ("/en/newsletter/staff/", "/en/newsletter/staff/new/", f"/en/newsletter/staff/{letter.pk}/",
                 f"/en/newsletter/staff/{letter.pk}/send/", f"/en/newsletter/staff/{letter.pk}/preview/"):  # fmt: skip
        assert client.get(path).status_code == 403, path


def test_nso_of_italy_gets_404_on_a_greek_newsletter(client, greece, italy):
    greek = newsletter(by=nso_staff(greece), audience="teachers_of_country", country=greece)
    everyone = newsletter(by=css_staff(), audience="all")
    log_in(client, nso_staff(italy))
    for letter in (greek, everyone):
        for suffix in ("", "edit/", "send/", "preview/"):
            assert client.get(f"/en/newsletter/staff/{letter.pk}/{suffix}").status_code == 404
        assert client.post(f"/en/newsletter/staff/{letter.pk}/test/").status_code == 404
        assert client.post(f"/en/newsletter/staff/{letter.pk}/send/").status_code == 404
    assert not mail.outbox
    listing = client.get("/en/newsletter/staff/")
    assert greek.title.encode() not in listing.content


def test_nso_cannot_pick_the_audience_all(client, greece, one_source):
    nso = nso_staff(greece)
    log_in(client, nso)
    page = client.get("/en/newsletter/staff/new/")
    assert page.status_code == 200
    assert b'value="all"' not in page.content
    response = client.post("/en/newsletter/staff/new/", {"title": "To all", "language": "el", "audience": "all"})
    assert response.status_code == 200
    assert not Newsletter.objects.exists()


def test_composing_from_recent_items_then_preview(client, greece, one_source):
    nso = nso_staff(greece)
    log_in(client, nso)
    page = client.get("/en/newsletter/staff/new/")
    assert b"Item in el" in page.content and b"Item in en" in page.content
    response = client.post("/en/newsletter/staff/new/", {
        "title": "Greek news", "language": "el", "intro": "<p>Hello</p>", "audience": "teachers_of_country",
        "country": greece.pk, "items": ["/el/item/"],
    })  # fmt: skip
    letter = Newsletter.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/newsletter/staff/{letter.pk}/")
    assert [i["title"] for i in letter.items] == ["Item in el"]
    assert letter.country == greece and letter.created_by == nso
    preview = client.get(f"/en/newsletter/staff/{letter.pk}/preview/")
    assert preview.status_code == 200 and b"Item in el" in preview.content
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    shown = client.get(f"/en/newsletter/staff/{letter.pk}/")
    assert shown.status_code == 200
    # The page frames the preview: its policy lets it frame this site's pages (and only there).
    frame_src = next(d for d in shown["Content-Security-Policy"].split(";") if d.strip().startswith("frame-src"))
    assert "'self'" in frame_src.split()
    other = client.get("/en/newsletter/staff/")["Content-Security-Policy"]
    assert "'self'" not in next(d for d in other.split(";") if d.strip().startswith("frame-src")).split()


def test_send_a_test_to_me_then_send_through_the_job(client, greece, django_capture_on_commit_callbacks):
    staff = css_staff(email="css@example.org")
    for n in range(3):
        subscription(f"s{n}@example.org")
    letter = newsletter(by=staff)
    log_in(client, staff)
    client.post(f"/en/newsletter/staff/{letter.pk}/test/")
    assert [m.to for m in mail.outbox] == [["css@example.org"]]
    confirm = client.get(f"/en/newsletter/staff/{letter.pk}/send/")
    assert b"3 subscribers" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/newsletter/staff/{letter.pk}/send/")
    letter.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{letter.job_id}/")
    job_page = client.get(response["Location"])
    assert job_page.status_code == 302 and job_page["Location"] == f"/en/newsletter/staff/{letter.pk}/"
    assert letter.status == NewsletterStatus.SENT and len(mail.outbox) == 4
    detail = client.get(f"/en/newsletter/staff/{letter.pk}/?status=sent")
    assert detail.status_code == 200 and b"s0@example.org" in detail.content
    assert b"s0@example.org" not in client.get(f"/en/newsletter/staff/{letter.pk}/?status=failed").content
    # A sent newsletter is not sent (nor changed) again.
    client.post(f"/en/newsletter/staff/{letter.pk}/send/")
    assert len(mail.outbox) == 4 and Delivery.objects.count() == 3
    assert client.get(f"/en/newsletter/staff/{letter.pk}/edit/").status_code == 302


def _sent(letter, n):
    start = Delivery.objects.count()
    emails = [f"{letter.pk}-{start + i}@example.org" for i in range(n)]
    Delivery.objects.bulk_create(
        [Delivery(newsletter=letter, subscription=subscription(e), email=e, status="sent") for e in emails]
    )
    Newsletter.objects.filter(pk=letter.pk).update(status=NewsletterStatus.SENT)


def test_staff_pages_keep_a_fixed_number_of_queries(client, greece, django_assert_max_num_queries):
    staff = css_staff()
    log_in(client, staff)
    first = newsletter(by=staff)
    _sent(first, 2)
    client.get("/en/newsletter/staff/")
    with django_assert_max_num_queries(30) as few:
        client.get("/en/newsletter/staff/")
        client.get(f"/en/newsletter/staff/{first.pk}/")
    for _ in range(5):
        newsletter(by=css_staff(), audience="teachers_of_country", country=greece)
    _sent(first, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/newsletter/staff/")
        client.get(f"/en/newsletter/staff/{first.pk}/")
