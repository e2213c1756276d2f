"""Factories of partner finding: an eTwinner (validated teacher) and a post written through the service."""

from __future__ import annotations

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.reference.models import AgeBand, Language, Subject
from twinning.schools.models import SchoolMembership

from .. import services


def etwinner(*, country=None, subjects=(), languages=(), age_bands=(), **kwargs):
    """A validated teacher attached to a school, with teaching data given by codes."""
    user = teacher(country=country, status=ValidationStatus.VALIDATED, **kwargs)
    if subjects:
        user.subjects.set(Subject.objects.filter(code__in=subjects))
    if languages:
        user.languages.set(Language.objects.filter(code__in=languages))
    if age_bands:
        user.age_bands.set(AgeBand.objects.filter(code__in=age_bands))
    return user


def post_fields(author, **overrides) -> dict:
    membership = SchoolMembership.objects.filter(user=author).select_related("school").first()
    fields = {
        "title": "Biodiversity in our school yards",
        "description": "Pupils record plants and insects and compare them with a partner school.",
        "purpose": "etwinning",
        "subjects": list(Subject.objects.filter(code__in=["biology"])),
        "age_bands": list(AgeBand.objects.filter(code__in=["12-15"])),
        "languages": list(Language.objects.filter(code__in=["en"])),
        "countries_wanted": [],
        "levels": [],
        "theme": "environment",
        "length": "term",
        "school": membership.school if membership else None,
        "erasmus_number": "",
        "expires_on": None,
    }
    for name in ("subjects", "age_bands", "languages"):
        codes = overrides.pop(f"{name}_codes", None)
        if codes is not None:
            model = {"subjects": Subject, "age_bands": AgeBand, "languages": Language}[name]
            fields[name] = list(model.objects.filter(code__in=codes))
    fields.update(overrides)
    return fields


def make_post(author=None, **overrides):
    author = author or etwinner()
    return services.post_create(author=author, **post_fields(author, **overrides))
