from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.reference.models import Country

from .models import SUMMARY_MAX, TITLE_MAX, Category

EVERY_COUNTRY = "all"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help articles"), required=False, max_length=200)


class ArticleForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.order_by("position", "key"))
    country = forms.ChoiceField(label=_("For the people of"))
    slug = forms.SlugField(
        label=_("Address"),
        required=False,
        max_length=120,
        help_text=_("Latin letters, digits and hyphens; made from the title when left empty."),
    )
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=TITLE_MAX)
    summary_en = forms.CharField(
        label=_("Summary in English"), required=False, max_length=SUMMARY_MAX, widget=forms.Textarea({"rows": 2})
    )
    body_en = RichTextFormField(label=_("Text in English"), required=False, widget=RichTextEditor(headings=True))
    title_el = forms.CharField(label=_("Title in Greek"), required=False, max_length=TITLE_MAX)
    summary_el = forms.CharField(
        label=_("Summary in Greek"), required=False, max_length=SUMMARY_MAX, widget=forms.Textarea({"rows": 2})
    )
    body_el = RichTextFormField(label=_("Text in Greek"), required=False, widget=RichTextEditor(headings=True))
    publish = forms.BooleanField(label=_("Published (everyone can read it)"), required=False)

    def __init__(self, *args, country_ids: set[int] | None, **kwargs):
        """``country_ids``: the countries the editor writes for (``None``: every country, and all-country
        articles)."""
        super().__init__(*args, **kwargs)
        countries = Country.objects.order_by("name_en")
        if country_ids is not None:
            countries = countries.filter(pk__in=country_ids)
        choices = sorted(((str(c.pk), c.name) for c in countries), key=lambda c: str(c[1]))
        if country_ids is None:
            choices = [(EVERY_COUNTRY, _("Every country")), *choices]
        self.fields["country"].choices = choices

    def clean_country(self):
        value = self.cleaned_data["country"]
        return None if value == EVERY_COUNTRY else int(value)
