"""Forms of partner finding: a post, the post search, the people search, the school search, an idea."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.text import normalize_search
from twinning.core.widgets import FastSelect, FixedChoices, GroupedCheckboxes
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import AgeBand, Country, EducationLevel, Language, Subject

from . import services
from .models import DESCRIPTION_MAX, ERASMUS_NUMBER_MAX, TITLE_MAX, ProjectLength, Purpose, Theme
from .widgets import OnePassCheckboxes


class SearchInput(forms.TextInput):
    input_type = "search"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _sorted(queryset) -> list[tuple[str, str]]:
    return [(str(x.pk), x.name) for x in sorted(queryset, key=lambda x: normalize_search(x.name))]


class LenientMultipleChoiceField(forms.TypedMultipleChoiceField):
    """A filter of many ids: unknown ids are dropped instead of failing the whole search."""

    def __init__(self, *args, limit: int = 20, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.limit = limit

    def clean(self, value):
        known = {str(k) for k, _label in self.choices}
        value = [v for v in (value or []) if str(v) in known][: self.limit]
        return super().clean(value)


def _group(form, names) -> None:
    """Long lists of boxes: the ticked ones shown first, the others folded, rendered in one pass."""
    for name in names:
        field = form.fields[name]
        chosen = {str(v) for v in (form.data.getlist(name) if hasattr(form.data, "getlist") else [])}
        ticked = [c for c in field.choices if str(c[0]) in chosen] if chosen else []
        others = [c for c in field.choices if str(c[0]) not in chosen] if chosen else field.choices
        field.widget = OnePassCheckboxes()
        field.widget.group_choices(_("Chosen"), ticked, field.label, others)


def taxonomy_choices() -> dict[str, list[tuple[str, str]]]:
    """The search forms' long lists in the active language, built once and cached until reference data
    changes: no query and no sort per request."""

    def build():
        return {
            "subjects": _sorted(Subject.objects.filter(is_active=True)),
            "age_bands": [(str(a.pk), a.name) for a in AgeBand.objects.all()],
            "eu_languages": _sorted(Language.objects.filter(is_eu_official=True)),
            "languages": _sorted(Language.objects.all()),
            "levels": [(str(x.pk), x.name) for x in EducationLevel.objects.order_by("position")],
        }

    return reference_selectors.cached_choices("partners_taxonomies", build)


def _typed_choice(label, empty_label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, empty_value=None, required=False, widget=FastSelect)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Your idea and the partner you look for"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What your pupils would do together, when, and what you expect from a partner."),
    )
    purpose = forms.ChoiceField(label=_("You look for partners for"), choices=Purpose.choices, widget=forms.RadioSelect)
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.none(),
        widget=GroupedCheckboxes,
        help_text=_("At most %(n)s.") % {"n": services.MAX_SUBJECTS},
    )
    age_bands = forms.ModelMultipleChoiceField(
        label=_("Pupils' age bands"), queryset=AgeBand.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.none(),
        widget=GroupedCheckboxes,
        help_text=_("At most %(n)s.") % {"n": services.MAX_LANGUAGES},
    )
    countries_wanted = forms.ModelMultipleChoiceField(
        label=_("Partners wanted from"),
        queryset=Country.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=_("Leave empty for any country. At most %(n)s.") % {"n": services.MAX_COUNTRIES},
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("Levels of education"),
        queryset=EducationLevel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("No particular theme")), *Theme.choices], required=False
    )
    length = forms.ChoiceField(
        label=_("Project length"), choices=[("", _("Not decided yet")), *ProjectLength.choices], required=False
    )
    school = forms.ModelChoiceField(label=_("Your school"), queryset=None, required=False, empty_label=None)
    erasmus_number = forms.CharField(
        label=_("Erasmus+ project number"),
        max_length=ERASMUS_NUMBER_MAX,
        required=False,
        help_text=_("If the post is about an Erasmus+ project that has a number already."),
    )
    expires_on = forms.DateField(label=_("Open until"), widget=DateInput, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        from twinning.schools.models import School

        self.fields["school"].queryset = School.objects.filter(pk__in=[s.pk for s in schools])
        self.fields["school"].required = bool(schools)
        self.fields["subjects"].queryset = Subject.objects.filter(is_active=True)
        self.fields["age_bands"].queryset = AgeBand.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["countries_wanted"].queryset = Country.objects.all()
        self.fields["levels"].queryset = EducationLevel.objects.order_by("position")
        self.fields["subjects"].widget.group_choices(
            _("Choose the subjects"), [], _("All subjects"), _sorted(self.fields["subjects"].queryset)
        )
        languages = _sorted(self.fields["languages"].queryset)
        likely_ids = {str(pk) for pk in Language.objects.filter(is_eu_official=True).values_list("pk", flat=True)}
        self.fields["languages"].widget.group_choices(
            _("Official languages of the EU"),
            [c for c in languages if c[0] in likely_ids],
            _("All other languages"),
            [c for c in languages if c[0] not in likely_ids],
        )
        self.fields["countries_wanted"].widget.group_choices(
            _("Choose countries"), [], _("All countries"), _sorted(self.fields["countries_wanted"].queryset)
        )
        self.fields["expires_on"].help_text = _(
            "Leave empty to keep it open for %(days)s days; at most %(max)s days."
        ) % {"days": services.rule("partners.post_days_default"), "max": services.rule("partners.post_days_max")}


class PostSearchForm(forms.Form):
    """Every field optional; unknown ids are dropped, a bad value counts as "any"."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200, widget=SearchInput)
    subjects = LenientMultipleChoiceField(label=_("Subjects"), widget=OnePassCheckboxes)
    age_bands = LenientMultipleChoiceField(label=_("Pupils' age bands"), widget=OnePassCheckboxes)
    languages = LenientMultipleChoiceField(label=_("Working languages"), widget=OnePassCheckboxes)
    countries_wanted = LenientMultipleChoiceField(label=_("Partners wanted from"), widget=OnePassCheckboxes)
    country = _typed_choice(_("Author's country"), _("Any country"))
    levels = LenientMultipleChoiceField(label=_("Levels of education"), widget=OnePassCheckboxes)
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=FixedChoices([("", _("Any theme")), *Theme.choices]),
        required=False,
        widget=FastSelect,
    )
    length = forms.ChoiceField(
        label=_("Project length"),
        choices=FixedChoices([("", _("Any length")), *ProjectLength.choices]),
        required=False,
        widget=FastSelect,
    )
    purpose = forms.ChoiceField(
        label=_("Partners for"),
        choices=FixedChoices([("", _("Any purpose")), *Purpose.choices]),
        required=False,
        widget=FastSelect,
    )
    erasmus_number = forms.CharField(label=_("Erasmus+ project number"), required=False, max_length=ERASMUS_NUMBER_MAX)
    order = forms.ChoiceField(
        label=_("Order"),
        choices=FixedChoices([("relevance", _("Best match first")), ("newest", _("Newest first"))]),
        required=False,
        widget=FastSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = FixedChoices(reference_selectors.country_choices())
        taxonomies = taxonomy_choices()
        self.fields["country"].choices = FixedChoices([("", _("Any country")), *countries])
        self.fields["countries_wanted"].choices = countries
        self.fields["subjects"].choices = FixedChoices(taxonomies["subjects"])
        self.fields["age_bands"].choices = FixedChoices(taxonomies["age_bands"])
        self.fields["languages"].choices = FixedChoices(taxonomies["eu_languages"])
        self.fields["levels"].choices = FixedChoices(taxonomies["levels"])
        _group(self, ("subjects", "languages", "countries_wanted"))

    def panel_key(self):
        """What the filter panel's choices depend on (core's ``filter_panel`` caches it by this and the query)."""
        return reference_selectors.choices_version()


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100, widget=SearchInput)
    country = _typed_choice(_("Country"), _("Any country"))
    region = forms.TypedChoiceField(
        label=_("Region"), coerce=int, empty_value=None, required=False, widget=FastSelect(depends_on="country")
    )
    subjects = LenientMultipleChoiceField(label=_("Subjects"))
    age_bands = LenientMultipleChoiceField(label=_("Pupils' age bands"), widget=OnePassCheckboxes)
    languages = LenientMultipleChoiceField(label=_("Languages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = FixedChoices([("", _("Any country")), *reference_selectors.country_choices()])
        regions, region_countries = reference_selectors.region_options()
        self.fields["region"].choices = FixedChoices([("", _("Any region")), *regions])
        self.fields["region"].widget.parents = region_countries
        taxonomies = taxonomy_choices()
        self.fields["subjects"].choices = FixedChoices(taxonomies["subjects"])
        self.fields["age_bands"].choices = FixedChoices(taxonomies["age_bands"])
        self.fields["languages"].choices = FixedChoices(taxonomies["languages"])
        _group(self, ("subjects", "languages"))

    def panel_key(self):
        """What the filter panel's choices depend on (core's ``filter_panel`` caches it by this and the query)."""
        return reference_selectors.choices_version()


class IdeaForm(forms.Form):
    """Suggestions for an idea that is not a post yet: what it is about."""

    q = forms.CharField(label=_("A few words about your idea"), required=False, max_length=200)
    subjects = LenientMultipleChoiceField(label=_("Subjects"), limit=10)
    age_bands = LenientMultipleChoiceField(label=_("Pupils' age bands"), widget=OnePassCheckboxes)
    languages = LenientMultipleChoiceField(label=_("Working languages"), limit=10)
    countries_wanted = LenientMultipleChoiceField(label=_("Partners wanted from"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taxonomies = taxonomy_choices()
        self.fields["subjects"].choices = FixedChoices(taxonomies["subjects"])
        self.fields["age_bands"].choices = FixedChoices(taxonomies["age_bands"])
        self.fields["languages"].choices = FixedChoices(taxonomies["languages"])
        self.fields["countries_wanted"].choices = FixedChoices(reference_selectors.country_choices())
        _group(self, ("subjects", "languages", "countries_wanted"))


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("Open until"), widget=DateInput, required=False)
