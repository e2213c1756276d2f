"""The certificate as a PDF: A4 landscape, Greek and English side by side, with the verification code and a
QR code of the verification page's address.

Speed matters (a cycle's completion issues thousands at once): the fonts are parsed once per process and
reused by every document (only the glyph subset is per document), the QR code is drawn as vector
rectangles (no image encoding), and nothing is read from the database here.
"""

from __future__ import annotations

import contextlib
import copy
import io
import tempfile
import threading
import unicodedata
from decimal import Decimal
from pathlib import Path

import font_source_sans_pro
import qrcode
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import TTFFont

from .badges import nso_name
from .models import Certificate, Kind

_FONTS = Path(font_source_sans_pro.__file__).parent / "files"
# One face (Source Sans Pro's italic has no Greek): embedding a font is most of a document's cost, so
# emphasis is drawn by stroking the regular letters' outlines ("strong" below) instead of a bold face.
_FACES = {"": "SourceSansPro-Semibold.ttf"}
_FAMILY = "sans"
# The characters a certificate may need: Latin with the accents of European names, Greek (monotonic and
# polytonic), punctuation, €. Layout tables are dropped (a certificate needs no ligatures or kerning).
_UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x370, 0x400),
    *range(0x1F00, 0x2000),
    *range(0x2000, 0x2070),
    0x20AC,
]
_lock = threading.Lock()
_faces: dict[str, tuple[TTFFont, bytes]] = {}  # style -> (the parsed font, the bytes of its trimmed file)

PAGE_W, PAGE_H = 297.0, 210.0
INK = (33, 37, 41)
ACCENT = (0, 82, 147)
MUTED = (85, 89, 94)


def _trimmed(file: Path) -> bytes:
    """The font with only the glyphs above, without layout tables, and one character map to read."""
    font = TTFont(str(file))
    options = ftsubset.Options(
        notdef_outline=True, recommended_glyphs=True, layout_features=[], legacy_kern=False, glyph_names=True
    )
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG"]
    options.hinting = False  # no hinting instructions: a printed certificate needs none, and each subset is faster
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=_UNICODES)
    subsetter.subset(font)
    cmap = font["cmap"]
    cmap.tables = [t for t in cmap.tables if (t.platformID, t.platEncID) == (3, 1)]  # one map to read, not three
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _load_faces() -> None:
    folder = Path(tempfile.mkdtemp(prefix="twinning-fonts-"))
    probe = FPDF()
    for style, name in _FACES.items():
        data = _trimmed(_FONTS / name)
        path = folder / name
        path.write_bytes(data)
        probe.add_font(_FAMILY, style, str(path))
        _faces[style] = (probe.fonts[f"{_FAMILY}{style}"], data)


class _Document(FPDF):
    """An FPDF whose fonts are parsed once per process: each document gets a shallow copy with its own glyph
    subset, descriptor and font tables (fpdf2 subsets the tables in place when it writes the file)."""

    def use_cached_fonts(self) -> None:
        with _lock:
            if not _faces:
                _load_faces()
        for index, (style, (parsed, data)) in enumerate(_faces.items(), start=1):
            font = copy.copy(parsed)
            font.i = index
            font.subset = type(parsed.subset)(font)
            font.desc = copy.copy(parsed.desc)
            font.missing_glyphs = []
            font.biggest_size_pt = 0
            font.ttfont = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
            self.fonts[f"{_FAMILY}{style}"] = font


@contextlib.contextmanager
def _strong(pdf: FPDF, colour, size: float):
    """Heavier letters: fill and stroke the outlines (the stroke grows with the size)."""
    pdf.set_draw_color(*colour)
    pdf.set_line_width(size * 0.012)
    pdf.text_mode = TextMode.FILL_STROKE
    try:
        yield
    finally:
        pdf.text_mode = TextMode.FILL


def _labels(language: str, kind: str) -> dict[str, str]:
    with translation.override(language):
        done = {
            Kind.COURSE: _("has successfully completed the online course"),
            Kind.TUTORING: _("has guided learners as a volunteer trainer in the online course"),
            Kind.EVENT: _("has taken part in the event"),
            Kind.IMPORTED: _("has successfully completed the online course"),
        }[Kind(kind)]
        return {
            "heading": _("Certificate"),
            "certify": _("This is to certify that"),
            "done": done,
            "hours": _("Duration"),
            "hours_unit": _("hours"),
            "dates": _("Dates"),
            "issued_by": _("Issued by"),
            "issued_on": _("Date of issue"),
            "code": _("Verification code"),
            "verify": _("Verify this certificate at"),
        }


def _capitals(text: str) -> str:
    """Capitals without accents, as Greek writes them (ΒΕΒΑΙΩΣΗ, not ΒΕΒΑΊΩΣΗ)."""
    decomposed = unicodedata.normalize("NFD", text.upper())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _day(value, language: str) -> str:
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(value, "d/m/Y")


def _hours(value: Decimal) -> str:
    value = value or Decimal(0)
    text = f"{value.normalize():f}"
    return text


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    # A fixed mask: choosing the "best" of eight costs more than the rest of the page; any mask scans.
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=4)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    # One rectangle per horizontal run of dark modules, all filled by one operator: written straight into the
    # page's content (as fpdf2's own rect() writes them), since a few hundred rect() calls cost more than the text.
    k, page_h = pdf.k, pdf.h
    ops = []
    for row, line in enumerate(matrix):
        start = None
        for col, dark in enumerate([*line, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                left, top = x + start * cell, y + row * cell
                ops.append(f"{left * k:.2f} {(page_h - top) * k:.2f} {(col - start) * cell * k:.2f} {-cell * k:.2f} re")
                start = None
    if ops:
        pdf._out(" ".join(ops) + " f")  # noqa: SLF001 - fpdf2's way to add operators to the page


def render(certificate: Certificate, *, verify_url: str | None = None) -> bytes:
    """The PDF of ``certificate`` (``certificate.country`` should come with its support organisation)."""
    from .services import verification_url

    url = verify_url or verification_url(certificate)
    el, en = _labels("el", certificate.kind), _labels("en", certificate.kind)
    pdf = _Document(orientation="L", format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_compression(True)
    pdf.set_title(f"{en['heading']} {certificate.code}")
    pdf.set_creator("Twinning")
    pdf.use_cached_fonts()
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_W - 22, PAGE_H - 22)

    width = PAGE_W - 40
    left = 20.0

    def line(text: str, size: float, strong: bool = False, colour=INK) -> None:
        """One centred line; a text too long for it is set smaller, down to 10 pt, then wrapped."""
        pdf.set_font(_FAMILY, "", size)
        while size > 10 and pdf.get_string_width(text) > width:
            size -= 1
            pdf.set_font(_FAMILY, "", size)
        pdf.set_text_color(*colour)
        pdf.set_x(left)
        with _strong(pdf, colour, size) if strong else contextlib.nullcontext():
            if pdf.get_string_width(text) > width:
                pdf.multi_cell(width, size * 0.45, text, align="C", new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.cell(width, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(20)
    line(f"{_capitals(el['heading'])}  ·  {_capitals(en['heading'])}", 26, True, ACCENT)
    pdf.ln(4)
    line(f"{el['certify']} / {en['certify']}", 12, False, MUTED)
    pdf.ln(3)
    line(certificate.holder_name, 28, True)
    pdf.ln(3)
    line(f"{el['done']} / {en['done']}", 12, False, MUTED)
    pdf.ln(3)
    line(certificate.title_el, 18, True)
    if certificate.title_en and certificate.title_en != certificate.title_el:
        line(certificate.title_en, 15, False, INK)
    pdf.ln(5)
    hours = _hours(certificate.hours)
    line(f"{el['hours']}: {hours} {el['hours_unit']}  ·  {en['hours']}: {hours} {en['hours_unit']}", 12)
    if certificate.started_on or certificate.ended_on:
        line(
            f"{el['dates']} / {en['dates']}: {_day(certificate.started_on, 'el')} – {_day(certificate.ended_on, 'el')}",
            12,
        )
    nso_el, nso_en = nso_name(certificate, "el"), nso_name(certificate, "en")
    if nso_el or nso_en:
        pdf.ln(3)
        line(f"{el['issued_by']} / {en['issued_by']}", 10, False, MUTED)
        line(nso_el if nso_el == nso_en or not nso_en else f"{nso_el} · {nso_en}", 12)

    # Foot: issue date and code on the left, the QR code of the verification page on the right.
    qr_size = 32.0
    foot_y = PAGE_H - 20 - qr_size
    pdf.set_xy(22, foot_y + 4)
    pdf.set_font(_FAMILY, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        5,
        f"{el['issued_on']} / {en['issued_on']}: {_day(timezone.localdate(certificate.issued_at), 'el')}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(22)
    pdf.cell(0, 5, f"{el['code']} / {en['code']}:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(22)
    pdf.set_font(_FAMILY, "", 16)
    pdf.set_text_color(*INK)
    with _strong(pdf, INK, 16):
        pdf.cell(0, 8, certificate.code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(22)
    pdf.set_font(_FAMILY, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, f"{el['verify']} / {en['verify']}: {url}", link=url, new_x="LMARGIN", new_y="NEXT")
    _qr(pdf, url, PAGE_W - 22 - qr_size, foot_y, qr_size)
    return bytes(pdf.output())
