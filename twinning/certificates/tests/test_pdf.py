"""The PDF renders for every kind, with long Greek names and titles, document after document (the fonts are
shared between documents: a document must not spoil them for the next)."""

import re

import pytest

from twinning.certificates import pdf
from twinning.certificates.models import Kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [k.value for k in Kind])
def test_every_kind_renders_one_page_again_and_again(issued, kind):
    issued.kind = kind
    issued.holder_name = "Αικατερίνη-Παναγιώτα Παπαδοπούλου-Κωνσταντινοπούλου " * 3
    issued.title_el = "Ψηφιακά εργαλεία στην τάξη: τεχνητή νοημοσύνη, ρομποτική και εκπαίδευση " * 4
    issued.title_en = "Digital tools in class: AI, robotics and education " * 4
    first = pdf.render(issued)
    second = pdf.render(issued)
    for document in (first, second):
        assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")
        assert len(re.findall(rb"/Type /Page\b", document)) == 1
    assert len(first) == len(second)  # the same glyphs embedded both times


def test_greek_capitals_lose_their_accents():
    assert pdf._capitals("Βεβαίωση") == "ΒΕΒΑΙΩΣΗ"


def _page_rectangles(document: bytes) -> list[tuple[float, float, float, float]]:
    import zlib

    rects = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.DOTALL):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            continue
        rects += [tuple(map(float, m)) for m in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (-[\d.]+) re", text)]
    return rects


def test_the_qr_code_drawn_is_the_verification_address(issued):
    """The modules drawn in the PDF, read back from its page, are those of the QR code of /verify/<code>."""
    import qrcode

    from twinning.certificates.services import verification_url

    expected = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=4)
    expected.add_data(verification_url(issued))
    expected.make(fit=True)
    matrix = expected.get_matrix()
    rects = [r for r in _page_rectangles(pdf.render(issued)) if abs(r[3]) < 10]  # module-high: the QR's runs
    cell = abs(rects[0][3])
    left, top = min(r[0] for r in rects), max(r[1] for r in rects)
    drawn = [[False] * len(matrix) for _ in matrix]
    for x, y, w, _h in rects:
        row, col = round((top - y) / cell), round((x - left) / cell)
        for c in range(col, col + round(w / cell)):
            drawn[row][c] = True
    assert drawn == [list(line) for line in matrix]
