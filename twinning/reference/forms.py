"""Forms of the reference-data pages. Plain forms built from the model fields: they never touch the rows;
the services write (and check the same rules again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from twinning.reference.models import Language

from . import services
from .models import Country

_language_code = RegexValidator(
    r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$|^other$",
    _("Use an ISO 639 code in lower case, e.g. “el”, “en”, “cnr”, or “other”."),
)


class TaxonomyForm(forms.Form):
    """Create or edit an entry of a shared list. The code is fixed once the entry exists."""

    def __init__(self, *args, model, instance=None, **kwargs):
        self.model = model
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=services.TAXONOMY_FIELDS[model]))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(model, fields=services.TAXONOMY_FIELDS[model]))
        code = self.fields["code"]
        code.label = _("Code")
        if model is Language:
            code.validators.append(_language_code)
        if instance is not None:
            code.disabled = True
            code.help_text = _("The code cannot change: other data and imports refer to it.")
        else:
            code.help_text = _("Lower-case letters, digits and hyphens; it cannot change later.")

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if self.instance is None and code and self.model._default_manager.filter(code=code).exists():
            self.add_error("code", _("This code is already in use."))
        for field, message in services.taxonomy_problems(self.model, cleaned):
            if field is None or field in self.fields:
                self.add_error(field, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        """What the service should write: every field (the code only when creating)."""
        data = dict(self.cleaned_data)
        if self.instance is not None:
            data.pop("code", None)
        return data


COUNTRY_FIELD_ORDER = (
    "name_en",
    "name_el",
    "programme_type",
    "valid_from",
    "valid_to",
    "languages",
    "age_of_digital_consent",
    "school_email_domains",
    "typical_validation_days",
    "ambassador_term_months",
    "hosted_here",
)


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CountryForm(forms.Form):
    """A country's settings; shows only the fields this staff member may change (``editable``)."""

    def __init__(self, *args, editable: frozenset[str], country: Country | None = None, **kwargs):
        self.country = country
        if country is not None:
            initial = model_to_dict(country, fields=[f for f in COUNTRY_FIELD_ORDER if f in editable])
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        names = [f for f in COUNTRY_FIELD_ORDER if f in editable]
        widgets = {
            "valid_from": _DateInput(),
            "valid_to": _DateInput(),
            "languages": forms.CheckboxSelectMultiple(),
        }
        if country is None:
            self.fields["code"] = forms.CharField(
                label=_("ISO code"),
                max_length=2,
                min_length=2,
                help_text=_("The two-letter ISO 3166-1 code, e.g. GR for Greece."),
            )
        self.fields.update(fields_for_model(Country, fields=names, widgets=widgets))
        if "languages" in self.fields:
            self.fields["languages"].queryset = Language.objects.order_by("position", "name_en")
        if "school_email_domains" in self.fields:
            self.fields["school_email_domains"].help_text = _(
                "Domains of official school e-mail, separated by commas (e.g. sch.gr). Validators see whether "
                "a teacher's address is on one of them."
            )
        for name, low, high in (
            ("age_of_digital_consent", services.MIN_CONSENT_AGE, services.MAX_CONSENT_AGE),
            ("typical_validation_days", 1, services.MAX_VALIDATION_DAYS),
            ("ambassador_term_months", 1, services.MAX_AMBASSADOR_TERM_MONTHS),
        ):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"min": low, "max": high})
        if "age_of_digital_consent" in self.fields:
            self.fields["age_of_digital_consent"].help_text = _(
                "Below this age pupils need parental consent (GDPR Art. 8: 13 to 16 in the EU)."
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not code.isalpha():
            raise forms.ValidationError(_("Give the two-letter ISO code (e.g. GR)."))
        if Country.objects.filter(code=code).exists():
            raise forms.ValidationError(_("This country already exists."))
        return code

    def clean_school_email_domains(self):
        try:
            return services.normalise_email_domains(self.cleaned_data.get("school_email_domains", ""))
        except services.ReferenceDataError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.country is not None:
            state = model_to_dict(self.country, fields=[f for f in COUNTRY_FIELD_ORDER if f != "languages"])
            code = self.country.code
        else:
            state = {"age_of_digital_consent": 16, "typical_validation_days": 7, "ambassador_term_months": 24}
            code = cleaned.get("code", "")
        state.update({k: v for k, v in cleaned.items() if k != "code"})
        for field, message in services.country_problems(code=code, values=state):
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        return data


class CountryRulesForm(forms.Form):
    """A country's own value of each rule declared per country; empty keeps the platform's value."""

    reason = forms.CharField(label=_("Why the change (kept in the audit log)"), required=False, max_length=500)

    def __init__(self, *args, declared, platform_values, country_values, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for rule in declared:
            fields[rule.key] = forms.IntegerField(
                label=rule.label,
                min_value=rule.minimum,
                max_value=rule.maximum,
                required=False,
                initial=country_values.get(rule.key),
                help_text=_("Empty: the platform's value, %(value)s %(unit)s.")
                % {"value": platform_values.get(rule.key, rule.default), "unit": rule.unit},
            )
        self.fields = {**fields, "reason": self.fields["reason"]}
        self.rule_keys = list(fields)

    def rule_values(self) -> dict[str, int | None]:
        return {key: self.cleaned_data[key] for key in self.rule_keys}
