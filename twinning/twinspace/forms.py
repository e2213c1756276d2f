import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import ConsentMethod
from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.core.widgets import FastSelect

from .models import (
    GUEST_NAME_MAX,
    LINK_MAX,
    MEETING_AGENDA_MAX,
    MEETING_DURATION_MAX,
    MEETING_DURATION_MIN,
    TEAM_MAX,
    TITLE_MAX,
    PupilRole,
)


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
    public_materials = forms.BooleanField(
        label=_("Visitors see the materials marked public"),
        required=False,
        help_text=_("Never an image showing a pupil whose parents have not agreed to publication."),
    )
    cover = forms.TypedChoiceField(label=_("Cover image"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, images=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].choices = [("", _("No cover image"))] + [(m.attachment_id, m.title) for m in images]


class PupilsAddForm(forms.Form):
    count = forms.IntegerField(label=_("How many logins"), min_value=1, max_value=60, initial=25)
    nicknames = forms.CharField(
        label=_("Nicknames"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, in the order of the logins. Not the pupils' full names: a first name or a "
                    "nickname is enough. Without one, the pupil is shown by the username."),
    )  # fmt: skip
    team = forms.CharField(
        label=_("Team"),
        required=False,
        max_length=TEAM_MAX,
        help_text=_("The class or working group, e.g. “B2” or “Robots”."),
    )
    under_consent_age = forms.BooleanField(label=_("The pupils are under the age of digital consent"), required=False)

    def __init__(self, *args, consent_age: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["under_consent_age"].help_text = _(
            "In your country this age is %(age)s. Pupils under it sign in only once you record their parents' consent."
        ) % {"age": consent_age}


class PupilForm(forms.Form):
    nickname = forms.CharField(label=_("Nickname"), required=False, max_length=40)
    team = forms.CharField(label=_("Team"), required=False, max_length=TEAM_MAX)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PupilRole.choices,
        help_text=_("A pupil administrator also writes pages, posts updates and starts threads."),
    )


class ConsentForm(forms.Form):
    consent_date = forms.DateField(
        label=_("Date of the parents' consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)


# --- Guests and meetings ----------------------------------------------------------------------------------


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Guest's name"), max_length=GUEST_NAME_MAX)
    email = forms.EmailField(
        label=_("Guest's e-mail address"), help_text=_("The link is sent to this address and shown nowhere else.")
    )
    parts = forms.MultipleChoiceField(label=_("What the guest may read"), widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The link stops working after this day (at most a year from today)."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = choices


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts_time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        widget=FastSelect,
        help_text=_("The date and time are in this time zone; everyone sees the meeting in their own too."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=MEETING_DURATION_MIN, max_value=MEETING_DURATION_MAX, initial=60
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=MEETING_AGENDA_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    link = forms.CharField(label=_("Your own meeting link"), required=False, max_length=LINK_MAX)

    def __init__(self, *args, zones, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zones
        self.fields["link"].help_text = _(
            "Leave it empty to get a new room on %(service)s. Otherwise paste the address (https://…) of a meeting "
            "you made elsewhere."
        ) % {"service": service}

    def starts_local(self):
        data = self.cleaned_data
        return datetime.datetime.combine(data["starts_on"], data["starts_time"])


class VideoServiceForm(forms.Form):
    name = forms.CharField(label=_("Name shown to teachers"), max_length=80)
    url_template = forms.CharField(
        label=_("Address of a room"),
        max_length=300,
        help_text=_("With {room} where the room's name goes, e.g. https://meet.jit.si/{room} or "
                    "https://bbb.example.org/rooms/{room}/join."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Why (kept in the audit log)"), required=False, max_length=500)


class ArchiveImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Archive"),
        help_text=_(
            "A .zip file downloaded from the Archive page of a TwinSpace, here or on another Twinning. It is "
            "checked first; nothing is added until you confirm what it holds."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
