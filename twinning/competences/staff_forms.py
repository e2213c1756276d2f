"""Forms of the staff pages of self-reflection (``staff``): a file of official figures, an item's wording, the
areas of a course."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LEVEL_CODES, Item
from .staff import NOTE_MAX, OFFICIAL_MAX_BYTES, TEXT_MAX


class OfficialFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of the official results"),
        help_text=_(
            "Columns role (trainee or trainer), phase (before or after), area (1 to 6, or 0 for overall), "
            "percent (0 to 100) and, if you have it, respondents. Greek headers and values are accepted. "
            "UTF-8, at most 200 rows and 1 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > OFFICIAL_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class OfficialConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=20_000)


def _text(label, *, required=True):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
    )


class ItemWordingForm(forms.Form):
    """An item's question and six statements in English and Greek, and what changed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, item: Item, **kwargs):
        initial = {"version": item.version.number, "prompt_en": item.prompt_en, "prompt_el": item.prompt_el}
        for language in ("en", "el"):
            statements = list(getattr(item, f"statements_{language}") or [])
            for index in range(1, 7):
                initial[f"statement_{language}_{index}"] = statements[index - 1] if index <= len(statements) else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["prompt_en"] = _text(_("Question (English)"))
        self.fields["prompt_el"] = _text(_("Question (Greek)"))
        for language, name in (("en", _("English")), ("el", _("Greek"))):
            for index, code in enumerate(LEVEL_CODES, start=1):
                self.fields[f"statement_{language}_{index}"] = _text(
                    _("Level %(code)s (%(language)s)") % {"code": code, "language": name}
                )
        self.fields["note"] = forms.CharField(
            label=_("What changed"),
            max_length=NOTE_MAX,
            help_text=_("A sentence for the list of versions, for example “clearer wording of level B2”."),
        )

    def statements(self, language: str) -> list[str]:
        return [self.cleaned_data.get(f"statement_{language}_{index}", "") for index in range(1, 7)]


class CourseAreasForm(forms.Form):
    areas = forms.TypedMultipleChoiceField(
        label=_("Areas it develops"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args, labels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(number, label) for number, label in labels.items() if number]
