"""The forms of question import and export (GIFT, Moodle XML)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import qformats
from .models import QuestionCategory

FORMAT_CHOICES = [("gift", _("GIFT")), ("xml", _("Moodle XML"))]


class _CategoryChoice(forms.ModelChoiceField):
    """A category of the course, shown with its path ("top / Unit 1 / Part A"), sorted by path."""

    def limit_to(self, course, paths: dict[int, list[str]]) -> None:
        self.queryset = QuestionCategory.objects.filter(course=course)
        ordered = sorted(paths.items(), key=lambda item: item[1])
        self.choices = [("", self.empty_label), *((pk, " / ".join(path)) for pk, path in ordered)]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"),
        help_text=_("A GIFT file (.gift, .txt) or a Moodle XML file (.xml) exported from Moodle, up to 5 MB."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Find out from the file")), *FORMAT_CHOICES],
        required=False,
    )
    category = _CategoryChoice(
        label=_("Category for questions the file puts in no category (optional)"),
        queryset=QuestionCategory.objects.none(),
        required=False,
        empty_label=_("A new category “Imported questions”"),
    )

    def __init__(self, *args, course, paths, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, _CategoryChoice)
        field.limit_to(course, paths)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > qformats.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB: split the question bank into smaller files."),
                params={"size": qformats.MAX_BYTES // (1024 * 1024)},
            )
        if upload.size == 0:
            raise ValidationError(_("The file is empty."))
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, widget=forms.RadioSelect, initial="gift")
    category = _CategoryChoice(
        label=_("Category (optional)"),
        help_text=_("Its subcategories are included. Leave empty for the whole question bank."),
        queryset=QuestionCategory.objects.none(),
        required=False,
        empty_label=_("The whole question bank"),
    )

    def __init__(self, *args, course, paths, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, _CategoryChoice)
        field.limit_to(course, paths)
