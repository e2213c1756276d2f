from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.reference.models import Country

from . import policies, selectors
from .models import AudienceKind, DeliveryStatus, Language


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), choices=Language.choices, widget=forms.RadioSelect, initial=Language.EL
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), choices=Language.choices, widget=forms.RadioSelect
    )


class NewsletterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, widget=forms.RadioSelect, initial=Language.EL,
        help_text=_("It goes to the subscribers who chose this language."),
    )  # fmt: skip
    intro = RichTextFormField(label=_("Introduction"), required=False, widget=RichTextEditor())
    audience = forms.ChoiceField(label=_("Audience"), widget=forms.RadioSelect)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), required=False,
        help_text=_("For the audience “Teachers of a country”."),
    )  # fmt: skip
    items = forms.MultipleChoiceField(
        label=_("Items to include"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Articles, news and events of the last 30 days."),
    )  # fmt: skip

    def __init__(self, *args, user, chosen: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policies.allowed_audiences(user)
        self.fields["audience"].choices = [(k, label) for k, label in AudienceKind.choices if k in allowed]
        if len(allowed) == 1:
            self.fields["audience"].initial = allowed[0]
        ids = policies.country_ids(user)
        countries = Country.objects.filter(hosted_here=True)
        if ids is not None:
            countries = Country.objects.filter(pk__in=ids)
            if len(ids) == 1:
                self.fields["country"].initial = next(iter(ids))
        self.fields["country"].queryset = countries.order_by("name_en")
        self.available = {i["url"]: i for i in [*(chosen or []), *selectors.recent_items()]}
        self.fields["items"].choices = [(url, f"{i['title']} ({i['date']})") for url, i in self.available.items()]

    def clean_items(self) -> list[dict]:
        return [self.available[url] for url in self.cleaned_data["items"] if url in self.available]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeliveryStatus.choices]
    )
