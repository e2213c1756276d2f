from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from twinning.core import upload_check
from twinning.core.text import normalize_search
from twinning.core.widgets import FastSelect, FixedChoices, GroupedCheckboxes
from twinning.reference import selectors as reference_selectors
from twinning.reference.models import AgeBand, Country, Language, Region, Subject
from twinning.schools.models import SchoolType
from twinning.staff.models import StaffRole

from .models import CommunityRole, EmailDelivery, User, ValidationStatus, Visibility
from .services import privacy as privacy_rules


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    accept_terms = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my profile is processed to run eTwinning."),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("stats:privacy_notice"), _("Read the privacy notice")
        )


class ProfileForm(forms.Form):
    """A person's own profile. A plain form: the service decides what is written (never the whole row)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    bio = forms.CharField(
        label=_("Short bio"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        help_text=_("The languages you can work in with partners."),
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects taught"), queryset=Subject.objects.none(), required=False, widget=GroupedCheckboxes
    )
    age_bands = forms.ModelMultipleChoiceField(
        label=_("Pupils' age bands"),
        queryset=AgeBand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(label=_("Profile visible to"), choices=Visibility.choices)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "bio": user.bio,
                "visibility": user.visibility,
                "languages": list(user.languages.all()),
                "subjects": list(user.subjects.all()),
                "age_bands": list(user.age_bands.all()),
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["languages"].queryset = Language.objects.order_by("position", "name_en")
        self.fields["subjects"].queryset = Subject.objects.filter(is_active=True)
        self.fields["age_bands"].queryset = AgeBand.objects.all()
        self._group_long_lists(user)
        if user.validation_status == ValidationStatus.VALIDATED:
            hint = _(
                "Your National Support Organisation validated your account with this name. If you change it, "
                "your account goes back to them for validation."
            )
            self.fields["first_name"].help_text = hint
        if not user.photo:
            del self.fields["remove_photo"]

    def _group_long_lists(self, user: User) -> None:
        """Likely choices first: the person's own, their country's languages and English; the rest folded,
        each group in the interface language's alphabet."""
        chosen_languages = {str(v.pk) for v in self.initial.get("languages", [])}
        likely_codes = {"en"} | set(user.country.languages.values_list("code", flat=True) if user.country else [])
        languages = sorted(self.fields["languages"].queryset, key=lambda lang: normalize_search(lang.name))
        likely = [(str(x.pk), x.name) for x in languages if x.code in likely_codes or str(x.pk) in chosen_languages]
        others = [(str(x.pk), x.name) for x in languages if (str(x.pk), x.name) not in likely]
        self.fields["languages"].widget.group_choices(_("Likely for you"), likely, _("All other languages"), others)
        chosen_subjects = {str(v.pk) for v in self.initial.get("subjects", [])}
        subjects = sorted(self.fields["subjects"].queryset, key=lambda subject: normalize_search(subject.name))
        mine = [(str(x.pk), x.name) for x in subjects if str(x.pk) in chosen_subjects]
        rest = [(str(x.pk), x.name) for x in subjects if str(x.pk) not in chosen_subjects]
        if mine:
            self.fields["subjects"].widget.group_choices(_("Your subjects"), mine, _("All other subjects"), rest)
        else:
            self.fields["subjects"].widget.group_choices(_("Choose your subjects"), [], _("All subjects"), rest)

    def clean_photo(self):
        """The photo as the platform's upload check leaves it: an image by its content, encoded again
        without its metadata (a phone photo's GPS position never reaches the disk)."""
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        if photo.size > settings.PROFILE_PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 2 MB. Choose a smaller image."))
        checked = upload_check.check_upload(
            photo, allowed=upload_check.PHOTOS, max_bytes=settings.PROFILE_PHOTO_MAX_BYTES
        )
        return checked.content


class RoleForm(forms.Form):
    community_role = forms.ChoiceField(
        label=_("Your role in your school"), choices=CommunityRole.choices, widget=forms.RadioSelect
    )


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label=_("School name, city or national code"), required=False, max_length=100)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)


class SchoolProposeForm(forms.Form):
    name = forms.CharField(label=_("School name"), max_length=300)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=reference_selectors.regions_for_choice(),
        required=False,
        widget=FastSelect(depends_on="country"),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    school_type = forms.ChoiceField(label=_("Type"), choices=SchoolType.choices)
    national_code = forms.CharField(label=_("National school code (if known)"), max_length=40, required=False)
    principal_name = forms.CharField(label=_("Principal's name"), max_length=200, required=False)
    principal_email = forms.EmailField(label=_("Principal's e-mail"), required=False)
    # Shown with the "Did you mean…?" list only: ticked, the proposal goes through although similar schools exist.
    not_listed = forms.BooleanField(
        label=_("My school is none of these: propose it as a new school"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the interface language's alphabet (cached); the region list follows the chosen country.
        self.fields["country"].choices = [("", _("Choose a country")), *reference_selectors.country_choices()]
        regions, region_countries = reference_selectors.region_options()
        self.fields["region"].choices = [("", _("Choose a region (optional)")), *regions]
        self.fields["region"].widget.parents = region_countries

    def offer_confirmation(self) -> None:
        """Show the "none of these" checkbox (similar schools are listed above the form)."""
        self.fields["not_listed"].widget = forms.CheckboxInput()

    def proposal(self, data: dict) -> dict:
        """The fields of the proposal itself (without the confirmation)."""
        return {name: value for name, value in data.items() if name != "not_listed"}

    def clean(self):
        cleaned = super().clean()
        region, country = cleaned.get("region"), cleaned.get("country")
        if region and country and region.country_id != country.pk:
            self.add_error("region", _("This region is not in the chosen country."))
        return cleaned


class DecisionForm(forms.Form):
    ACTIONS = [("validate", _("Validate")), ("reject", _("Reject"))]
    action = forms.ChoiceField(choices=ACTIONS)
    people = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        label=_("People"),
        error_messages={"required": _("Select at least one person: tick the box in their row.")},
    )
    reason = forms.CharField(
        label=_("Reason (required to reject; the person reads it)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, person_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(i, i) for i in person_ids]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection: the person will read it."))
        return cleaned


class QueueFilterForm(forms.Form):
    """Filters of the staff lists. Country and region choices come cached from the schools selectors."""

    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    country = forms.TypedChoiceField(
        label=_("Country"), coerce=int, empty_value=None, required=False, widget=FastSelect
    )
    region = forms.TypedChoiceField(
        label=_("Region"), coerce=int, empty_value=None, required=False, widget=FastSelect(depends_on="country")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any role"))] + list(CommunityRole.choices), required=False, widget=FastSelect
    )
    waited_days = forms.IntegerField(label=_("Waiting at least (days)"), required=False, min_value=0, max_value=3650)

    def __init__(self, *args, country_ids=None, **kwargs):
        """``country_ids``: the countries the staff member serves (None: all)."""
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("All my countries")),
            *reference_selectors.country_choices(country_ids),
        ]
        regions, region_countries = reference_selectors.region_options(country_ids)
        self.fields["region"].choices = FixedChoices([("", _("Any region")), *regions])
        self.fields["region"].widget.parents = region_countries


class PeopleFilterForm(QueueFilterForm):
    status = forms.ChoiceField(
        label=_("Validation status"),
        choices=[("", _("Any status"))] + list(ValidationStatus.choices),
        required=False,
        widget=FastSelect,
    )


class StaffRoleForm(forms.Form):
    """Give a staff duty. NSO staff see only what they may give: ambassadors of their own countries."""

    email = forms.EmailField(label=_("E-mail of the person"))
    kind = forms.ChoiceField(label=_("Role"), choices=StaffRole.Kind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False, help_text=_("For NSO staff.")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, help_text=_("For ambassadors.")
    )
    term_start = forms.DateField(label=_("Term starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, country_ids=None, **kwargs):
        """``country_ids``: the countries whose roles this person gives (None: every country, administrators)."""
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = reference_selectors.regions_for_choice(
            None if country_ids is None else Country.objects.filter(pk__in=country_ids)
        )
        if country_ids is None:
            self.fields["country"].queryset = Country.objects.order_by("name_en")
        else:
            # NSO staff appoint ambassadors of their own countries only: no other role, no other country.
            self.fields["kind"].choices = [(StaffRole.Kind.AMBASSADOR, StaffRole.Kind.AMBASSADOR.label)]
            del self.fields["country"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("country", None)
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(label=_("I understand that my personal data will be erased for good."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class RetentionPolicyForm(forms.Form):
    inactive_after_days = forms.IntegerField(
        label=_("Hide the profile after this many days without login"),
        min_value=1,
        max_value=privacy_rules.MAX_DAYS,
    )
    anonymise_after_days = forms.IntegerField(
        label=_("Anonymise the account after this many days without login"),
        min_value=1,
        max_value=privacy_rules.MAX_DAYS,
    )
    warning_days = forms.IntegerField(
        label=_("Send the warning e-mail this many days before anonymising"),
        min_value=1,
        max_value=privacy_rules.MAX_DAYS,
    )
    reason = forms.CharField(label=_("Reason for the change (kept in the audit trail)"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        fields = ("inactive_after_days", "anonymise_after_days", "warning_days")
        if all(cleaned.get(f) is not None for f in fields):
            problems = privacy_rules.retention_policy_problems(**{f: cleaned[f] for f in fields})
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned


class LanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Language of your pages and e-mails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notice (from the registry): its e-mail at once, in the daily e-mail, or none."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds: dict[str, str] = {}  # field name -> kind
        for index, (kind, delivery) in enumerate(preferences):
            name = f"email_{index}"
            self.kinds[name] = kind.key
            self.fields[name] = forms.ChoiceField(
                label=kind.label, choices=EmailDelivery.choices, initial=delivery, widget=FastSelect
            )

    def choices(self) -> dict[str, str]:
        return {self.kinds[name]: value for name, value in self.cleaned_data.items()}
