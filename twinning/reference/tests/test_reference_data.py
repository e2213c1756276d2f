"""The reference data loaded by migration: countries, regions, directorates, organisations, taxonomies."""

import datetime
import re

import pytest
from django.utils import translation

from twinning.reference import country_data as reference_data
from twinning.reference import taxonomy_data as core_reference
from twinning.reference.models import (
    AgeBand,
    Country,
    EducationDirectorate,
    EducationLevel,
    Language,
    ProgrammeType,
    Region,
    Subject,
    SupportOrganisation,
)

pytestmark = pytest.mark.django_db

GREEK_LETTER = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")

EU_MEMBER_STATES = {
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
}
NAMED_IN_DOMAIN_BRIEF = EU_MEMBER_STATES | {
    "AL",
    "BA",
    "IS",
    "LI",
    "MK",
    "NO",
    "RS",
    "TR",
    "AM",
    "AZ",
    "GE",
    "MD",
    "UA",
    "TN",
    "JO",
    "LB",
}


def _load_everything_again():
    core_reference.load_all(Language=Language, Subject=Subject, AgeBand=AgeBand, EducationLevel=EducationLevel)
    reference_data.load_all(
        Country=Country,
        Language=Language,
        Region=Region,
        EducationDirectorate=EducationDirectorate,
        SupportOrganisation=SupportOrganisation,
    )


def test_the_46_participating_countries_are_loaded():
    codes = set(Country.objects.values_list("code", flat=True))
    assert len(codes) == 46
    assert codes >= NAMED_IN_DOMAIN_BRIEF
    assert codes == {row.code for row in reference_data.COUNTRIES}
    assert set(Country.objects.filter(programme_type=ProgrammeType.EU).values_list("code", flat=True)) == (
        EU_MEMBER_STATES
    )
    neighbourhood = set(
        Country.objects.filter(programme_type=ProgrammeType.NEIGHBOURHOOD).values_list("code", flat=True)
    )
    assert neighbourhood >= {"AM", "AZ", "GE", "MD", "UA", "TN", "JO", "LB"}


def test_greece_is_set_up_as_the_domain_brief_says():
    greece = Country.objects.get(code="GR")
    assert (greece.name_en, greece.name_el) == ("Greece", "Ελλάδα")
    assert greece.programme_type == ProgrammeType.EU
    assert greece.valid_from.isoformat() == "2005-01-01"
    assert greece.valid_to is None
    assert greece.age_of_digital_consent == 15
    assert greece.email_domains() == ["sch.gr"]
    assert greece.typical_validation_days == 7
    assert list(greece.languages.values_list("code", flat=True)) == ["el"]


def test_consent_ages_are_loaded_from_the_table_and_stay_within_what_the_gdpr_allows():
    loaded = dict(Country.objects.values_list("code", "age_of_digital_consent"))
    assert loaded == {row.code: row.age_of_digital_consent for row in reference_data.COUNTRIES}
    # GDPR Art. 8(1): a state may lower the age of digital consent from 16, but not below 13.
    assert all(13 <= age <= 16 for age in loaded.values()), loaded


def test_participation_dates_are_loaded_from_the_table_and_every_country_takes_part_today():
    loaded = dict(Country.objects.values_list("code", "valid_from"))
    assert loaded == {row.code: row.valid_from for row in reference_data.COUNTRIES}
    assert min(loaded.values()) >= datetime.date(2005, 1, 1)  # eTwinning began in 2005
    assert all(country.is_participating() for country in Country.objects.all())


def test_every_country_has_at_least_one_language():
    assert not Country.objects.filter(languages__isnull=True).exists()
    assert list(Country.objects.get(code="MD").languages.values_list("code", flat=True)) == ["ro"]


def test_the_24_eu_official_languages_are_flagged_and_greek_and_english_come_first():
    eu = set(Language.objects.filter(is_eu_official=True).values_list("code", flat=True))
    assert len(eu) == 24
    assert {"el", "en", "ga", "mt", "hr", "bg"} <= eu
    assert list(Language.objects.values_list("code", flat=True)[:2]) == ["el", "en"]
    others = set(Language.objects.filter(is_eu_official=False).values_list("code", flat=True))
    assert {
        "sq",
        "hy",
        "az",
        "bs",
        "ka",
        "is",
        "mk",
        "no",
        "sr",
        "tr",
        "uk",
        "ar",
        "ru",
        "lb",
        "ca",
        "eu",
        "gl",
        "cy",
        "other",
    } <= others
    assert Language.objects.order_by("position").last().code == "other"


def test_taxonomies_are_loaded():
    assert Subject.objects.count() >= 35
    assert {"mathematics", "stem", "robotics", "artificial-intelligence", "coding", "pre-school"} <= set(
        Subject.objects.values_list("code", flat=True)
    )
    # Age bands, in their listed order, cover every age from 0 without a gap or an overlap.
    bands = list(AgeBand.objects.values_list("min_age", "max_age"))
    assert bands[0][0] == 0
    assert all(low <= high for low, high in bands)
    assert all(high + 1 == next_low for (_, high), (next_low, _) in zip(bands, bands[1:], strict=False))
    # Levels are listed in the table's order (the school path), not alphabetically.
    assert list(EducationLevel.objects.values_list("code", flat=True)) == [
        row.code for row in core_reference.EDUCATION_LEVELS
    ]


@pytest.mark.parametrize("model", [Country, Region, EducationDirectorate, Language, Subject, AgeBand, EducationLevel])
def test_names_are_bilingual(model):
    rows = list(model.objects.values_list("name_en", "name_el", "code"))
    assert rows
    for name_en, name_el, code in rows:
        assert name_en.strip(), code
        assert name_el.strip(), code
        if not (model is Subject and code == "stem"):  # Greek teachers keep the English word STEM
            assert GREEK_LETTER.search(name_el), f"{model.__name__} {code}: {name_el!r} has no Greek letter"


def test_greece_has_its_13_regions_each_with_directorates():
    regions = Region.objects.filter(country__code="GR")
    assert sorted(regions.values_list("code", flat=True)) == [f"GR-{letter}" for letter in "ABCDEFGHIJKLM"]
    assert regions.get(code="GR-I").name_el == "Αττική"
    for region in regions.prefetch_related("directorates"):
        codes = {d.code for d in region.directorates.all()}
        assert "PDE" in codes, region.code
        assert any(c.startswith("DIPE-") for c in codes), region.code
        assert any(c.startswith("DIDE-") for c in codes), region.code
    attica = regions.get(code="GR-I")
    athens_a = attica.directorates.get(code="DIPE-ATH-A")
    assert athens_a.name_el == "Διεύθυνση Πρωτοβάθμιας Εκπαίδευσης Α΄ Αθήνας"
    assert attica.directorates.get(code="PDE").name_el == "Περιφερειακή Διεύθυνση Εκπαίδευσης Αττικής"


def test_at_least_five_other_countries_have_their_regions():
    counts = {code: Region.objects.filter(country__code=code).count() for code in ("IT", "FR", "ES", "DE", "PL", "CY")}
    assert counts["IT"] == 20
    assert counts["FR"] >= 13
    assert counts["ES"] == 19
    assert counts["DE"] == 16
    assert counts["PL"] == 16
    assert counts["CY"] == 6
    other = Country.objects.exclude(code="GR").filter(regions__isnull=False).distinct().count()
    assert other >= 5
    assert all(code.startswith(f"{c}-") for c, code in Region.objects.values_list("country__code", "code"))


def test_every_country_has_exactly_one_support_organisation_and_there_is_one_css():
    for country in Country.objects.select_related("support_organisation"):
        organisation = country.support_organisation
        expected = "psa" if country.programme_type == ProgrammeType.NEIGHBOURHOOD else "nso"
        assert organisation.kind == expected, country.code
        assert organisation.name.strip()
    assert SupportOrganisation.objects.exclude(kind="css").count() == 46
    css = SupportOrganisation.objects.get(kind="css")
    assert css.country is None
    assert css.name_en == "Central Support Service (European Schoolnet)"
    greek_nso = SupportOrganisation.objects.get(country__code="GR")
    assert greek_nso.name_en == "CTI Diophantus – eTwinning NSO Greece"
    with translation.override("el"):
        assert greek_nso.name.startswith("ΙΤΥΕ «Διόφαντος» – Εθνικός Οργανισμός Υποστήριξης")
        assert css.name == "Κεντρική Υπηρεσία Υποστήριξης (European Schoolnet)"
    with translation.override("en"):
        assert greek_nso.name == greek_nso.name_en


def test_loading_again_changes_nothing_and_keeps_staff_edits():
    greece = Country.objects.get(code="GR")
    greece.school_email_domains = "sch.gr, minedu.gov.gr"
    greece.age_of_digital_consent = 14
    greece.save()
    subject = Subject.objects.get(code="mathematics")
    subject.is_active = False
    subject.save()
    before = [
        model.objects.count()
        for model in (Country, Region, EducationDirectorate, SupportOrganisation, Language, Subject, AgeBand)
    ]

    _load_everything_again()

    after = [
        model.objects.count()
        for model in (Country, Region, EducationDirectorate, SupportOrganisation, Language, Subject, AgeBand)
    ]
    assert after == before
    greece.refresh_from_db()
    assert greece.school_email_domains == "sch.gr, minedu.gov.gr"
    assert greece.age_of_digital_consent == 14
    assert Subject.objects.get(code="mathematics").is_active is False


def test_loaders_fill_an_empty_database():
    """The population generator and tests may call the loaders on a database without the rows."""
    SupportOrganisation.objects.all().delete()
    EducationDirectorate.objects.all().delete()
    Region.objects.all().delete()
    Country.objects.all().delete()

    _load_everything_again()

    assert Country.objects.count() == 46
    assert Region.objects.filter(country__code="GR").count() == 13
    assert SupportOrganisation.objects.count() == 47
    assert Country.objects.get(code="ES").languages.count() == 4
