from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.core.widgets import FastSelect
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import Country, Subject

from .models import NAME_MAX, Joining


def _subject_choices() -> list[tuple[int, str]]:
    def build():
        return sorted(((s.pk, s.name) for s in Subject.objects.all()), key=lambda c: c[1])

    return reference_selectors.cached_choices("groups_subjects", build)


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name or words"), required=False, max_length=100)
    scope = forms.ChoiceField(
        label=_("Groups of"),
        required=False,
        choices=[("", _("Every country and Europe")), ("european", _("Europe (all countries)"))],
    )
    country = forms.TypedChoiceField(
        label=_("Country"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    subject = forms.TypedChoiceField(
        label=_("Subject"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *reference_selectors.country_choices()]
        self.fields["subject"].choices = [("", _("Any subject")), *_subject_choices()]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    summary = forms.CharField(label=_("In one sentence"), max_length=300)
    about = RichTextFormField(label=_("About the group"), required=False, widget=RichTextEditor(headings=True))
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("Europe (all countries)"),
        widget=FastSelect,
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"), queryset=Subject.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    joining = forms.ChoiceField(label=_("Who may join"), choices=Joining.choices, widget=forms.RadioSelect)

    def __init__(self, *args, country_ids=None, with_country=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.order_by("name_en")
        if not with_country:
            del self.fields["country"]
            return
        countries = Country.objects.order_by("name_en")
        if country_ids is not None:
            countries = countries.filter(pk__in=country_ids)
            self.fields["country"].required = True
            self.fields["country"].empty_label = None
        self.fields["country"].queryset = countries


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), required=False, max_length=500)


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = RichTextFormField(label=_("Text"), widget=RichTextEditor(tables=True))
