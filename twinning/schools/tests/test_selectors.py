"""Reads on the registry: search (accent-insensitive, by code, by city, filters) and school pages."""

import pytest

from twinning.accounts.tests.factories import css_staff, nso_staff
from twinning.reference.models import EducationLevel, Region
from twinning.schools import selectors
from twinning.schools.models import SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(greece, italy, attica):
    crete, _ = Region.objects.get_or_create(country=greece, code="GR-M", defaults={"name_en": "C", "name_el": "Κ"})
    primary, _ = EducationLevel.objects.get_or_create(code="primary", defaults={"name_en": "P", "name_el": "Π"})
    argos = SchoolFactory(
        country=greece, name="2ο Γυμνάσιο Άργους", city="Άργος", national_code="0551010", region=attica
    )
    heraklion = SchoolFactory(
        country=greece, name="Δημοτικό Σχολείο Ηρακλείου", city="Ηράκλειο", region=crete, school_type="private"
    )
    heraklion.levels.set([primary])
    rome = SchoolFactory(country=italy, name="Liceo Classico", city="Roma")
    proposed = SchoolFactory(
        country=greece, name="Γυμνάσιο Άργους Προτεινόμενο", city="Άργος", status=SchoolStatus.PROPOSED
    )
    return {
        "argos": argos,
        "heraklion": heraklion,
        "rome": rome,
        "proposed": proposed,
        "attica": attica,
        "primary": primary,
    }


def found(**kwargs):
    return set(selectors.school_search(**kwargs).values_list("name", flat=True))


def test_search_ignores_accents_case_and_final_sigma(schools):
    assert found(q="ΓΥΜΝΑΣΙΟ ΑΡΓΟΥΣ") == {"2ο Γυμνάσιο Άργους"}
    assert found(q="γυμνασιο αργους") == {"2ο Γυμνάσιο Άργους"}


def test_search_by_national_code(schools):
    assert found(q="0551010") == {"2ο Γυμνάσιο Άργους"}
    assert found(q=" 0551010 ") == {"2ο Γυμνάσιο Άργους"}


def test_search_by_city_and_words_across_name_and_city(schools):
    assert found(q="ηρακλειο") == {"Δημοτικό Σχολείο Ηρακλείου"}
    assert found(q="γυμνασιο αργος") == {"2ο Γυμνάσιο Άργους"}
    assert found(city="Ηρακλειο") == {"Δημοτικό Σχολείο Ηρακλείου"}


def test_search_shows_only_validated_schools(schools):
    assert "Γυμνάσιο Άργους Προτεινόμενο" not in found(q="αργους")


def test_search_filters(schools, greece, italy):
    assert found(country=italy) == {"Liceo Classico"}
    assert found(region=schools["attica"]) == {"2ο Γυμνάσιο Άργους"}
    assert found(level=schools["primary"]) == {"Δημοτικό Σχολείο Ηρακλείου"}
    assert found(school_type="private") == {"Δημοτικό Σχολείο Ηρακλείου"}
    assert found(q="σχολειο", country=italy) == set()


def test_staff_list_is_scoped_and_filtered(schools, greece):
    greek_staff = nso_staff(greece)
    names = set(selectors.schools_for_staff(staff=greek_staff).values_list("name", flat=True))
    assert "Liceo Classico" not in names
    assert "Γυμνάσιο Άργους Προτεινόμενο" in names  # staff see every status
    proposed = selectors.schools_for_staff(staff=greek_staff, filters={"status": SchoolStatus.PROPOSED})
    assert list(proposed.values_list("name", flat=True)) == ["Γυμνάσιο Άργους Προτεινόμενο"]
    by_text = selectors.schools_for_staff(staff=greek_staff, filters={"q": "ΑΡΓΟΣ"})
    assert set(by_text.values_list("name", flat=True)) == {"2ο Γυμνάσιο Άργους", "Γυμνάσιο Άργους Προτεινόμενο"}
    assert "Liceo Classico" in set(selectors.schools_for_staff(staff=css_staff()).values_list("name", flat=True))


def test_merge_candidates_are_same_country_same_city_by_default(schools):
    staff = css_staff()
    candidates = selectors.merge_candidates(staff=staff, school=schools["proposed"])
    assert candidates == [schools["argos"]]
    by_code = selectors.merge_candidates(staff=staff, school=schools["proposed"], q="0551010")
    assert by_code == [schools["argos"]]
    assert selectors.merge_candidates(staff=staff, school=schools["proposed"], q="Liceo") == []
