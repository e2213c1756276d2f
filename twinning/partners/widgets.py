"""Checkbox lists of the search forms rendered in one pass (a string build, no template per option).

The search pages list about 200 boxes (subjects, languages, countries, age bands, levels) on every request;
Django's per-option templates cost most of those pages' time (docs/partners.md). The markup is the one of
``core.widgets.GroupedCheckboxes`` (and of ``CheckboxSelectMultiple`` for a flat list): every box keeps its
own ``<label>``, the ticked boxes are checked on the server (no script needed), ``static/js/forms.js``
adds the filter box to grouped lists.
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from twinning.core.widgets import FixedChoices


def _boxes(name: str, base_id: str, choices, selected: set[str], start: int) -> tuple[str, int]:
    """``<li>`` items of checkboxes, numbered from ``start`` (ids unique across groups)."""
    parts = []
    esc_name = escape(name)
    index = start
    for value, label in choices:
        value = str(value)
        box_id = f"{base_id}_{index}"
        checked = " checked" if value in selected else ""
        parts.append(
            f'<li><label for="{box_id}"><input type="checkbox" name="{esc_name}" value="{escape(value)}"'
            f' id="{box_id}"{checked}> {conditional_escape(label)}</label></li>'
        )
        index += 1
    return "".join(parts), index


class OnePassCheckboxes(forms.CheckboxSelectMultiple):
    """Boxes in one list, or (``group_choices``) the first group shown and the others folded under a
    ``<details>`` opened when it holds a ticked box, with a filter box added by the script."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.groups: list[tuple[str, list]] | None = None

    def group_choices(self, likely_label, likely: list, others_label, others: list) -> None:
        self.groups = [(likely_label, likely), (others_label, others)]
        self.choices = FixedChoices(c for _label, group in self.groups for c in group)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = escape(final_attrs.get("id") or f"id_{name}")
        selected = {str(v) for v in self.format_value(value)}
        if self.groups is None:
            items, _next = _boxes(name, base_id, self.choices, selected, 0)
            return mark_safe(f'<ul id="{base_id}" class="choice-list">{items}</ul>')  # noqa: S308 - escaped above
        html, index = [], 0
        for position, (label, choices) in enumerate(self.groups):
            items, index = _boxes(name, base_id, choices, selected, index)
            if position == 0:
                if choices:
                    html.append(f'<p class="choice-group-title">{conditional_escape(label)}</p>')
                    html.append(f'<ul class="choice-list">{items}</ul>')
                continue
            is_open = " open" if any(str(v) in selected for v, _label in choices) else ""
            html.append(
                f'<details class="choice-more"{is_open}><summary>{conditional_escape(label)} '
                f'<span class="choice-count">({len(choices)})</span></summary><ul class="choice-list">{items}</ul>'
                "</details>"
            )
        return mark_safe(  # noqa: S308 - every value and label escaped above
            f'<div class="grouped-choices" id="{base_id}" data-choice-filter>{"".join(html)}</div>'
        )
