"""The upload validator: files that lie about their type, scripts in disguise, bombs, oversize files and
hostile names are refused with a clear message; images are stored without their metadata."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from twinning.core import upload_check as uc

MB = 1024 * 1024


def _image(fmt="JPEG", size=(64, 48), exif_gps=False, color=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "CameraMaker"  # Make
        exif[0x0131] = "secret-software"
        exif[0x8825] = {1: "N", 2: (37.0, 58.0, 0.0), 3: "E", 4: (23.0, 43.0, 0.0)}  # GPS: Athens
        kwargs["exif"] = exif
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _check(name, data, allowed=uc.MATERIALS, max_bytes=20 * MB, max_image_bytes=5 * MB):
    return uc.check_upload(
        SimpleUploadedFile(name, data), allowed=allowed, max_bytes=max_bytes, max_image_bytes=max_image_bytes
    )


def _refused(name, data, code, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _check(name, data, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def test_a_photo_is_stored_without_its_gps_position_and_camera():
    original = _image(exif_gps=True)
    assert b"CameraMaker" in original  # the test photo really carries metadata
    checked = _check("holiday.JPG", original)
    stored = checked.content.read()
    assert checked.kind.code == "jpeg" and checked.display_name == "holiday.jpg"
    assert (checked.width, checked.height) == (64, 48)
    assert b"CameraMaker" not in stored and b"secret-software" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_the_orientation_the_camera_recorded_is_applied():
    image = Image.new("RGB", (80, 20), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    checked = _check("portrait.jpg", out.getvalue())
    assert (checked.width, checked.height) == (20, 80)


@pytest.mark.parametrize("fmt,name", [("PNG", "a.png"), ("GIF", "a.gif"), ("WEBP", "a.webp")])
def test_other_image_formats_are_encoded_again_in_their_format(fmt, name):
    checked = _check(name, _image(fmt))
    with Image.open(io.BytesIO(checked.content.read())) as image:
        assert image.format == fmt


def test_a_polyglot_loses_what_was_appended():
    payload = b"<script>alert(1)</script>" + _zip({"evil.html": b"<script>alert(1)</script>"})
    checked = _check("cat.png", _image("PNG") + payload)
    stored = checked.content.read()
    assert b"<script>" not in stored and b"evil.html" not in stored


def test_files_that_lie_about_their_type():
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    error = _refused("photo.jpg", pdf, "mismatch")
    assert ".jpg" in error.messages[0] and "PDF" in error.messages[0]
    _refused("report.pdf", _image(), "mismatch")
    _refused("notes.txt", _image("PNG"), "mismatch")
    # A JPEG signature followed by garbage: not an image at all.
    _refused("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "bad_image")
    # A PNG named .png whose content is a GIF.
    _refused("x.png", _image("GIF"), "mismatch")


@pytest.mark.parametrize(
    "name,data",
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notes.txt", b"\xef\xbb\xbf  <html><body onload=alert(1)>"),
        ("notes.txt", b"hello <script>alert(1)</script>"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
        ("tool.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("archive.docx", _zip({"random.txt": b"not a document"})),
        ("data.bin", bytes(range(256)) * 4),
    ],
)
def test_kinds_never_allowed(name, data):
    _refused(name, data, "kind")


def test_documents_are_recognised_by_their_content():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert _check("plan.docx", docx).kind.code == "docx"
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
    assert _check("plan.odt", odt).kind.code == "odt"
    assert _check("plan.pdf", b"%PDF-1.4\n%%EOF\n").kind.code == "pdf"
    assert _check("ώρες.csv", "όνομα,ώρες\nΜαρία,3\n".encode()).kind.code == "csv"
    assert _check("song.mp3", b"ID3\x04\x00" + b"\x00" * 200).kind.code == "mp3"
    assert _check("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200).kind.code == "mp4"


def test_a_zip_bomb_posing_as_an_opendocument_is_not_opened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"a" * (50 * MB))  # 50 MB of "a" compress to about 50 KB
    _refused("plan.odt", out.getvalue(), "kind")


@pytest.mark.parametrize("side,code", [(10_000, "bomb"), (7_100, "too_many_pixels")])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(side, code):
    image = Image.new("1", (side, side))  # 100 or 50 megapixels, a few KB as PNG
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert len(out.getvalue()) < 100_000
    _refused("tiny.png", out.getvalue(), code)


def test_size_limits_for_files_and_for_images():
    _refused("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * MB), "too_large", max_bytes=MB)
    noisy = Image.effect_noise((1500, 1500), 100).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > MB
    _refused("noise.png", out.getvalue(), "too_large", max_image_bytes=MB)
    _refused("empty.pdf", b"", "empty")


def test_kinds_allowed_depend_on_the_place():
    error = _refused("plan.pdf", b"%PDF-1.4\n%%EOF\n", "kind", allowed=uc.IMAGES)
    assert "JPG" in error.messages[0] and "PDF" not in error.messages[0]


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/ok.pdf", "ok.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("rtl\u202egnp.pdf", "rtlgnp.pdf"),
        ("..", "file"),
        ("α" * 300 + ".pdf", "α" * 116 + ".pdf"),
    ],
)
def test_names_are_made_safe_to_show(raw, shown):
    assert uc.display_name(raw) == shown


def test_a_hostile_name_never_reaches_the_stored_name():
    checked = _check("../../../etc/cron.d/x.pdf", b"%PDF-1.4\n%%EOF\n")
    assert "/" not in checked.content.name and checked.content.name == "x.pdf"


def test_messages_in_greek():
    with translation.override("el"):
        error = _refused("photo.jpg", b"%PDF-1.4\n%%EOF\n", "mismatch")
        assert not any("a" <= c.lower() <= "z" for c in error.messages[0].replace("PDF", "").replace("jpg", ""))
