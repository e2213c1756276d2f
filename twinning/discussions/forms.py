from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField

from .models import TITLE_MAX


class DiscussionForm(forms.Form):
    title = forms.CharField(label=_("Title of the discussion"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("What it is about"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title of the thread"), max_length=TITLE_MAX)
    body = RichTextFormField(label=_("Your message"), widget=RichTextEditor(headings=False))


class ReplyForm(forms.Form):
    body = RichTextFormField(label=_("Your reply"), widget=RichTextEditor(headings=False, attrs={"rows": 6}))


class PostEditForm(forms.Form):
    body = RichTextFormField(label=_("Text"), widget=RichTextEditor(headings=False))


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), max_length=500, required=False)
