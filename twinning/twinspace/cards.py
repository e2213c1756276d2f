"""Pupils' login cards: an A4 PDF of ten cards to cut out, one per pupil (username, password, where to sign
in), in the teacher's language. fpdf2 with Source Sans Pro (Greek glyphs), both installed as packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
from django.utils.translation import gettext as _
from fpdf import FPDF

_FONTS = Path(font_source_sans_pro.__file__).parent / "files"
CARD_W, CARD_H, MARGIN = 90.0, 52.0, 12.0
PER_ROW, PER_PAGE = 2, 10


@dataclass(frozen=True)
class Card:
    number: int
    nickname: str
    username: str
    password: str


def login_cards_pdf(cards: list[Card], *, school: str, project: str, sign_in_url: str) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_title(_("Login cards"))
    pdf.set_creator("Twinning")
    pdf.add_font("Sans", "", str(_FONTS / "SourceSansPro-Regular.ttf"))
    pdf.add_font("Sans", "B", str(_FONTS / "SourceSansPro-Bold.ttf"))
    gap_x = (210 - 2 * MARGIN - PER_ROW * CARD_W) / (PER_ROW - 1)
    for index, card in enumerate(cards):
        slot = index % PER_PAGE
        if slot == 0:
            pdf.add_page()
        x = MARGIN + (slot % PER_ROW) * (CARD_W + gap_x)
        y = MARGIN + (slot // PER_ROW) * (CARD_H + 3)
        pdf.set_draw_color(150)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
        pdf.set_dash_pattern()
        pdf.set_xy(x + 4, y + 3)
        pdf.set_font("Sans", "B", 11)
        heading = _("Pupil %(number)s") % {"number": card.number}
        if card.nickname:
            heading += f" · {card.nickname}"
        pdf.cell(CARD_W - 8, 6, heading[:60])
        pdf.set_font("Sans", "", 8.5)
        pdf.set_xy(x + 4, y + 9.5)
        pdf.multi_cell(CARD_W - 8, 4, f"{school}\n{project}"[:180], max_line_height=4)
        for row, (label, value) in enumerate(((_("Username"), card.username), (_("Password"), card.password))):
            pdf.set_xy(x + 4, y + 22 + row * 8)
            pdf.set_font("Sans", "", 9)
            pdf.cell(24, 7, label)
            pdf.set_font("Courier", "B", 12)
            pdf.cell(CARD_W - 32, 7, value)
        pdf.set_font("Sans", "", 8)
        pdf.set_xy(x + 4, y + 40)
        pdf.multi_cell(CARD_W - 8, 3.8, _("Sign in at %(url)s") % {"url": sign_in_url}, max_line_height=3.8)
    return bytes(pdf.output())
