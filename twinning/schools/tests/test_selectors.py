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


# --- Search that forgives: other scripts, English names, partial codes, natural order, counts -------


@pytest.fixture
def cities(greece, italy):
    return {
        "athens": SchoolFactory(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα"),
        "salonica": SchoolFactory(country=greece, name="5ο Λύκειο Θεσσαλονίκης", city="Θεσσαλονίκη"),
        "corfu": SchoolFactory(country=greece, name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα"),
        "rome": SchoolFactory(country=italy, name="Liceo Classico Athena", city="Roma"),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Athens", {"1ο Γυμνάσιο Αθηνών"}),
        ("athina", {"1ο Γυμνάσιο Αθηνών"}),
        ("ATHINA gymnasio", {"1ο Γυμνάσιο Αθηνών"}),
        ("Thessaloniki", {"5ο Λύκειο Θεσσαλονίκης"}),
        ("Salonica", {"5ο Λύκειο Θεσσαλονίκης"}),
        ("Θεσαλονικη", {"5ο Λύκειο Θεσσαλονίκης"}),  # one sigma typed
        ("lykeio thessalonikis", {"5ο Λύκειο Θεσσαλονίκης"}),
        ("Corfu", {"2ο Γυμνάσιο Κέρκυρας"}),
        ("kerkira", {"2ο Γυμνάσιο Κέρκυρας"}),
        ("Liceo", {"Liceo Classico Athena"}),  # Latin names are found as before
        ("Αθηνα", {"1ο Γυμνάσιο Αθηνών"}),
    ],
)
def test_latin_spellings_and_english_names_find_greek_schools(cities, q, expected):
    assert found(q=q) == expected


def test_a_national_code_matches_from_its_start(schools):
    assert found(q="05510") == {"2ο Γυμνάσιο Άργους"}
    assert found(q="0551010") == {"2ο Γυμνάσιο Άργους"}
    assert found(q="55101") == set()  # the middle of a code is not its start
    assert found(q="05") == set()  # too short to be a part of a code


def test_numbers_in_names_sort_by_value(greece):
    for name in ("12ο Γυμνάσιο Πάτρας", "1ο Γυμνάσιο Πάτρας", "2ο Γυμνάσιο Πάτρας", "Γυμνάσιο Πάτρας"):
        SchoolFactory(country=greece, name=name, city="Πάτρα")
    order = ["1ο Γυμνάσιο Πάτρας", "2ο Γυμνάσιο Πάτρας", "12ο Γυμνάσιο Πάτρας", "Γυμνάσιο Πάτρας"]
    assert [s.name for s in selectors.school_search(country=greece)] == order
    assert [s.name for s in selectors.school_search(q="γυμνασιο πατρας")] == order
    staff = nso_staff(greece)
    assert [s.name for s in selectors.schools_for_staff(staff=staff, filters={"q": "patras"})] == order


def test_a_name_change_refreshes_every_search_column(greece):
    school = SchoolFactory(country=greece, name="Γυμνάσιο Βόλου", city="Βόλος")
    school.name, school.city = "3ο Γυμνάσιο Λάρισας", "Λάρισα"
    school.save(update_fields=["name", "city"])
    school.refresh_from_db()
    assert (school.search_latin, school.sort_name) == ("3o gimnasio larisas larisa", "000003ο γυμνασιο λαρισασ")
    assert found(q="Larissa") == {"3ο Γυμνάσιο Λάρισας"}


def test_counts_stop_at_the_cap(greece):
    for _ in range(5):
        SchoolFactory(country=greece)
    assert selectors.count_up_to(selectors.school_search(country=greece), cap=10) == selectors.ResultCount(5, False)
    assert selectors.count_up_to(selectors.school_search(country=greece), cap=3) == selectors.ResultCount(3, True)
    assert selectors.count_up_to(selectors.school_search(q="nothing like it")) == selectors.ResultCount(0, False)


# --- Similar schools ------------------------------------------------------------------------------


def similar_names(**kwargs):
    return [s.name for s in selectors.similar_schools(**kwargs)]


def test_similar_schools_of_the_same_place_are_found_whatever_the_spelling(greece, italy, attica):
    registered = SchoolFactory(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα", region=attica)
    SchoolFactory(country=greece, name="2ο Γυμνάσιο Αθηνών", city="Αθήνα")
    SchoolFactory(country=greece, name="1ο Λύκειο Αθηνών", city="Αθήνα")
    SchoolFactory(country=italy, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα")
    assert similar_names(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα") == [registered.name]
    assert similar_names(country=greece, name="1o Gymnasio Athinon", city="Athens") == [registered.name]
    assert similar_names(country=greece, name="1ο γυμνασιο αθηνας", city="athina") == [registered.name]
    # Another city: not offered, unless the region is the same.
    assert similar_names(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Μαρούσι") == []
    assert similar_names(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Μαρούσι", region=attica) == [registered.name]
    assert similar_names(country=greece, name="1ο Γυμνάσιο Αθηνών", city="Αθήνα", exclude_pk=registered.pk) == []


def test_similar_schools_include_proposals_but_not_closed_records(greece):
    proposed = SchoolFactory(
        country=greece, name="Γυμνάσιο Καλαμάτας", city="Καλαμάτα", status=SchoolStatus.PROPOSED, national_code=None
    )
    for status in (SchoolStatus.REJECTED, SchoolStatus.MERGED, SchoolStatus.WITHDRAWN):
        SchoolFactory(country=greece, name="Γυμνάσιο Καλαμάτας", city="Καλαμάτα", status=status, national_code=None)
    assert selectors.similar_schools(country=greece, name="Γυμνασιο Καλαματας", city="Kalamata") == [proposed]
    assert similar_names(country=greece, name="", city="Καλαμάτα") == []
