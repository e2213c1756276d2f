from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.core.widgets import FastSelect
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import Country, Language

from .models import TITLE_MAX, Eligibility, Kind, Pacing, Topic


def _language_choices() -> list[tuple[int, str]]:
    def build():
        return [(lang.pk, lang.name) for lang in Language.objects.order_by("position", "name_en")]

    return reference_selectors.cached_choices("learning_languages", build)


class CatalogueForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    language = forms.TypedChoiceField(
        label=_("Language"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    open = forms.BooleanField(label=_("Open for enrolment now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *_language_choices()]


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = RichTextFormField(label=_("Description"), required=False, widget=RichTextEditor(headings=True))
    audience = forms.CharField(label=_("For whom"), max_length=300, required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=2000, initial=0)
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.none(), required=False, widget=FastSelect
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.TRAINERS)
    pacing = forms.ChoiceField(
        label=_("Pacing of a MOOC"), choices=Pacing.choices, widget=forms.RadioSelect, initial=Pacing.COHORT
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none(), widget=FastSelect)
    published = forms.BooleanField(label=_("Published in the catalogue"), required=False)
    # The completion rules besides the required activities (labels: the model's, already translated).
    min_grade_percent = forms.IntegerField(
        label=capfirst(_("minimum average grade (%)")), min_value=0, max_value=100, required=False,
        help_text=_("Of the required graded activities."),
    )  # fmt: skip
    needs_signoff = forms.BooleanField(label=capfirst(_("the trainer signs off completion")), required=False)

    def __init__(self, *args, country_ids=None, with_country=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.order_by("position", "name_en")
        if not with_country:
            del self.fields["country"]
            return
        countries = Country.objects.order_by("name_en")
        if country_ids is not None:
            countries = countries.filter(pk__in=country_ids)
        self.fields["country"].queryset = countries


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example 2026-27."))
    starts_on = forms.DateField(label=_("Starts on"), widget=_DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=_DateInput())
    enrolment_opens_at = forms.DateTimeField(label=_("Enrolment opens at"), widget=_DateTimeInput())
    enrolment_closes_at = forms.DateTimeField(label=_("Enrolment closes at"), widget=_DateTimeInput())
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Empty: no limit. When full, a waiting list.")
    )
    eligibility = forms.ChoiceField(label=_("Who may enrol"), choices=Eligibility.choices, widget=forms.RadioSelect)
    not_if_completed = forms.BooleanField(
        label=_("Not for those who have already completed this course"), required=False, initial=True
    )
    # enrolment_extra: enrolment keys and the rule "start by a date".
    key_required = forms.BooleanField(
        label=_("An enrolment key is required"),
        required=False,
        help_text=_("Set a key on each group (groups page): a learner's key places them in that group."),
    )
    start_by = forms.DateField(
        label=_("Start by"),
        required=False,
        widget=_DateInput(),
        help_text=_("Learners who have not started by this day are warned, then lose their place. Empty: no rule."),
    )


class TrainerApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to be a volunteer trainer?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    experience = forms.CharField(
        label=_("Your experience in training teachers"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Courses you have tutored or taught, workshops, mentoring."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Required for a refusal: the applicant reads it."),
    )


class AssignTrainerForm(forms.Form):
    email = forms.EmailField(label=_("The trainer's e-mail address"))


class GroupTrainerForm(forms.Form):
    email = forms.EmailField(
        label=_("The new trainer's e-mail address"),
        required=False,
        help_text=_("Empty: the group has no trainer for now."),
    )


class MoveForm(forms.Form):
    number = forms.IntegerField(label=_("To group number"), min_value=1)
