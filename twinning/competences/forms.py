"""Forms of self-reflection: the choice made before the first answer, and the report's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LEVEL_CODES, Role

BREAKDOWNS = (
    ("", _("no breakdown")),
    ("cycle", _("by cycle")),
    ("group", _("by group of trainees")),
    ("region", _("by region")),
    ("role", _("by role")),
)


class StartForm(forms.Form):
    anonymous = forms.TypedChoiceField(
        label=_("How should your answers be kept?"),
        choices=(
            ("0", _("With my account: I see my report again later and my before and after answers are compared")),
            ("1", _("Anonymously: I see my report once, at the end; my answers count only in group figures")),
        ),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )


class ReportFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(label=_("Group of trainees"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Role"), required=False)
    by = forms.ChoiceField(label=_("Breakdown"), required=False, choices=BREAKDOWNS)
    level = forms.TypedChoiceField(
        label=_("Share at or above"),
        required=False,
        coerce=int,
        empty_value=4,
        choices=[(str(n), code) for n, code in enumerate(LEVEL_CODES, start=1)],
        initial="4",
    )

    def __init__(self, data, *, cycles, groups, regions, trainer: bool):
        super().__init__(data)
        everything = [("", _("all"))]
        self.fields["cycle"].choices = ([] if trainer else everything) + [(str(c.pk), c.name) for c in cycles]
        self.fields["group"].choices = ([] if trainer else everything) + [
            (str(g.pk), _("Group %(number)s") % {"number": g.number}) for g in groups
        ]
        self.fields["region"].choices = everything + [(str(r.pk), str(r)) for r in regions]
        self.fields["role"].choices = (
            [(Role.TRAINEE, Role.TRAINEE.label)] if trainer else everything + list(Role.choices)
        )
        if trainer:
            self.fields["by"].choices = [("", BREAKDOWNS[0][1])]
