"""Form widgets tuned for pages rendered on every request."""

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


class FixedChoices(BaseChoiceIterator):
    """Choices already in Django's shape — (value, label) pairs, no groups — handed to a field as they are.

    Setting ``field.choices`` to a plain list makes Django normalise every pair, for the field and again for
    its widget, on every request (a filter form of 200 options spent half of its construction there,
    docs/performance.md); an iterator of this class is taken as it is and never copied, as it never changes.
    """

    __slots__ = ("_pairs",)

    def __init__(self, pairs=()):
        self._pairs = tuple(pairs)

    def __iter__(self):
        return iter(self._pairs)

    def __len__(self):
        return len(self._pairs)

    def __bool__(self):
        return bool(self._pairs)

    def __getitem__(self, index):
        return self._pairs[index]

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class FastSelect(forms.Select):
    """A single-choice <select> rendered in one pass instead of one template per option.

    Filter forms list dozens to hundreds of options (46 countries, 100+ regions); Django's per-option
    templates made them the most expensive part of the list pages (docs/performance.md). The markup is
    the same: name, id, required, aria attributes and the selected option.

    A list that follows another (regions of the chosen country) names that field in ``depends_on`` and
    gives each option's parent value: ``parents`` ({value: parent value}) for plain choices, or
    ``parent_attr`` (e.g. ``"country_id"``) for a model choice field. ``static/js/forms.js`` then shows
    only the options of the chosen parent; without the script every option stays and the form checks
    the pair on the server.
    """

    def __init__(self, attrs=None, choices=(), *, depends_on=None, parents=None, parent_attr=None):
        super().__init__(attrs, choices)
        if depends_on:
            self.attrs["data-depends-on"] = depends_on
        self.parents = parents or {}
        self.parent_attr = parent_attr

    def _parent(self, option_value) -> str:
        if self.parent_attr:
            instance = getattr(option_value, "instance", None)
            parent = getattr(instance, self.parent_attr, None) if instance is not None else None
        else:
            parent = self.parents.get(option_value)
        return "" if parent is None else format_html(' data-parent="{}"', parent)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        with_parents = bool(self.parents or self.parent_attr)
        parts = []
        for option_value, label in self.choices:
            value = str(option_value)
            chosen = " selected" if value in selected else ""
            parent = self._parent(option_value) if with_parents else ""
            parts.append(f'<option value="{escape(value)}"{chosen}{parent}>{conditional_escape(label)}</option>')
        options = mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """A long list of boxes (44 languages, 41 subjects) in groups: the likely choices shown, the others
    folded under a summary (a ``<details>``, opened when it holds a ticked box). ``static/js/forms.js``
    adds a filter box. Give the groups with ``group_choices(likely, others)``."""

    template_name = "forms/widgets/grouped_checkboxes.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"

    def group_choices(self, likely_label, likely: list, others_label, others: list) -> None:
        self.choices = [(likely_label, likely), (others_label, others)]
