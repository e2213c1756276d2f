from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from twinning.core.widgets import FastSelect, FixedChoices
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import Country, EducationLevel

from .models import SchoolStatus, SchoolType


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.country} – {obj}"


class DirectorateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region} – {obj}"


class SearchInput(forms.TextInput):
    input_type = "search"


def _with_blank(choices, label):
    return [("", label), *choices]


class SchoolSearchForm(forms.Form):
    """The public school search. Every field is optional; bad values are ignored as "any".

    Country and region choices come cached per language (``reference_selectors.country_choices``): the public
    search is the busiest page and its drop-downs list every participating country and region.
    """

    q = forms.CharField(label=_("Name, city or national code"), required=False, max_length=100, widget=SearchInput)
    country = forms.TypedChoiceField(
        label=_("Country"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    region = forms.TypedChoiceField(
        label=_("Region"), coerce=int, empty_value=None, required=False, widget=FastSelect(depends_on="country")
    )
    level = forms.ModelChoiceField(
        label=_("Level"),
        queryset=EducationLevel.objects.order_by("position"),
        required=False,
        empty_label=_("Any level"),
        widget=FastSelect,
    )
    school_type = forms.ChoiceField(
        label=_("Type"), choices=_with_blank(SchoolType.choices, _("Any type")), required=False, widget=FastSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = FixedChoices([("", _("Any country")), *reference_selectors.country_choices()])
        regions, region_countries = reference_selectors.region_options()
        self.fields["region"].choices = FixedChoices([("", _("Any region")), *regions])
        self.fields["region"].widget.parents = region_countries


class StaffSchoolFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, city or national code"), required=False, max_length=100, widget=SearchInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=_with_blank(SchoolStatus.choices, _("Any status")), required=False, widget=FastSelect
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("All my countries"),
        widget=FastSelect,
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=reference_selectors.regions_for_choice(),
        required=False,
        empty_label=_("Any region"),
        widget=FastSelect(depends_on="country", parent_attr="country_id"),
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["region"].queryset = reference_selectors.regions_for_choice(countries)


class SchoolForm(forms.Form):
    """Create (with a country) or edit (country fixed) a school in the registry."""

    name = forms.CharField(label=_("Name"), max_length=300)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    region = RegionChoiceField(
        label=_("Region"),
        queryset=reference_selectors.regions_for_choice(),
        required=False,
        widget=FastSelect(depends_on="country", parent_attr="country_id"),
    )
    directorate = DirectorateChoiceField(
        label=_("Education directorate"),
        queryset=reference_selectors.directorates_for_choice(),
        required=False,
        widget=FastSelect(depends_on="region", parent_attr="region_id"),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    levels = forms.ModelMultipleChoiceField(
        label=_("Levels"),
        queryset=EducationLevel.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    school_type = forms.ChoiceField(label=_("Type"), choices=SchoolType.choices)
    national_code = forms.CharField(label=_("National school code"), max_length=40, required=False)
    principal_name = forms.CharField(label=_("Principal's name"), max_length=200, required=False)
    principal_email = forms.EmailField(label=_("Principal's e-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("School e-mail"), required=False)

    def __init__(self, *args, countries, school=None, **kwargs):
        if school is not None and "initial" not in kwargs:
            initial = {name: getattr(school, name) for name in self.base_fields if name not in ("levels", "country")}
            initial["national_code"] = school.national_code or ""
            initial["levels"] = [level.pk for level in school.levels.all()]
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if school is None:
            self.fields["country"].queryset = countries
        else:
            del self.fields["country"]
            countries = countries.filter(pk=school.country_id)
        self.fields["region"].queryset = reference_selectors.regions_for_choice(countries)
        self.fields["directorate"].queryset = reference_selectors.directorates_for_choice(countries)

    def clean(self):
        cleaned = super().clean()
        region, directorate = cleaned.get("region"), cleaned.get("directorate")
        country = cleaned.get("country")
        if region and country and region.country_id != country.pk:
            self.add_error("region", _("This region is not in the chosen country."))
        if directorate and region and directorate.region_id != region.pk:
            self.add_error("directorate", _("This directorate is not in the chosen region."))
        return cleaned


class DecisionForm(forms.Form):
    """Validate or reject a proposed school; a rejection needs a reason (the proposer reads it)."""

    action = forms.ChoiceField(choices=[("validate", _("Validate")), ("reject", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason (required to reject; the person who proposed the school reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason: the teacher who proposed the school will read it."))
        return cleaned


class MergeForm(forms.Form):
    survivor = forms.IntegerField(label=_("School that remains"), min_value=1)
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportUploadForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country of the registry"), queryset=Country.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, first row with the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        if len(countries) == 1:
            self.fields["country"].initial = countries[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SCHOOL_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s. Split it by region and import each part."),
                params={"limit": filesizeformat(limit)},
            )
        return upload


class ImportLinkForm(forms.Form):
    """ "This is the same school": a new row of an import (its national code) and a school of the registry."""

    school = forms.IntegerField(min_value=1)
    code = forms.CharField(max_length=40)
