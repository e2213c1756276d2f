from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from twinning.core.upload_check import PHOTOS, check_upload

from .models import ArticleCategory, EditorialBoardMember, Licence

SUGGESTED_TAGS = ["AI", "STEM", "inclusion", "ITE", "climate", "languages", "arts", "digital citizenship"]
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences readers see in the list of articles."),
    )
    body = forms.CharField(
        label=_("Text of the article"),
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Plain text; leave an empty line between paragraphs."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ArticleCategory.objects.none(), required=False, empty_label=_("No category")
    )
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, for example: %(examples)s.") % {"examples": ", ".join(SUGGESTED_TAGS[:4])},
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, widget=forms.RadioSelect)
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Only with the consent of every person shown."),
    )
    consent = forms.BooleanField(
        label=_(
            "I declare that every pupil shown in the article (photos, names, work) has consent to publication "
            "from a parent or guardian, and that I may publish the text and images under the licence chosen."
        ),
        error_messages={"required": _("Without this declaration the article cannot be proposed.")},
    )

    def __init__(self, *args, with_image: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ArticleCategory.objects.order_by("name_en")
        self.fields["category"].label_from_instance = lambda c: c.name
        if not with_image:
            del self.fields["image"]

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        tags = []
        for part in raw.split(","):
            tag = " ".join(part.split())[:50]
            if tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        if len(tags) > 10:
            raise ValidationError(_("At most 10 tags."))
        return tags

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        checked = check_upload(upload, allowed=PHOTOS, max_bytes=IMAGE_MAX_BYTES)
        return checked


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the published pages"), max_length=200, required=False)


class BoardMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=EditorialBoardMember.Role.choices, widget=forms.RadioSelect)

    def clean_email(self):
        from twinning.accounts.models import User

        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        return user


def language_names() -> dict[str, str]:
    return dict(settings.LANGUAGES)
