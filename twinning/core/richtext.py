"""Rich text, built once for every domain: the editor, the sanitiser, the model and form fields.

Whatever a person types (through the editor, a forged request, an import), the stored HTML is the output
of ``sanitize``: an allow-list of tags and attributes (``nh3``, a Rust HTML sanitiser), links only to
``http``, ``https``, ``mailto`` or this site, images only from this site (a picture from another host
would tell it who reads a pupil's page), no ``style``, no event handlers, no comments. Pages show the
stored HTML as it is (``RichText`` is already safe to show).

- ``RichTextField``: a model field that sanitises on every write (``get_prep_value``), so a service, the
  admin or ``bulk_create`` cannot store anything else;
- ``RichTextFormField``: the form field (the editor, a size limit, a clear message when empty);
- ``RichTextEditor``: the widget, a ``textarea`` that ``static/js/richtext.js`` turns into an editor
  (django-prose-editor's ProseMirror build, served from this site: no CDN, no inline script); without
  JavaScript the textarea still works;
- ``plain_text``: the text of a fragment, for search columns, excerpts and notifications.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.widgets import Script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

MAX_CHARS = 200_000  # stored HTML of one field (a long page with tables); a 10 MB paste is refused

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "mark",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
        "figure",
        "figcaption",
    }  # fmt: skip
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with what they contain (the text of a script is not text for the reader).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
_DIGITS = re.compile(r"^\d{1,4}$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_BLANK_HTML = re.compile(r"^(\s|&nbsp;|<p>|</p>|<br>)*$")


def _local(url: str) -> bool:
    """A path of this site (``/…`` but not ``//host``), the only source an image may have."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if _local(value) else None
    if name in ("width", "height", "colspan", "rowspan", "start"):
        return value if _DIGITS.match(value) else None
    if name == "scope":
        return value if value in ("row", "col") else None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        url_schemes=set(URL_SCHEMES),
    )


def sanitize(value: str | None) -> str:
    """The allowed part of an HTML fragment (idempotent: a clean fragment comes back unchanged)."""
    if not value:
        return ""
    cleaned = _cleaner().clean(str(value)).strip()
    return "" if _BLANK_HTML.match(cleaned) else cleaned


def plain_text(value: str | None, limit: int | None = None) -> str:
    """The words of a fragment, tags dropped and entities decoded, spaces collapsed (optionally cut)."""
    if not value:
        return ""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(value)))).strip()
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)].rstrip() + "…"
    return text


# A paragraph holding only a link, or only an address pasted as text.
_LONE_LINK = re.compile(
    r'<p>(?:<a href="([^"]+)" rel="noopener noreferrer nofollow">[^<]*</a>|(https?://[^\s<"]+))</p>'
)


def show(value: str | None, *, embeds: bool = True) -> SafeString:
    """Stored rich text for a page (sanitised again: rows written before a rule was tightened). A link
    alone on its line to a site on the embeds' allow-list is shown as the video or tool itself."""
    cleaned = sanitize(value)
    if embeds and ("<a " in cleaned or "://" in cleaned):
        from . import embeds as embed_sites

        allowed = embed_sites.allowed()

        def _frame(match: re.Match) -> str:
            found = embed_sites.embed_for(html.unescape(match.group(1) or match.group(2)), allowed)
            return str(embed_sites.frame(found)) if found else match.group(0)

        cleaned = _LONE_LINK.sub(_frame, cleaned)
    return mark_safe(cleaned)  # noqa: S308 - the sanitiser's output and frames built by format_html


class RichTextField(models.TextField):
    """A text column holding sanitised HTML, whatever path writes it."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitize(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})


# The editor's own words (its toolbar's titles and its dialogs), said in the page's language.
EDITOR_WORDS = {
    "bold": _("Bold"),
    "italic": _("Italic"),
    "underline": _("Underline"),
    "strike": _("Strikethrough"),
    "subscript": _("Subscript"),
    "superscript": _("Superscript"),
    "horizontal rule": _("Dividing line"),
    "paragraph": _("Paragraph"),
    "heading 2": _("Heading"),
    "heading 3": _("Subheading"),
    "heading 4": _("Minor heading"),
    "unordered list": _("Bulleted list"),
    "ordered list": _("Numbered list"),
    "blockquote": _("Quotation"),
    "insert link": _("Add a link"),
    "remove link": _("Remove the link"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "Insert table": _("Insert a table"),
    "Merge cells": _("Merge cells"),
    "Split cell": _("Split the cell"),
    "URL": _("Address (URL)"),
    "Title": _("Title"),
    "Open in new window": _("Open in a new window"),
    "Edit Link": _("Edit the link"),
    "Update": _("Save"),
    "Insert": _("Insert"),
    "Cancel": _("Cancel"),
    "Insert Table": _("Insert a table"),
    "Table Properties": _("Table settings"),
    "Rows": _("Rows"),
    "Columns": _("Columns"),
    "Include header row": _("With a header row"),
    "List properties": _("List settings"),
    "List type": _("List type"),
    "Start at": _("Start at"),
    "Decimal numbers": _("Numbers"),
    "Lowercase letters": _("Lowercase letters"),
    "Uppercase letters": _("Capital letters"),
    "Lowercase Roman numerals": _("Lowercase Roman numerals"),
    "Uppercase Roman numerals": _("Capital Roman numerals"),
    "Toggle fullscreen": _("Full screen"),
    # The platform's own image dialog (static/js/richtext.js).
    "@image": _("Insert an image"),
    "@file": _("Image file (JPEG, PNG, GIF or WebP)"),
    "@description": _("Describe the image for those who cannot see it"),
    "@rights": _("Whose work is it, and how may it be used?"),
    "@insert": _("Insert the image"),
    "@cancel": _("Cancel"),
    "@sending": _("Sending the image…"),
    "@failed": _("The image could not be sent. Try again."),
}


def enable_uploads(field, url: str) -> None:
    """Let the editor of ``field`` insert images, uploaded to ``url`` (a ``core.attachments`` place)."""
    field.widget.attrs["data-richtext-upload"] = url


class RichTextEditor(forms.Textarea):
    """A textarea with the editor's toolbar when JavaScript runs (``static/js/richtext.js``)."""

    def __init__(self, attrs=None, *, headings: bool = True, tables: bool = False):
        features = ["lists", "links", "quotes"] + (["headings"] if headings else []) + (["tables"] if tables else [])
        super().__init__({"rows": 12, **(attrs or {}), "data-richtext": " ".join(features)})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        words = {english: str(said) for english, said in EDITOR_WORDS.items()}
        context["widget"]["attrs"]["data-richtext-labels"] = json.dumps(words, ensure_ascii=False)
        if self.attrs.get("data-richtext-upload"):
            from .models import Rights

            rights = [[value, str(label)] for value, label in Rights.choices]
            context["widget"]["attrs"]["data-richtext-rights"] = json.dumps(rights, ensure_ascii=False)
        return context

    class Media:
        css = {
            "all": (
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "css/richtext.css",
            )
        }
        js = (Script("js/richtext-i18n.js", defer=True), Script("js/richtext.js", type="module"))


class RichTextFormField(forms.CharField):
    """Rich text from a form: sanitised in ``clean``; what is left must have words, within ``MAX_CHARS``."""

    widget = RichTextEditor
    default_error_messages = {
        "too_long": _("This text is too long (%(size)s characters; at most %(max)s). Split it into pages."),
        "blank": _("Write some text."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)  # the limit is on the stored HTML, checked below
        super().__init__(*args, strip=True, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value and len(value) > MAX_CHARS * 2:  # refuse a huge paste before parsing it
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"size": len(value), "max": MAX_CHARS}
            )
        return sanitize(value)

    def validate(self, value):
        if self.required and not plain_text(value) and "<img" not in value:
            raise ValidationError(self.error_messages["blank"], code="blank")
        super().validate(value)
        if len(value) > MAX_CHARS:
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"size": len(value), "max": MAX_CHARS}
            )
