import pytest
from hypothesis import given
from hypothesis import strategies as st

from twinning.core.text import normalize_search


def test_greek_accents_and_final_sigma_fold():
    assert normalize_search("Γυμνάσιο  Άργους") == "γυμνασιο αργουσ"
    assert normalize_search("ΓΥΜΝΑΣΙΟ ΑΡΓΟΥΣ") == normalize_search("γυμνάσιο άργους")


def test_latin_accents_fold():
    assert normalize_search("Lycée Émile Zola") == "lycee emile zola"


@given(st.text())
def test_normalising_twice_changes_nothing(value):
    once = normalize_search(value)
    assert normalize_search(once) == once


# --- Greek in Latin letters, the cross-script key, natural order -------------------------------------

from twinning.core.text import latin_key, natural_sort_key, transliterate_greek  # noqa: E402


def test_greek_is_transliterated_as_elot_743():
    assert transliterate_greek("Θεσσαλονίκη") == "thessaloniki"
    assert transliterate_greek("Ψυχικό") == "psychiko"
    assert transliterate_greek("Μπουρνάζι Ευαγγελίστρια") == "mpournazi evangelistria"
    # A diaeresis splits the digraph: "αϊ" is two sounds, "αι" one.
    assert transliterate_greek("Χαϊδάρι") == "chaidari"
    assert transliterate_greek("Λύκειο Αγίας Παρασκευής") == "lykeio agias paraskevis"


@pytest.mark.parametrize(
    "spellings",
    [
        ("Αθήνα", "Athina", "ATHINA", "athína"),
        ("Θεσσαλονίκη", "Thessaloniki", "Thesaloniki", "thessaloníki"),
        ("Ηράκλειο", "Iraklio", "Irakleio", "Hrakleio".replace("H", "I")),
        ("Πειραιάς", "Pireas", "Peiraias"),
        ("Κέρκυρα", "Kerkyra", "Kerkira"),
        ("Χανιά", "Chania", "Hania"),
        ("Λευκάδα", "Lefkada", "Leukada"),
        ("Ξάνθη", "Xanthi", "Ksanthi"),
        ("Ψυχικό", "Psychiko", "Psihiko"),
        ("Ντίνος", "Ntinos", "Dinos"),
        ("Ιωάννινα", "Ioannina", "Ioanina"),
    ],
)
def test_greek_and_its_latin_spellings_share_one_key(spellings):
    assert len({latin_key(s) for s in spellings}) == 1, [latin_key(s) for s in spellings]


def test_the_latin_key_keeps_words_and_numbers_apart_and_different_places_different():
    assert latin_key("1ο Γυμνάσιο Αθηνών") == "1o gimnasio athinon"
    assert latin_key("Χίος") != latin_key("Ίος")
    assert latin_key("Πάτρα") != latin_key("Άρτα")
    assert latin_key("") == latin_key(None) == ""


@given(st.text())
def test_the_latin_key_of_any_text_is_lower_case_words(value):
    key = latin_key(value)
    assert key == " ".join(key.split())
    assert not any("a" <= ch <= "z" for ch in key.upper())  # Latin letters are all lower-case


def test_numbers_sort_by_value():
    names = ["12ο Γυμνάσιο", "1ο Γυμνάσιο", "2ο Γυμνάσιο", "Γυμνάσιο Άργους", "100ό Δημοτικό", "007 Σχολείο"]
    assert sorted(names, key=natural_sort_key) == [
        "1ο Γυμνάσιο",
        "2ο Γυμνάσιο",
        "007 Σχολείο",
        "12ο Γυμνάσιο",
        "100ό Δημοτικό",
        "Γυμνάσιο Άργους",
    ]
    assert natural_sort_key("1ο Γυμνάσιο Άργους") == "000001ο γυμνασιο αργουσ"
    assert len(natural_sort_key("1 " * 300, max_length=300)) == 300
