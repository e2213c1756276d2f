"""Form widgets tuned for pages rendered on every request."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A single-choice <select> rendered in one pass instead of one template per option.

    Filter forms list dozens to hundreds of options (46 countries, 100+ regions); Django's per-option
    templates made them the most expensive part of the list pages (docs/performance.md). The markup is
    the same: name, id, required, aria attributes and the selected option.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option_value), mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)
