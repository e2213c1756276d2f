from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField

from .models import TITLE_MAX


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    parent = forms.TypedChoiceField(label=_("Under"), required=False, coerce=int, empty_value=None)
    body = RichTextFormField(label=_("Text"), required=False, widget=RichTextEditor(tables=True))
    published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("A page that is not published is a draft: only the teachers (and pupil admins) see it."),
    )

    def __init__(self, *args, tree, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        below = {page.pk} if page is not None else set()
        choices = [("", _("Top level"))]
        for node in tree:
            if node.page.pk in below or node.page.parent_id in below:
                below.add(node.page.pk)  # not under itself or one of its sub-pages
                continue
            choices.append((node.page.pk, "— " * node.depth + node.page.title))
        self.fields["parent"].choices = choices


class SettingsForm(forms.Form):
    about = RichTextFormField(label=_("About this TwinSpace"), required=False, widget=RichTextEditor())
    public = forms.BooleanField(
        label=_("Visitors see the published pages"),
        required=False,
        help_text=_("The forum, the teachers' bulletin, drafts and the members' list are never public."),
    )
