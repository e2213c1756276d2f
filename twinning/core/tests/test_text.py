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
