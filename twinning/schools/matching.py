"""How schools are matched: search keys across the Greek and Latin scripts, the English names of Greek and
Cypriot cities, and similar names (a proposal or an imported row that may be a school already registered).

Pure functions over text: no database here (the selectors and the registry import use them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from twinning.core.text import latin_key, natural_sort_key, normalize_search

# --- Search columns -------------------------------------------------------------------------------------

SORT_NAME_LENGTH = 300


def search_columns(name: str, city: str) -> dict[str, str]:
    """The derived columns of a school, as ``School.save()``, the registry import and the population fill them.

    ``search_latin`` holds the Latin key of the name and of the city ("1o gimnasio athinon athina"), so that
    "Athina" or "Thessaloniki" find Greek names; ``sort_name`` orders "1ο" before "12ο".
    """
    search_city, city_latin = _city_columns(city)
    return {
        "search_name": normalize_search(name),
        "search_city": search_city,
        "search_latin": f"{latin_key(name)} {city_latin}".strip(),
        "sort_name": natural_sort_key(name, max_length=SORT_NAME_LENGTH),
    }


@lru_cache(maxsize=4096)
def _city_columns(city: str) -> tuple[str, str]:
    # Cities repeat (a registry file, the synthetic population): their keys are computed once.
    return normalize_search(city), latin_key(city)


# --- English (and older) names of Greek and Cypriot places ----------------------------------------------

# Names a search in English (or an older spelling) uses for a Greek or Cypriot place, and the place's name
# in Greek. The ELOT transliterations ("Athina", "Thessaloniki", "Iraklio", "Lemesos") need no entry:
# ``latin_key`` matches them already.
EXONYMS: dict[str, str] = {
    "Athens": "Αθήνα",
    "Athenes": "Αθήνα",
    "Salonica": "Θεσσαλονίκη",
    "Salonika": "Θεσσαλονίκη",
    "Thessalonica": "Θεσσαλονίκη",
    "Patras": "Πάτρα",
    "Patrai": "Πάτρα",
    "Heraklion": "Ηράκλειο",
    "Iraklion": "Ηράκλειο",
    "Herakleion": "Ηράκλειο",
    "Candia": "Ηράκλειο",
    "Piraeus": "Πειραιάς",
    "Piraieus": "Πειραιάς",
    "Larissa": "Λάρισα",
    "Larisa": "Λάρισα",
    "Volos": "Βόλος",
    "Ioannina": "Ιωάννινα",
    "Jannina": "Ιωάννινα",
    "Yannina": "Ιωάννινα",
    "Janina": "Ιωάννινα",
    "Chania": "Χανιά",
    "Canea": "Χανιά",
    "Rhodes": "Ρόδος",
    "Rodos": "Ρόδος",
    "Corfu": "Κέρκυρα",
    "Kerkyra": "Κέρκυρα",
    "Corinth": "Κόρινθος",
    "Sparta": "Σπάρτη",
    "Kalamata": "Καλαμάτα",
    "Kavala": "Καβάλα",
    "Alexandroupolis": "Αλεξανδρούπολη",
    "Komotini": "Κομοτηνή",
    "Serres": "Σέρρες",
    "Drama": "Δράμα",
    "Xanthi": "Ξάνθη",
    "Katerini": "Κατερίνη",
    "Veria": "Βέροια",
    "Veroia": "Βέροια",
    "Berea": "Βέροια",
    "Kozani": "Κοζάνη",
    "Trikala": "Τρίκαλα",
    "Lamia": "Λαμία",
    "Chalcis": "Χαλκίδα",
    "Chalkida": "Χαλκίδα",
    "Agrinio": "Αγρίνιο",
    "Missolonghi": "Μεσολόγγι",
    "Mesolongi": "Μεσολόγγι",
    "Nafplio": "Ναύπλιο",
    "Nauplia": "Ναύπλιο",
    "Nauplion": "Ναύπλιο",
    "Tripoli": "Τρίπολη",
    "Tripolis": "Τρίπολη",
    "Mytilene": "Μυτιλήνη",
    "Mitilini": "Μυτιλήνη",
    "Chios": "Χίος",
    "Samos": "Σάμος",
    "Hermoupolis": "Ερμούπολη",
    "Ermoupoli": "Ερμούπολη",
    "Zante": "Ζάκυνθος",
    "Zakynthos": "Ζάκυνθος",
    "Cephalonia": "Κεφαλονιά",
    "Kefalonia": "Κεφαλονιά",
    "Argostoli": "Αργοστόλι",
    "Leucas": "Λευκάδα",
    "Lefkada": "Λευκάδα",
    "Preveza": "Πρέβεζα",
    "Arta": "Άρτα",
    "Rethymno": "Ρέθυμνο",
    "Rethymnon": "Ρέθυμνο",
    "Rethimno": "Ρέθυμνο",
    "Crete": "Κρήτη",
    "Attica": "Αττική",
    "Nicosia": "Λευκωσία",
    "Lefkosia": "Λευκωσία",
    "Limassol": "Λεμεσός",
    "Lemesos": "Λεμεσός",
    "Larnaca": "Λάρνακα",
    "Larnaka": "Λάρνακα",
    "Paphos": "Πάφος",
    "Pafos": "Πάφος",
    "Famagusta": "Αμμόχωστος",
    "Ammochostos": "Αμμόχωστος",
    "Kyrenia": "Κερύνεια",
    "Keryneia": "Κερύνεια",
    "Paralimni": "Παραλίμνι",
}
_EXONYM_KEYS: dict[str, str] = {latin_key(english): latin_key(greek) for english, greek in EXONYMS.items()}
_EXONYM_GREEK: dict[str, str] = {latin_key(english): greek for english, greek in EXONYMS.items()}


def word_keys(word: str) -> list[str]:
    """The Latin keys one folded search word is looked up by: its own, and its Greek place's ("athens" ->
    "athens", "athina")."""
    key = latin_key(word)
    if not key:
        return []
    keys = [key]
    place = _EXONYM_KEYS.get(key)
    if place and place != key:
        keys.append(place)
    return keys


def greek_place(city: str) -> str | None:
    """The Greek name of a place given by an English name ("Athens" -> "Αθήνα"), or None."""
    return _EXONYM_GREEK.get(latin_key(city))


def city_key(city: str) -> str:
    """The key two spellings of a city share: "Athens", "Athina" and "Αθήνα" -> "athina"."""
    key = latin_key(city)
    return _EXONYM_KEYS.get(key, key)


# --- Similar names --------------------------------------------------------------------------------------

# A name this close (difflib's ratio on the Latin keys, 0..1) is "similar"; the numbers in the two names
# ("1ο", "12ο") must also be the same when both have some.
SIMILARITY_THRESHOLD = 0.8

# Short forms in Greek school names, written out before names are compared ("1ο ΓΕΛ" is "1ο Γενικό Λύκειο").
_ABBREVIATIONS = {
    "γελ": "γενικο λυκειο",
    "γ.ε.λ.": "γενικο λυκειο",
    "επαλ": "επαλ",
    "επα.λ.": "επαλ",
    "δ.σ.": "δημοτικο σχολειο",
    "δημ.": "δημοτικο",
    "σχ.": "σχολειο",
    "γυμν.": "γυμνασιο",
    "νηπ.": "νηπιαγωγειο",
    "λυκ.": "λυκειο",
}
_DIGITS = re.compile(r"\d+")
# A number with its ordinal ending: "1ο", "12ης", "2nd".
_NUMBER_WORD = re.compile(r"\d+[^\W\d_]{0,3}")
_PUNCTUATION = re.compile(r"[^\w\s]")
# A school's honorific name, often left out: «Ο Περικλής», "Ionideios", (Πειραματικό).
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”|\([^)]*\)")


def _expanded(name: str) -> str:
    words = [_ABBREVIATIONS.get(word, word) for word in normalize_search(name).split()]
    return " ".join(words)


def name_numbers(name: str) -> frozenset[int]:
    """The numbers in a school's name: "12ο Γυμνάσιο" -> {12}."""
    return frozenset(int(n) for n in _DIGITS.findall(name or ""))


def name_key(name: str) -> str:
    """The text two spellings of a school's name are compared on (Latin key, no punctuation, no numbers)."""
    return latin_key(_NUMBER_WORD.sub(" ", _PUNCTUATION.sub(" ", _expanded(name))))


@dataclass(frozen=True)
class NameProfile:
    key: str
    numbers: frozenset[int]
    short_key: str  # without the quoted honorific name, if any

    @classmethod
    def of(cls, name: str) -> NameProfile:
        short = _QUOTED.sub(" ", name or "")
        return cls(key=name_key(name), numbers=name_numbers(name), short_key=name_key(short))


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def similarity(a: NameProfile, b: NameProfile) -> float:
    """0..1: how alike two school names are; 0 when both carry numbers and the numbers differ."""
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    score = _ratio(a.key, b.key)
    if a.short_key != a.key or b.short_key != b.key:
        score = max(score, _ratio(a.short_key, b.short_key))
    if not score:
        return 0.0
    if a.numbers != b.numbers:  # one name has a number, the other none: maybe the same school, less likely
        score -= 0.05
    return score


def is_similar(a: NameProfile, b: NameProfile) -> bool:
    return similarity(a, b) >= SIMILARITY_THRESHOLD
