"""Markup built in one pass for the pages' hot loops (result cards, queue rows, facet lists).

``format_html``/``format_html_join`` give exactly Django's output (every argument escaped unless it is markup,
``__html__``) without its per-argument lazy-string wrapper: about half of a card's time went there
(docs/performance.md). ``reverse_pk`` gives an object's address from a name reversed once per language.
"""

from __future__ import annotations

from html import escape as _escape

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def escape(value) -> str:
    """Django's ``conditional_escape``: markup (``__html__``) as it is, anything else as escaped text."""
    if type(value) is str:
        return _escape(value)
    markup = getattr(value, "__html__", None)
    if markup is not None:
        return markup()
    return _escape(str(value))


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """Django's ``format_html``: ``format_string`` is trusted markup, every argument is escaped."""
    return SafeString(format_string.format(*[escape(a) for a in args], **{k: escape(v) for k, v in kwargs.items()}))


def format_html_join(sep, format_string: str, args_generator) -> SafeString:
    """Django's ``format_html_join``: ``format_string`` applied to each tuple of arguments, joined by ``sep``."""
    return SafeString(escape(sep).join(format_string.format(*[escape(a) for a in args]) for args in args_generator))


_SENTINEL = 918273645
_PATTERNS: dict[tuple, tuple[str, str]] = {}


def reverse_pk(url_name: str, pk: int) -> str:
    """``reverse(url_name, args=[pk])`` for a URL whose only argument is an object's number, reversed once
    per language (its /el/ or /en/ prefix), script prefix and URLconf."""
    key = (url_name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        head, _sep, tail = reverse(url_name, args=[_SENTINEL]).partition(str(_SENTINEL))
        pattern = _PATTERNS[key] = (head, tail)
    return f"{pattern[0]}{int(pk)}{pattern[1]}"
