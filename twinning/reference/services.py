"""Writes to reference data: taxonomies (CSS staff) and country settings (CSS set-up, NSO operations).

Every change is validated before anything is written, happens in one transaction and leaves an audit
event whose ``data`` lists the changed fields as ``{"field": {"from": old, "to": new}}``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record
from twinning.reference.models import AgeBand, EducationLevel, Language, Subject

from . import country_data, policies, selectors
from .models import Country, ProgrammeType, SupportOrganisation


class ReferenceDataError(DomainError):
    """The values given for a reference row break a rule; nothing was changed."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- Taxonomies ---------------------------------------------------------------------------------------

TAXONOMY_MODELS: dict[str, type[models.Model]] = {
    "subjects": Subject,
    "age-bands": AgeBand,
    "languages": Language,
    "levels": EducationLevel,
}

TAXONOMY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Subject: ("code", "name_en", "name_el", "position", "is_active"),
    AgeBand: ("code", "name_en", "name_el", "min_age", "max_age", "position"),
    Language: ("code", "name_en", "name_el", "native_name", "is_eu_official", "position"),
    EducationLevel: ("code", "name_en", "name_el", "position"),
}


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit trail."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | list | tuple):
        return sorted(str(v) for v in value)
    return value


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        field: {"from": _plain(before[field]), "to": _plain(after[field])}
        for field in after
        if before[field] != after[field]
    }


def taxonomy_problems(model: type[models.Model], values: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Rules beyond single fields; shared by the forms and the services."""
    problems: list[tuple[str | None, str]] = []
    if model is AgeBand:
        low, high = values.get("min_age"), values.get("max_age")
        if low is not None and high is not None and low > high:
            problems.append(("max_age", _("The upper age must not be below the lower age.")))
    for field in ("name_en", "name_el"):
        if field in values and not str(values[field] or "").strip():
            problems.append((field, _("Give the name in both languages.")))
    return problems


def _check_taxonomy_actor(actor) -> None:
    if not policies.can_edit_taxonomies(actor):
        raise NotAllowed(_("Only the Central Support Service edits the shared lists."))


def _raise_first(problems: list[tuple[str | None, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise ReferenceDataError(message, field=field)


@transaction.atomic
def taxonomy_create(*, actor, model: type[models.Model], values: dict[str, Any]):
    """Add an entry to a shared list (subjects, age bands, languages, levels). CSS staff only."""
    _check_taxonomy_actor(actor)
    allowed = TAXONOMY_FIELDS[model]
    unknown = set(values) - set(allowed)
    if unknown:
        raise ReferenceDataError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    code = str(values.get("code") or "").strip()
    if not code:
        raise ReferenceDataError(_("Give a code."), field="code")
    if model._default_manager.filter(code=code).exists():
        raise ReferenceDataError(_("This code is already in use."), field="code")
    _raise_first(taxonomy_problems(model, values))
    obj = model(**{**values, "code": code})
    obj.save()
    audit_record(
        actor=actor,
        action=f"{model._meta.model_name}.created",
        target=obj,
        data={"fields": {f: _plain(getattr(obj, f)) for f in allowed}},
    )
    transaction.on_commit(selectors.reference_choices_changed)
    return obj


@transaction.atomic
def taxonomy_update(*, actor, obj: Any, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Change an entry of a shared list; its code stays (imports and other data refer to it).

    Returns the changes; nothing is written (not even an audit event) when nothing changed.
    """
    _check_taxonomy_actor(actor)
    model = type(obj)
    allowed = set(TAXONOMY_FIELDS[model]) - {"code"}
    if "code" in values and values["code"] != obj.code:
        raise ReferenceDataError(_("The code of an existing entry cannot change."), field="code")
    values = {k: v for k, v in values.items() if k != "code"}
    unknown = set(values) - allowed
    if unknown:
        raise ReferenceDataError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    current = model._default_manager.select_for_update().get(pk=obj.pk)
    merged = {f: values.get(f, getattr(current, f)) for f in allowed}
    _raise_first(taxonomy_problems(model, merged))
    changes = _changes({f: getattr(current, f) for f in values}, values)
    if not changes:
        return {}
    for field in changes:
        setattr(current, field, values[field])
    current.save(update_fields=list(changes))
    for field in changes:
        setattr(obj, field, values[field])
    audit_record(actor=actor, action=f"{model._meta.model_name}.updated", target=current, data={"changed": changes})
    transaction.on_commit(selectors.reference_choices_changed)
    return changes


# --- Countries ----------------------------------------------------------------------------------------

# GDPR Art. 8(1): member states may set the age of digital consent between 13 and 16; the EEA states
# apply the GDPR too. Elsewhere national law decides; 18 is the highest meaningful value.
GDPR_NON_EU_CODES = frozenset({"IS", "LI", "NO"})
MIN_CONSENT_AGE = 13
MAX_GDPR_CONSENT_AGE = 16
MAX_CONSENT_AGE = 18
MAX_VALIDATION_DAYS = 90
MAX_AMBASSADOR_TERM_MONTHS = 60

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_COUNTRY_CODE_RE = re.compile(r"^[A-Z]{2}$")


def normalise_email_domains(raw: str) -> str:
    """ "sch.gr,  @Example.org" -> "sch.gr, example.org"; raises ReferenceDataError on a malformed domain."""
    domains: list[str] = []
    for part in re.split(r"[\s,;]+", raw or ""):
        domain = part.strip().lower().lstrip("@")
        if not domain:
            continue
        if not _DOMAIN_RE.match(domain):
            raise ReferenceDataError(
                _("“%(domain)s” is not an e-mail domain (example: sch.gr).") % {"domain": part.strip()},
                field="school_email_domains",
            )
        if domain not in domains:
            domains.append(domain)
    joined = ", ".join(domains)
    if len(joined) > 300:
        raise ReferenceDataError(_("Too many domains (300 characters at most)."), field="school_email_domains")
    return joined


def consent_age_range(*, code: str, programme_type: str) -> tuple[int, int]:
    if programme_type == ProgrammeType.EU or code.upper() in GDPR_NON_EU_CODES:
        return MIN_CONSENT_AGE, MAX_GDPR_CONSENT_AGE
    return MIN_CONSENT_AGE, MAX_CONSENT_AGE


def country_problems(*, code: str, values: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Rules on a country's settings (``values`` holds the complete new state); shared with the forms."""
    problems: list[tuple[str | None, str]] = []
    for field in ("name_en", "name_el"):
        if field in values and not str(values[field] or "").strip():
            problems.append((field, _("Give the name in both languages.")))
    if values.get("programme_type") not in ProgrammeType.values:
        problems.append(("programme_type", _("Choose a programme type.")))
    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if valid_from is None:
        problems.append(("valid_from", _("Give the date the country takes part from.")))
    elif valid_to is not None and valid_to < valid_from:
        problems.append(("valid_to", _("The end date must not be before the start date.")))
    age = values.get("age_of_digital_consent")
    low, high = consent_age_range(code=code, programme_type=values.get("programme_type") or "")
    if age is None or not (low <= age <= high):
        problems.append(
            (
                "age_of_digital_consent",
                _("The age of digital consent must be between %(low)d and %(high)d for this country.")
                % {"low": low, "high": high},
            )
        )
    days = values.get("typical_validation_days")
    if days is None or not (1 <= days <= MAX_VALIDATION_DAYS):
        problems.append(
            (
                "typical_validation_days",
                _("The typical validation time must be between 1 and %(max)d days.") % {"max": MAX_VALIDATION_DAYS},
            )
        )
    months = values.get("ambassador_term_months", 24)
    if months is None or not (1 <= months <= MAX_AMBASSADOR_TERM_MONTHS):
        problems.append(
            (
                "ambassador_term_months",
                _("The longest ambassador term must be between 1 and %(max)d months.")
                % {"max": MAX_AMBASSADOR_TERM_MONTHS},
            )
        )
    return problems


_SCALAR_COUNTRY_FIELDS = (
    "name_en",
    "name_el",
    "programme_type",
    "valid_from",
    "valid_to",
    "age_of_digital_consent",
    "school_email_domains",
    "typical_validation_days",
    "ambassador_term_months",
    "hosted_here",
)


def _country_state(country: Country) -> dict[str, Any]:
    state = {f: getattr(country, f) for f in _SCALAR_COUNTRY_FIELDS}
    state["languages"] = frozenset(country.languages.values_list("code", flat=True))
    return state


@transaction.atomic
def country_update(*, actor, country: Country, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Change a country's settings. CSS staff: set-up and operations; the country's NSO: operations only.

    ``languages`` is a collection of core.Language rows. Returns the changes (empty: nothing written).
    """
    allowed = policies.country_editable_fields(actor, country)
    if not allowed:
        raise NotAllowed(_("You cannot change this country's settings."))
    if set(values) - allowed:
        raise NotAllowed(
            _("You cannot change these settings: %(fields)s.") % {"fields": ", ".join(sorted(set(values) - allowed))}
        )
    values = dict(values)
    if "school_email_domains" in values:
        values["school_email_domains"] = normalise_email_domains(values["school_email_domains"])
    new_languages = None
    if "languages" in values:
        new_languages = list(values.pop("languages") or [])
        values["languages"] = frozenset(lang.code for lang in new_languages)

    current = Country.objects.select_for_update().get(pk=country.pk)
    before = _country_state(current)
    after = {**before, **values}
    _raise_first(country_problems(code=current.code, values=after))
    changes = _changes({f: before[f] for f in values}, values)
    if not changes:
        return {}
    scalar = [f for f in changes if f != "languages"]
    for field in scalar:
        setattr(current, field, values[field])
    if scalar:
        current.save(update_fields=scalar)
    if "languages" in changes and new_languages is not None:
        current.languages.set(new_languages)
    if "programme_type" in changes:
        # Neighbourhood countries are served by a Partner Support Agency, the others by an NSO.
        SupportOrganisation.objects.filter(country=current).exclude(kind=SupportOrganisation.Kind.CSS).update(
            kind=country_data.support_organisation_kind(current.programme_type)
        )
    for field in scalar:
        setattr(country, field, values[field])
    audit_record(
        actor=actor, action="country.updated", target=current, country_code=current.code, data={"changed": changes}
    )
    transaction.on_commit(selectors.reference_choices_changed)
    return changes


@transaction.atomic
def country_create(*, actor, code: str, values: dict[str, Any]) -> Country:
    """Add a participating country (CSS staff) with its NSO, or PSA for a neighbourhood country."""
    if not policies.can_create_countries(actor):
        raise NotAllowed(_("Only the Central Support Service adds countries."))
    code = (code or "").strip().upper()
    if not _COUNTRY_CODE_RE.match(code):
        raise ReferenceDataError(_("Give the two-letter ISO code (e.g. GR)."), field="code")
    if Country.objects.filter(code=code).exists():
        raise ReferenceDataError(_("This country already exists."), field="code")
    unknown = set(values) - set(policies.COUNTRY_SETUP_FIELDS | policies.COUNTRY_OPERATIONAL_FIELDS)
    if unknown:
        raise ReferenceDataError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    values = dict(values)
    values.setdefault("age_of_digital_consent", 16)
    values.setdefault("typical_validation_days", 7)
    values.setdefault("ambassador_term_months", 24)
    values["school_email_domains"] = normalise_email_domains(values.get("school_email_domains", ""))
    languages = list(values.pop("languages", None) or [])
    _raise_first(country_problems(code=code, values=values))
    country = Country.objects.create(code=code, **values)
    country.languages.set(languages)
    kind = country_data.support_organisation_kind(country.programme_type)
    name_en, name_el = country_data.default_organisation_names(
        country_name_en=country.name_en, country_name_el=country.name_el, kind=kind
    )
    organisation = SupportOrganisation.objects.create(kind=kind, country=country, name_en=name_en, name_el=name_el)
    fields = {f: _plain(getattr(country, f)) for f in _SCALAR_COUNTRY_FIELDS}
    fields["languages"] = sorted(lang.code for lang in languages)
    audit_record(
        actor=actor,
        action="country.created",
        target=country,
        country_code=country.code,
        data={"fields": fields, "support_organisation_id": organisation.pk},
    )
    transaction.on_commit(selectors.reference_choices_changed)
    return country
