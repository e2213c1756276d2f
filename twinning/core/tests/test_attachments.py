"""Files attached to a place: uploaded through the checks, served only to those the place lets read, with
clear refusals (in the person's language) that store nothing."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from twinning.accounts.tests.factories import log_in, teacher
from twinning.core import attachments
from twinning.core.models import Attachment, PlatformRule
from twinning.core.rules import rules_changed
from twinning.core.uploads import private_storage

pytestmark = pytest.mark.django_db

PLACE = "test.place"


class Place:
    def __init__(self):
        self.rights = {}
        self.quota = None

    def access(self, user, host_id):
        if host_id != 1:
            return None
        return self.rights.get(getattr(user, "pk", None))


@pytest.fixture
def place():
    saved = attachments.snapshot()
    place = Place()
    attachments.register_attachment_host(PLACE, place.access)
    yield place
    attachments.restore(saved)


def _png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, "PNG")
    out.seek(0)
    out.name = "river photo.png"
    return out


def _upload(client, data, host_id=1, lang="en"):
    return client.post(reverse("uploads:upload", args=[PLACE, host_id]).replace("/en/", f"/{lang}/", 1), data)


def test_an_editor_uploads_an_image_and_readers_get_it_outsiders_do_not(client, place, greece):
    writer, reader, outsider = teacher(country=greece), teacher(country=greece), teacher(country=greece)
    place.rights = {writer.pk: attachments.FileAccess(upload=True), reader.pk: attachments.FileAccess()}
    log_in(client, writer)
    response = _upload(client, {"file": _png(), "rights": "own", "description": "  Our   river  "})
    assert response.status_code == 201, response.content
    body = response.json()
    attachment = Attachment.objects.get()
    assert body["url"] == f"/files/{attachment.pk}/river%20photo.png" and body["image"] is True
    assert (attachment.width, attachment.height, attachment.description) == (40, 30, "Our river")
    assert private_storage().exists(attachment.file.name) and "river" not in attachment.file.name
    log_in(client, reader)
    served = client.get(body["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert "private" in served["Cache-Control"] and "public" not in served["Cache-Control"]
    assert _upload(client, {"file": _png(), "rights": "own"}).status_code == 403  # readers do not upload
    log_in(client, outsider)
    assert client.get(body["url"]).status_code == 404
    assert _upload(client, {"file": _png(), "rights": "own"}).status_code == 404
    client.logout()
    response = client.get(body["url"])  # visitors are asked to log in, whether or not the file exists
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/files/999999/").status_code == 302
    assert Attachment.objects.count() == 1


def test_refusals_say_why_in_the_persons_language_and_store_nothing(client, place, greece):
    writer = teacher(country=greece)
    place.rights = {writer.pk: attachments.FileAccess(upload=True, allowed=frozenset({"png", "jpeg"}))}
    log_in(client, writer)
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    svg.name = "drawing.png"
    response = _upload(client, {"file": svg, "rights": "own"}, lang="el")
    assert response.status_code == 400
    message = response.json()["error"]
    assert "Αυτό το είδος αρχείου" in message
    assert _upload(client, {"file": _png(), "rights": ""}).json()["field"] == "rights"
    assert _upload(client, {"rights": "own"}).status_code == 400
    assert client.get(reverse("uploads:upload", args=[PLACE, 1])).status_code == 405
    assert not Attachment.objects.exists()


def test_the_platforms_limits_and_the_places_quota(client, place, greece):
    writer = teacher(country=greece)
    place.rights = {writer.pk: attachments.FileAccess(upload=True, quota_bytes=3000)}
    log_in(client, writer)
    assert _upload(client, {"file": _png(), "rights": "cc-by"}).status_code == 201
    big = io.BytesIO()
    Image.effect_noise((100, 100), 100).convert("RGB").save(big, "PNG")
    big.seek(0)
    big.name = "noise.png"
    response = _upload(client, {"file": big, "rights": "cc-by"})
    assert response.status_code == 400 and "space" in response.json()["error"]
    place.rights = {writer.pk: attachments.FileAccess(upload=True)}
    PlatformRule.objects.create(key="uploads.max_image_mb", value=1)
    rules_changed()
    noisy = io.BytesIO()
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(noisy, "PNG")
    noisy.seek(0)
    noisy.name = "noise.png"
    response = _upload(client, {"file": noisy, "rights": "own"})
    assert response.status_code == 400 and "too large" in response.json()["error"]
    assert Attachment.objects.count() == 1


def test_visitors_are_asked_to_log_in_before_uploading(client, place):
    response = _upload(client, {"file": _png(), "rights": "own"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_files_a_person_added_are_in_their_download_and_forget_them_on_erasure(client, place, greece):
    from twinning.core import privacy

    writer = teacher(country=greece)
    place.rights = {writer.pk: attachments.FileAccess(upload=True)}
    log_in(client, writer)
    _upload(client, {"file": _png(), "rights": "cc-by", "description": "river"})
    exported = privacy.export_attachments(writer)
    assert [(e["name"], e["rights"], e["description"]) for e in exported] == [("river photo.png", "cc-by", "river")]
    privacy.erase_attachments(writer)
    assert Attachment.objects.get().uploaded_by is None and privacy.export_attachments(writer) == []
