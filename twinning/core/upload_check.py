"""One upload validator for every domain: what a file *is*, decided from its content, never from its name.

``check_upload(file, allowed=…, max_bytes=…)`` reads the first bytes of an uploaded file and decides its
kind by signature (JPEG, PNG, GIF, WebP, PDF, the Office and OpenDocument formats, MP3, MP4, plain text
and CSV). A file is refused, with a message in the person's language, when it is larger than allowed,
empty, of a kind not allowed here, of a kind never allowed (SVG, HTML, programs, archives other than the
document formats), or when its name says something else than its content ("photo.jpg" that is a PDF).

Images are decoded and **encoded again** with Pillow: what is stored is only the picture (no EXIF, GPS
position, camera serial or comment; nothing appended after the image, so a polyglot loses its payload),
turned the way the camera meant (orientation applied), and never larger than ``MAX_IMAGE_PIXELS`` (a
decompression bomb is refused before it is decoded). The result is a ``CheckedUpload`` whose ``content``
is what a service stores (with ``uploads.RandomName``); ``display_name`` is the person's file name
made safe to show (no folders, no control characters).
"""

from __future__ import annotations

import io
import os
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: any phone photo; a 20,000 × 20,000 "bomb" is refused
HEAD_BYTES = 8192

IMAGE = "image"
DOCUMENT = "document"
AUDIO = "audio"
VIDEO = "video"
TEXT = "text"


@dataclass(frozen=True)
class Kind:
    code: str  # "jpeg", "pdf", …
    family: str  # IMAGE, DOCUMENT, …
    extension: str  # the extension stored files get
    content_type: str
    extensions: frozenset[str]  # the names a person's file of this kind may have


KINDS = {
    k.code: k
    for k in (
        Kind("jpeg", IMAGE, ".jpg", "image/jpeg", frozenset({".jpg", ".jpeg", ".jfif"})),
        Kind("png", IMAGE, ".png", "image/png", frozenset({".png"})),
        Kind("gif", IMAGE, ".gif", "image/gif", frozenset({".gif"})),
        Kind("webp", IMAGE, ".webp", "image/webp", frozenset({".webp"})),
        Kind("pdf", DOCUMENT, ".pdf", "application/pdf", frozenset({".pdf"})),
        Kind(
            "docx",
            DOCUMENT,
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({".docx"}),
        ),
        Kind(
            "xlsx",
            DOCUMENT,
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            frozenset({".xlsx"}),
        ),
        Kind(
            "pptx",
            DOCUMENT,
            ".pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            frozenset({".pptx"}),
        ),
        Kind("odt", DOCUMENT, ".odt", "application/vnd.oasis.opendocument.text", frozenset({".odt"})),
        Kind("ods", DOCUMENT, ".ods", "application/vnd.oasis.opendocument.spreadsheet", frozenset({".ods"})),
        Kind("odp", DOCUMENT, ".odp", "application/vnd.oasis.opendocument.presentation", frozenset({".odp"})),
        Kind("mp3", AUDIO, ".mp3", "audio/mpeg", frozenset({".mp3"})),
        Kind("mp4", VIDEO, ".mp4", "video/mp4", frozenset({".mp4", ".m4v", ".m4a"})),
        Kind("txt", TEXT, ".txt", "text/plain", frozenset({".txt"})),
        Kind("csv", TEXT, ".csv", "text/csv", frozenset({".csv"})),
    )
}
IMAGES = frozenset(c for c, k in KINDS.items() if k.family == IMAGE)
PHOTOS = frozenset({"jpeg", "png", "webp"})  # a person's photo (no animation)
DOCUMENTS = frozenset(c for c, k in KINDS.items() if k.family in (DOCUMENT, TEXT))
MATERIALS = frozenset(KINDS)  # what a workspace's materials may hold

_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_NEVER = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script", b"MZ", b"\x7fELF", b"#!")
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile  # what to store (images encoded again)
    kind: Kind
    display_name: str
    size: int
    width: int | None = None
    height: int | None = None


def display_name(name: str | None, limit: int = 120) -> str:
    """A person's file name safe to show: no folders ("../../x" is "x"), no control characters, short."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    if len(base) > limit:
        stem, ext = os.path.splitext(base)
        base = stem[: limit - len(ext)] + ext
    return base or "file"


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 200:  # a bomb in disguise, never a real one
                    return None
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, code in _OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return code
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def _text_kind(head: bytes, extension: str) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is not an error
            return None
        text = head[: exc.start].decode("utf-8")
    lowered = text.lstrip("\ufeff \t\r\n").lower().encode()
    if any(lowered.startswith(marker.lower()) for marker in _NEVER) or b"<script" in lowered:
        return None
    return "csv" if extension == ".csv" else "txt"


def sniff(data: bytes, extension: str = "") -> str | None:
    """The kind of a file from its content (``None``: unknown or never allowed)."""
    head = data[:HEAD_BYTES]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "mp4"
    return _text_kind(head, extension)


def _reencode(data: bytes, code: str) -> tuple[bytes, int, int]:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow refuses twice this before decoding
    try:
        with warnings.catch_warnings():
            # Between one and two times the limit Pillow only warns; the size check below refuses it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This image is too large (%(w)s × %(h)s pixels). Make it smaller than 40 megapixels."),
                    code="too_many_pixels",
                    params={"w": width, "h": height},
                )
            if (probe.format or "").upper() != _PILLOW_FORMATS[code]:
                raise ValidationError(_("This image is damaged or not what its name says."), code="bad_image")
            frames = getattr(probe, "n_frames", 1)
            probe.load()
            out = io.BytesIO()
            if code == "gif" and frames > 1:
                probe.save(out, format="GIF", save_all=True, optimize=False, loop=probe.info.get("loop", 0))
                return out.getvalue(), width, height
            image = ImageOps.exif_transpose(probe)
            if code == "jpeg":
                image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
                image.save(out, format="JPEG", quality=88, optimize=True)
            elif code == "png":
                image.save(out, format="PNG", optimize=True)
            elif code == "webp":
                image.save(out, format="WEBP", quality=85)
            else:
                image.save(out, format="GIF")
            return out.getvalue(), image.size[0], image.size[1]
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            _("This image is too large to open safely. Make it smaller than 40 megapixels."), code="bomb"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.UnidentifiedImageError):
        raise ValidationError(_("This image is damaged or not what its name says."), code="bad_image") from None


def allowed_names(allowed: frozenset[str]) -> str:
    return ", ".join(sorted({KINDS[c].extension.lstrip(".").upper() for c in allowed}))


def check_upload(upload, *, allowed: frozenset[str], max_bytes: int, max_image_bytes: int | None = None):
    """A ``CheckedUpload`` of an uploaded file, or ``ValidationError`` with a message for the person."""
    name = display_name(getattr(upload, "name", ""))
    extension = os.path.splitext(name)[1].lower()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s; at most %(max)s)."),
            code="too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(max)s)."), code="too_large", params={"max": filesizeformat(max_bytes)}
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    code = sniff(data, extension)
    if code is None or code not in allowed:
        raise ValidationError(
            _("This kind of file cannot be uploaded here. Allowed: %(kinds)s."),
            code="kind",
            params={"kinds": allowed_names(allowed)},
        )
    kind = KINDS[code]
    if extension not in kind.extensions:
        raise ValidationError(
            _("The file's name says %(ext)s but its content is %(kind)s. Rename it or choose another file."),
            code="mismatch",
            params={"ext": extension or _("no type"), "kind": kind.extension.lstrip(".").upper()},
        )
    width = height = None
    if kind.family == IMAGE:
        limit = max_image_bytes or max_bytes
        if len(data) > limit:
            raise ValidationError(
                _("The image is too large (%(size)s; at most %(max)s)."),
                code="too_large",
                params={"size": filesizeformat(len(data)), "max": filesizeformat(limit)},
            )
        data, width, height = _reencode(data, code)
    stem = os.path.splitext(name)[0] or "file"
    return CheckedUpload(
        content=ContentFile(data, name=f"{stem}{kind.extension}"),
        kind=kind,
        display_name=f"{stem}{kind.extension}",
        size=len(data),
        width=width,
        height=height,
    )
