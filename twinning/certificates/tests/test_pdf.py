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
