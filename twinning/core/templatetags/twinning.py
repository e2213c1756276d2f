from django import template
from django.utils.safestring import SafeString, mark_safe

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
