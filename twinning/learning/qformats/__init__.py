"""Question files in Moodle's formats (GIFT and Moodle XML): parsing into neutral question dicts and writing
them back, with no model involved (``learning.qformat_services`` brings them into a course's bank).

    result = qformats.parse(content_bytes, filename="bank.gift")   # → (format, ParseResult)
    text = qformats.dump(questions, "xml")
"""

from __future__ import annotations

from . import gift, moodle_xml
from .common import GIFT, MAX_BYTES, XML, FormatError, Issue, ParseResult, Skipped, decode, detect_format

__all__ = ["GIFT", "MAX_BYTES", "XML", "FormatError", "Issue", "ParseResult", "Skipped", "dump", "parse"]

FORMATS = (GIFT, XML)


def parse(content: bytes, *, fmt: str = "", filename: str = "") -> tuple[str, ParseResult]:
    """The questions of an uploaded file; ``fmt`` "gift" / "xml", or "" to decide from the name and content.
    ``FormatError`` when the file cannot be read as text at all."""
    text = decode(content)
    fmt = fmt if fmt in FORMATS else detect_format(filename, text)
    return fmt, (moodle_xml.parse(text) if fmt == XML else gift.parse(text))


def dump(questions: list[dict], fmt: str) -> str:
    return moodle_xml.dump(questions) if fmt == XML else gift.dump(questions)
