"""Forms of questionnaires: an item as the staff write it, and a learner's answers (one field per item)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ItemKind, QuestionnaireItem
from .questionnaires import ITEM_TEXT_MAX, LIKERT, TEXT_MAX, QuestionnaireError, clean_options


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        help_text=_("An agreement scale has five fixed levels, from “Strongly disagree” to “Strongly agree”."),
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=ITEM_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an agreement scale, write a statement, for example “The course met its stated aims.”"),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For one or several choices only: one option a line, 2 to 20 options."),
    )
    mandatory = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    @classmethod
    def for_item(cls, item: QuestionnaireItem, data=None) -> ItemForm:
        initial = {
            "kind": item.kind,
            "text": item.text,
            "options": "\n".join(item.options),
            "mandatory": item.mandatory,
        }
        return cls(data, initial=initial)

    def clean(self):
        data = super().clean() or {}
        kind = data.get("kind")
        if kind:
            lines = (data.get("options") or "").splitlines()
            try:
                data["options"] = clean_options(kind, lines)
            except QuestionnaireError as exc:
                self.add_error("options", exc.message)
        return data


class AnswerForm(forms.Form):
    """One field per item, named ``item_<id>``; values checked against the options by the form and again by
    the service (``questionnaires.clean_answers``)."""

    def __init__(self, items: list[QuestionnaireItem], *args, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        likert = [(str(value), label) for value, label in LIKERT]
        for item in items:
            common: dict[str, Any] = {"label": item.text, "required": item.mandatory, "disabled": disabled}
            field: forms.Field
            if item.kind == ItemKind.LIKERT:
                field = forms.ChoiceField(choices=likert, widget=forms.RadioSelect, **common)
            elif item.kind == ItemKind.CHOICE:
                field = forms.ChoiceField(choices=[(o, o) for o in item.options], widget=forms.RadioSelect, **common)
            elif item.kind == ItemKind.CHOICES:
                field = forms.MultipleChoiceField(
                    choices=[(o, o) for o in item.options], widget=forms.CheckboxSelectMultiple, **common
                )
                if item.mandatory:
                    field.help_text = _("Choose one or more.")
                else:
                    field.help_text = _("Choose any that apply.")
            else:
                field = forms.CharField(
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("At most %(max)s characters.") % {"max": TEXT_MAX},
                    **common,
                )
            field.error_messages["required"] = _("Answer this question.")
            field.error_messages["invalid_choice"] = _("Choose one of the options given.")
            self.fields[f"item_{item.pk}"] = field
