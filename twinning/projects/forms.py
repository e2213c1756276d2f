"""Forms of the projects pages. Plain forms: the services decide what is written and check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.widgets import FastSelect, FixedChoices, GroupedCheckboxes
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import AgeBand, Country, Language, Subject

from .models import (
    LONG_TEXT_MAX,
    REASON_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TOOLS_MAX,
    HistoryKind,
    LabelLevel,
    ProjectKit,
    Scope,
)
from .selectors import taxonomy_choices
from .services import MAX_AGE_BANDS, MAX_LANGUAGES, MAX_SUBJECTS

PROJECT_FIELDS = (
    "title",
    "summary",
    "languages",
    "age_bands",
    "subjects",
    "pupils",
    "tools",
    "aims",
    "work_process",
    "expected_results",
    "start_date",
    "end_date",
    "erasmus_number",
    "esep_url",
)
M2M = ("languages", "age_bands", "subjects")


def _text(label, limit, *, rows=4, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _Limited(forms.ModelMultipleChoiceField):
    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def clean(self, value):
        if value and len(value) > self.limit:
            raise forms.ValidationError(_("Choose at most %(max)s.") % {"max": self.limit})
        return super().clean(value)


class ProjectForm(forms.Form):
    """The project's description (domain §5), for writing and for changing it."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = _text(_("Summary"), SUMMARY_MAX, help_text=_("What the pupils will do together, in a few lines."))
    languages = _Limited(
        label=_("Working languages"), queryset=Language.objects.all(), widget=GroupedCheckboxes, limit=MAX_LANGUAGES
    )
    age_bands = _Limited(
        label=_("Pupils' age bands"),
        queryset=AgeBand.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        limit=MAX_AGE_BANDS,
    )
    subjects = _Limited(
        label=_("Subjects"), queryset=Subject.objects.all(), widget=GroupedCheckboxes, limit=MAX_SUBJECTS
    )
    pupils = forms.IntegerField(label=_("Number of pupils"), required=False, min_value=1, max_value=10000)
    tools = _text(_("Tools"), TOOLS_MAX, rows=2, required=False)
    aims = _text(_("Aims"), LONG_TEXT_MAX)
    work_process = _text(_("Work process"), LONG_TEXT_MAX)
    expected_results = _text(_("Expected results"), LONG_TEXT_MAX)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    erasmus_number = forms.CharField(
        label=_("Erasmus+ project number"),
        max_length=40,
        required=False,
        help_text=_("If the project is part of an Erasmus+ partnership."),
    )
    esep_url = forms.URLField(
        label=_("The project on ESEP (address)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("If partners work on the European School Education Platform."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("The end date must come after the start date."))
        return cleaned

    def project_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PROJECT_FIELDS}


class NewProjectForm(ProjectForm):
    """Founding: the founder's school and the co-founder (a contact here, or a partner on ESEP)."""

    PARTNER_KINDS = [
        ("contact", _("One of my contacts on this platform")),
        ("esep", _("A teacher whose country works on ESEP")),
    ]
    school = forms.TypedChoiceField(label=_("Your school in this project"), coerce=int)
    partner_kind = forms.ChoiceField(
        label=_("Co-founder"), choices=PARTNER_KINDS, widget=forms.RadioSelect, initial="contact"
    )
    cofounder = forms.TypedChoiceField(
        label=_("Co-founder from your contacts"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only your contacts can be invited to a project."),
    )
    partner_name = forms.CharField(label=_("Partner's name (on ESEP)"), max_length=200, required=False)
    partner_school = forms.CharField(label=_("Partner's school"), max_length=300, required=False)
    partner_city = forms.CharField(label=_("Partner's city"), max_length=120, required=False)
    partner_country = forms.TypedChoiceField(
        label=_("Partner's country"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    partner_email = forms.EmailField(label=_("Partner's e-mail"), required=False)
    partner_esep_id = forms.CharField(
        label=_("The project's ESEP identifier"),
        max_length=60,
        required=False,
        help_text=_("Give the identifier, or the project's address on ESEP above."),
    )
    kit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["school", "partner_kind", "cofounder", "partner_name", "partner_school", "partner_city"]

    def __init__(self, *args, schools=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(s.pk, f"{s.name}, {s.city}") for s in schools]
        self.fields["cofounder"].choices = [("", _("Choose a contact")), *[(c.pk, c.display_name) for c in contacts]]
        self.fields["cofounder"].widget = FastSelect(choices=self.fields["cofounder"].choices)
        self.fields["partner_country"].choices = _external_country_choices()
        self.order_fields([*self.field_order, "partner_country", "partner_email", "partner_esep_id", *PROJECT_FIELDS])

    def clean_partner_country(self):
        return _external_country(self.cleaned_data.get("partner_country"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("partner_kind") == "contact" and not cleaned.get("cofounder"):
            self.add_error("cofounder", _("Choose your co-founder from your contacts."))
        if cleaned.get("partner_kind") == "esep":
            for name in ("partner_name", "partner_school", "partner_country", "partner_email"):
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required."))
            if not (cleaned.get("partner_esep_id") or cleaned.get("esep_url")):
                self.add_error("partner_esep_id", _("Give the project's ESEP identifier or its address on ESEP."))
        return cleaned

    def external(self) -> dict | None:
        data = self.cleaned_data
        if data.get("partner_kind") != "esep":
            return None
        return {
            "teacher_name": data["partner_name"],
            "school_name": data["partner_school"],
            "city": data.get("partner_city", ""),
            "country": data["partner_country"],
            "email": data["partner_email"],
            "esep_id": data.get("partner_esep_id", ""),
            "esep_url": data.get("esep_url", ""),
        }


class SchoolChoiceForm(forms.Form):
    school = forms.TypedChoiceField(label=_("Your school in this project"), coerce=int)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(s.pk, f"{s.name}, {s.city}") for s in schools]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InviteForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Contact to invite"), coerce=int)
    message = forms.CharField(
        label=_("Message"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(c.pk, c.display_name) for c in contacts]
        self.fields["user"].widget = FastSelect(choices=self.fields["user"].choices)


class CofounderForm(forms.Form):
    """A draft's co-founder on the platform: one of the founder's contacts."""

    user = forms.TypedChoiceField(label=_("Co-founder (one of your contacts)"), coerce=int)

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(c.pk, c.display_name) for c in contacts]
        self.fields["user"].widget = FastSelect(choices=self.fields["user"].choices)


def _external_country_choices() -> FixedChoices:
    """The countries whose NSO is not on this installation (partners there work on ESEP), from the cached
    country list: the project page offers them to founders without a query."""
    hosted = reference_selectors.hosted_country_ids()
    countries = [(pk, name) for pk, name in reference_selectors.country_choices() if pk not in hosted]
    return FixedChoices([("", _("Choose a country")), *countries])


def _external_country(country_id) -> Country | None:
    """The chosen country, still one not hosted here (the list may be older than a change of the flag)."""
    if country_id is None:
        return None
    country = Country.objects.filter(pk=country_id, hosted_here=False).first()
    if country is None:
        raise forms.ValidationError(_("Choose a country whose NSO works on ESEP."), code="invalid_choice")
    return country


class ExternalPartnerForm(forms.Form):
    teacher_name = forms.CharField(label=_("Partner's name (on ESEP)"), max_length=200)
    school_name = forms.CharField(label=_("Partner's school"), max_length=300)
    city = forms.CharField(label=_("Partner's city"), max_length=120, required=False)
    country = forms.TypedChoiceField(label=_("Partner's country"), coerce=int, empty_value=None, widget=FastSelect)
    email = forms.EmailField(label=_("Partner's e-mail"))
    esep_id = forms.CharField(label=_("The project's ESEP identifier"), max_length=60, required=False)
    esep_url = forms.URLField(
        label=_("The project's address on ESEP"), max_length=300, required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _external_country_choices()

    def clean_country(self):
        return _external_country(self.cleaned_data.get("country"))


class GalleryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or summary"), required=False, max_length=100)
    country = forms.TypedChoiceField(
        label=_("Country"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    subject = forms.TypedChoiceField(
        label=_("Subject"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    age_band = forms.TypedChoiceField(
        label=_("Pupils' age band"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    language = forms.TypedChoiceField(
        label=_("Language"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False, widget=FastSelect)
    scope = forms.ChoiceField(
        label=_("National or European"),
        choices=FixedChoices([("", _("Both")), *Scope.choices]),
        required=False,
        widget=FastSelect,
    )
    erasmus_number = forms.CharField(label=_("Erasmus+ project number"), max_length=40, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = FixedChoices([("", _("Any country")), *reference_selectors.country_choices()])
        self.fields["year"].choices = FixedChoices([("", _("Any year")), *[(y, str(y)) for y in years]])
        for name, empty in (
            ("subject", _("Any subject")),
            ("age_band", _("Any age band")),
            ("language", _("Any language")),
        ):
            self.fields[name].choices = FixedChoices([("", empty), *taxonomy_choices(name)])
        self._years = tuple(years)

    def panel_key(self):
        """What the filter panel's choices depend on (core's ``filter_panel`` caches it by this and the query)."""
        return (reference_selectors.choices_version(), self._years)


class ApprovalFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or summary"), required=False, max_length=100)
    country = forms.TypedChoiceField(
        label=_("Country"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    scope = forms.ChoiceField(
        label=_("National or European"),
        choices=FixedChoices([("", _("Both")), *Scope.choices]),
        required=False,
        widget=FastSelect,
    )
    waited_days = forms.IntegerField(label=_("Waiting at least (days)"), required=False, min_value=0, max_value=3650)

    def __init__(self, *args, country_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = FixedChoices(
            [("", _("All my countries")), *reference_selectors.country_choices(country_ids)]
        )
        self._country_ids = None if country_ids is None else tuple(sorted(country_ids))

    def panel_key(self):
        """The countries this staff member serves are part of the panel (core's ``filter_panel``)."""
        return (reference_selectors.choices_version(), self._country_ids)


class ApprovalDecisionForm(forms.Form):
    ACTIONS = [("approve", _("Approve")), ("reject", _("Reject"))]
    action = forms.ChoiceField(choices=ACTIONS)
    approvals = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        label=_("Projects"),
        error_messages={"required": _("Select at least one project: tick the box in its row.")},
    )
    reason = forms.CharField(
        label=_("Reason (required to reject; the founders read it)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, approval_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approvals"].choices = [(i, i) for i in approval_ids]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection: the founders will read it."))
        return cleaned


class KitForm(forms.ModelForm):
    subjects = _Limited(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        widget=GroupedCheckboxes,
        required=False,
        limit=MAX_SUBJECTS,
    )
    is_published = forms.BooleanField(label=_("Published (teachers see it)"), required=False)

    class Meta:
        model = ProjectKit
        fields = [
            "title_en",
            "title_el",
            "summary_en",
            "summary_el",
            "aims_en",
            "aims_el",
            "activities_en",
            "activities_el",
            "tools_en",
            "tools_el",
            "duration_weeks",
            "age_band",
            "subjects",
            "is_published",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "summary_en",
                "summary_el",
                "aims_en",
                "aims_el",
                "activities_en",
                "activities_el",
                "tools_en",
                "tools_el",
            )
        }


class EsepUploadForm(forms.Form):
    country = forms.TypedChoiceField(label=_("Country"), coerce=int)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: email, kind (project or label), esep_id, title, year, label (national or european)."),
    )

    def __init__(self, *args, country_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = reference_selectors.country_choices(country_ids)


class EsepDeclareForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=HistoryKind.choices, widget=forms.RadioSelect)
    esep_id = forms.CharField(label=_("ESEP identifier of the project"), max_length=60)
    title = forms.CharField(label=_("Project title"), max_length=TITLE_MAX)
    year = forms.IntegerField(label=_("Year"), min_value=2005, max_value=2100)
    label = forms.ChoiceField(
        label=_("Label"), choices=[("", _("No label (a project)")), *LabelLevel.choices], required=False
    )
