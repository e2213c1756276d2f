from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextEditor, RichTextFormField
from twinning.core.widgets import FastSelect
from twinning.reference.models import Country

from .models import TITLE_MAX, Eligibility, Kind
from .times import make_local, valid_zone, zone_choices


class EventsFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    country = forms.TypedChoiceField(
        label=_("Country"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    when = forms.ChoiceField(label=_("When"), required=False, choices=[("", _("Upcoming")), ("past", _("Past"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [(c.pk, c.name) for c in Country.objects.order_by("name_en")]
        self.fields["country"].choices = [("", _("Any country")), *sorted(countries, key=lambda c: str(c[1]))]


class WallClockInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class WallClockField(forms.DateTimeField):
    """A date and time as written (no time zone): the form places it in the event's zone."""

    widget = WallClockInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"):
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.WEBINAR)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = RichTextFormField(label=_("Description"), required=False, widget=RichTextEditor(headings=True))
    country = forms.ModelChoiceField(label=_("Organising country"), queryset=Country.objects.none(), widget=FastSelect)
    starts_at = WallClockField(label=_("Starts at"), help_text=_("Date and time in the time zone below."))
    ends_at = WallClockField(label=_("Ends at"))
    time_zone = forms.ChoiceField(label=_("Time zone"), widget=FastSelect)
    online = forms.BooleanField(label=_("Online"), required=False, initial=True)
    address = forms.CharField(
        label=_("Address"), max_length=300, required=False, help_text=_("For an event held in a place.")
    )
    link = forms.URLField(
        label=_("Joining link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered people, from a while before the start."),
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=1000, decimal_places=1, initial=0,
        help_text=_("Written on the certificate of attendance."),
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Empty: no limit. When full, a waiting list.")
    )
    eligibility = forms.ChoiceField(
        label=_("Who may register"),
        choices=Eligibility.choices,
        widget=forms.RadioSelect,
        initial=Eligibility.ANYONE,
        help_text=_("An ambassador training is always for the ambassadors of the event's country."),
    )
    registration_opens_at = WallClockField(
        label=_("Registration opens at"), required=False, help_text=_("Empty: as soon as it is published.")
    )
    registration_closes_at = WallClockField(
        label=_("Registration closes at"), required=False, help_text=_("Empty: at the start.")
    )
    min_minutes = forms.IntegerField(
        label=_("Minimum minutes of attendance"), min_value=0, max_value=20160, initial=0,
        help_text=_("For the meeting tool's attendance report: fewer minutes do not count as present."),
    )  # fmt: skip
    published = forms.BooleanField(label=_("Published"), required=False, help_text=_("Unpublished: a draft."))

    def __init__(self, *args, country_ids=None, with_country=True, likely_zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices(list(likely_zones))
        if not with_country:
            del self.fields["country"]
            return
        countries = Country.objects.order_by("name_en")
        if country_ids is not None:
            countries = countries.filter(pk__in=country_ids)
        self.fields["country"].queryset = countries

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone and valid_zone(zone):
            for name in TIMES:
                if data.get(name) is not None:
                    data[name] = make_local(data[name], zone)
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, help_text=_("The registrants read it in their notice.")
    )


class ReportForm(forms.Form):
    report = forms.FileField(
        label=_("Attendance report (CSV)"),
        help_text=_(
            "The meeting tool's export (Zoom, Teams…) or any CSV with an e-mail column and a minutes column "
            "(or join and leave times), separated by ; or ,"
        ),
    )
