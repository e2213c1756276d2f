"""School names and places across scripts: search columns, English names of places, similar names."""

from twinning.schools import matching
from twinning.schools.matching import NameProfile, is_similar, search_columns, similarity


def test_search_columns_hold_the_folded_text_the_latin_key_and_the_sort_key():
    columns = search_columns("1ο Γυμνάσιο Αθηνών", "Αθήνα")
    assert columns == {
        "search_name": "1ο γυμνασιο αθηνων",
        "search_city": "αθηνα",
        "search_latin": "1o gimnasio athinon athina",
        "sort_name": "000001ο γυμνασιο αθηνων",
    }


def test_english_names_of_greek_and_cypriot_places_lead_to_the_greek_key():
    assert matching.word_keys("athens") == ["athens", "athina"]
    assert matching.word_keys("salonica")[-1] == matching.word_keys("θεσσαλονικη")[0]
    assert matching.word_keys("athina") == ["athina"]  # a transliteration needs no entry
    for english, greek in [
        ("Corfu", "Κέρκυρα"),
        ("Nicosia", "Λευκωσία"),
        ("Limassol", "Λεμεσός"),
        ("Piraeus", "Πειραιάς"),
    ]:
        assert matching.city_key(english) == matching.city_key(greek)
        assert matching.greek_place(english) == greek
    assert matching.greek_place("Roma") is None


def test_the_same_school_spelt_differently_is_similar():
    same = [
        ("1ο Γυμνάσιο Αθηνών", "1ο Γυμνάσιο Αθήνας"),
        ("2ο Γυμνάσιο Κέρκυρας", "2o Gymnasio Kerkyras"),
        ("1ο ΓΕΛ Αθηνών", "1ο Γενικό Λύκειο Αθηνών"),
        ("1ο Γυμνάσιο Αθηνών", "1ο Γυμνάσιο Αθηνών «Ο Περικλής»"),
        ("1ο Γυμνάσιο Αθηνών", "Γυμνάσιο Αθηνών"),  # the number left out
    ]
    for a, b in same:
        assert is_similar(NameProfile.of(a), NameProfile.of(b)), (a, b)


def test_different_schools_are_not_similar():
    different = [
        ("1ο Γυμνάσιο Αθηνών", "2ο Γυμνάσιο Αθηνών"),  # another number
        ("1ο Γυμνάσιο Αθηνών", "12ο Γυμνάσιο Αθηνών"),
        ("1ο Γυμνάσιο Αθηνών", "1ο Λύκειο Αθηνών"),  # another level
        ("1ο Γυμνάσιο Αθηνών", "1ο Νηπιαγωγείο Αθηνών"),
        ("1ο Γυμνάσιο Αθηνών", "1ο Εσπερινό Γυμνάσιο Αθηνών"),
        ("Liceo Classico Roma", "Liceo Scientifico Roma"),
    ]
    for a, b in different:
        assert not is_similar(NameProfile.of(a), NameProfile.of(b)), (a, b)
    assert similarity(NameProfile.of(""), NameProfile.of("Γυμνάσιο")) == 0.0
