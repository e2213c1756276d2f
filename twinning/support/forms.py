from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.models import Rights
from twinning.core.widgets import FastSelect
from twinning.reference.models import Country

from .models import BODY_MAX, SUBJECT_MAX, CannedReply, Category, Priority, Status

RIGHTS_CHOICES = [("", _("Choose…")), *Rights.choices]


def _countries() -> list[tuple[int, str]]:
    rows = [(c.pk, c.name) for c in Country.objects.order_by("name_en")]
    return sorted(rows, key=lambda c: str(c[1]))


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _suggest_url() -> str:
    try:
        return reverse("knowledge:suggest")
    except NoReverseMatch:
        return ""


class TicketForm(forms.Form):
    """A signed-in person's request: what it is about, a subject, the question, a file."""

    category = CategoryChoiceField(
        label=_("What is your request about?"), queryset=Category.objects.none(), empty_label=_("Choose…")
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX, help_text=_("A few words, for example: I cannot add my school.")
    )
    body = forms.CharField(
        label=_("Your question"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Say what you did, what you expected and what happened. Do not write your password."),
    )
    attachment = forms.FileField(label=_("A file, for example a screenshot (optional)"), required=False)
    rights = forms.ChoiceField(label=_("Whose file is it? (if you add one)"), choices=RIGHTS_CHOICES, required=False)
    suggestions_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("position", "key")
        url = _suggest_url()
        if url:
            # While typing, the knowledge base suggests articles (an htmx partial in the live region below).
            for name in ("subject", "body"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": url,
                        "hx-trigger": "keyup changed delay:500ms",
                        "hx-target": "#suggestions",
                    }
                )

    def clean(self):
        data = super().clean()
        if data.get("attachment") and not data.get("rights"):
            self.add_error("rights", _("Say whose work this file is and how it may be used."))
        return data


class VisitorTicketForm(TicketForm):
    """A visitor gives a name, an e-mail address (verified by a link) and their country first."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to this address: your request is sent when you open it."),
    )
    country = forms.TypedChoiceField(label=_("Your country"), coerce=int, widget=FastSelect)

    field_order = ["name", "email", "country", "category", "subject", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["attachment"], self.fields["rights"]  # files come once the address is confirmed
        self.fields["country"].choices = [("", _("Choose…")), *_countries()]

    def clean_country(self):
        value = self.cleaned_data["country"]
        country = Country.objects.filter(pk=value).first()
        if country is None:
            raise forms.ValidationError(_("Choose your country."))
        return country


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6}))


class AgentReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the requester"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    status = forms.ChoiceField(
        label=_("Then the ticket is"),
        choices=[(s.value, s.label) for s in (Status.WAITING, Status.OPEN, Status.RESOLVED, Status.CLOSED)],
        initial=Status.WAITING,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only agents see it."),
    )


class StatusForm(forms.Form):
    prefix = "state"

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False)


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Agent"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Nobody (back to the queue)")),
            *[(a.pk, a.display_name) for a in agents],
        ]


class TransferForm(forms.Form):
    prefix = "transfer"

    country = forms.TypedChoiceField(label=_("To the NSO of"), coerce=int, widget=FastSelect)
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose…")), *_countries()]

    def clean_country(self):
        country = Country.objects.filter(pk=self.cleaned_data["country"]).first()
        if country is None:
            raise forms.ValidationError(_("Choose the country."))
        return country


class EscalateForm(forms.Form):
    prefix = "escalate"

    reason = forms.CharField(
        label=_("Why (the fault you confirmed)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    prefix = "merge"

    into = forms.CharField(
        label=_("Merge this ticket into ticket number"), max_length=20, help_text=_("For example #1234.")
    )

    def clean_into(self):
        text = self.cleaned_data["into"].strip().lstrip("#")
        if not text.isdigit() or len(text) > 12:
            raise forms.ValidationError(_("Give a ticket number, for example #1234."))
        return int(text)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the answer?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(5, _("5 – very helpful")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 – not helpful"))],
    )
    comment = forms.CharField(
        label=_("A comment (optional)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    rights = forms.ChoiceField(label=_("Whose file is it?"), choices=RIGHTS_CHOICES)


class PhoneForm(forms.Form):
    """A phone call logged by an agent on the caller's behalf."""

    email = forms.EmailField(
        label=_("Caller's e-mail address"), help_text=_("If they have an account, the ticket is theirs.")
    )
    name = forms.CharField(label=_("Caller's name"), max_length=150, required=False)
    country = forms.TypedChoiceField(
        label=_("Caller's country (if they have no account)"), coerce=int, required=False, empty_value=None,
        widget=FastSelect,
    )  # fmt: skip
    category = CategoryChoiceField(label=_("About"), queryset=Category.objects.none(), empty_label=_("Choose…"))
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=_("What the caller asked"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("position", "key")
        self.fields["country"].choices = [("", _("Choose…")), *_countries()]

    def clean_country(self):
        value = self.cleaned_data.get("country")
        return Country.objects.filter(pk=value).first() if value else None


class CannedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    country = forms.TypedChoiceField(label=_("For"), coerce=int, required=False, empty_value=None)
    category = CategoryChoiceField(
        label=_("Category (optional)"), queryset=Category.objects.none(), required=False, empty_label=_("Any category")
    )
    body_el = forms.CharField(
        label=_("Text in Greek"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You may write {name} (the requester's name), {ticket} (its number) and {agent} (your name)."),
    )
    body_en = forms.CharField(label=_("Text in English"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, countries=(), all_countries=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("position", "key")
        choices = [(c.pk, c.name) for c in countries]
        if all_countries:
            choices = [("", _("Every country")), *choices]
        self.fields["country"].choices = choices
        self.fields["country"].required = not all_countries

    def clean_country(self):
        value = self.cleaned_data.get("country")
        return Country.objects.filter(pk=value).first() if value else None

    @classmethod
    def initial_for(cls, canned: CannedReply) -> dict:
        return {
            "title": canned.title,
            "country": canned.country_id,
            "category": canned.category_id,
            "body_el": canned.body_el,
            "body_en": canned.body_en,
        }


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("Subject, e-mail or #number"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open (new, open, waiting)")), *Status.choices, ("all", _("Any status"))],
    )
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("Any category")
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any priority")), *Priority.choices]
    )
    assignee = forms.ChoiceField(
        label=_("Agent"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Mine")), ("unassigned", _("Nobody yet"))],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("position", "key")
