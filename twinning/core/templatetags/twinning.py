import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from twinning.core.html import format_html, format_html_join
from twinning.core.registries import audit_action_label

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """The human label of an audit action code, in the active language (``person.validated`` → "validated")."""
    return audit_action_label(code)


@register.simple_tag
def hints(items, separator: str = " ") -> SafeString:
    """'What to check' hints (``Hint(kind, text, url)``) in one pass: a link when the hint has an address,
    a span otherwise, joined by ``separator`` (markup such as "<br>", given by the template)."""
    return mark_safe(  # noqa: S308 - every piece built by format_html; the separator comes from a template
        separator.join(
            format_html('<a class="hint hint-{}" href="{}">{}</a>', hint.kind, hint.url, hint.text)
            if hint.url
            else format_html('<span class="hint hint-{}">{}</span>', hint.kind, hint.text)
            for hint in items
        )
    )


def definition_items(pairs) -> SafeString:
    """``<dt>term</dt><dd>value</dd>`` for each (term, value), both escaped: the facts of a result card
    drawn in one pass (the card tags of partners and projects)."""
    return format_html_join("", "<dt>{}</dt><dd>{}</dd>", pairs)


PANEL_SECONDS = 300


@register.simple_tag
def filter_panel(form, label, button="") -> SafeString:
    """A list page's filter panel (``_filters.html``). A form that says what its choices depend on
    (``panel_key()``: reference data's version, the staff member's countries…) has its panel kept in the
    cache per language and query: the same search drawn again costs one cache read instead of 4–8 ms for
    ~200 boxes and lists (docs/performance.md). Other forms are drawn each time."""
    context = {"form": form, "label": label, "button": button}
    key_of = getattr(form, "panel_key", None)
    depends_on = key_of() if callable(key_of) else None
    if depends_on is None:
        return render_to_string("_filters.html", context)
    data = sorted(form.data.lists()) if form.is_bound else None
    what = repr(
        (type(form).__module__, type(form).__qualname__, form.prefix, depends_on, get_language(), label, button, data)
    )
    key = "filter-panel:" + hashlib.blake2b(what.encode(), digest_size=16).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render_to_string("_filters.html", context))
        cache.set(key, html, PANEL_SECONDS)
    return mark_safe(html)  # noqa: S308 - drawn by the template above (every value escaped there)
