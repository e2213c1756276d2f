"""Rich text of published pages: Wagtail expands its links and images, then one allow-list (nh3) keeps only
what the editor offers, so a script stored by any path (an import, the API, a raw edit) never reaches a page."""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText, expand_db_html

register = template.Library()

TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote", "img", "hr"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}


@register.filter
def rich(value) -> SafeString:
    if value is None:
        return mark_safe("")  # noqa: S308 - empty
    source = value.source if isinstance(value, RichText) else str(value)
    cleaned = nh3.clean(
        expand_db_html(source),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by the allow-list above
