"""Text helpers shared by every domain: folding for search, a key across the Greek and Latin scripts, and a
key for natural ("1, 2, 12") order."""

import re
import unicodedata


def normalize_search(value: str | None) -> str:
    """Fold text for accent- and case-insensitive search: "Γυμνάσιο Άργους" -> "γυμνασιο αργουσ".

    Accents are stripped, final sigma becomes sigma and whitespace is collapsed, so that a teacher
    typing without accents (as on most Greek phone keyboards) still finds the school.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ς", "σ")
    return " ".join(stripped.split())


# --- Greek in Latin letters -------------------------------------------------------------------------

_DIAERESIS = "\u0308"

# ELOT 743 (the Greek standard, also the passports'), with the digraphs read as one sound first.
_GREEK_DIGRAPHS = {
    "ου": "ou",
    "αι": "ai",
    "ει": "ei",
    "οι": "oi",
    "υι": "yi",
    "αυ": "av",
    "ευ": "ev",
    "ηυ": "iv",
    "μπ": "mp",
    "ντ": "nt",
    "γκ": "gk",
    "γγ": "ng",
    "γξ": "nx",
    "γχ": "nch",
}
_GREEK_LETTERS = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}


def transliterate_greek(value: str | None) -> str:
    """Greek letters in Latin ones (ELOT 743), everything else folded as ``normalize_search`` does.

    "Θεσσαλονίκη" -> "thessaloniki", "Χαϊδάρι" -> "chaidari" (the diaeresis splits a digraph).
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    # Accents go; the diaeresis stays for now, to tell "αϊ" (two sounds) from "αι" (one).
    text = "".join(ch for ch in decomposed if ch == _DIAERESIS or not unicodedata.combining(ch))
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if pair in _GREEK_DIGRAPHS and text[i + 2 : i + 3] != _DIAERESIS:
            out.append(_GREEK_DIGRAPHS[pair])
            i += 2
            continue
        ch = text[i]
        if ch != _DIAERESIS:
            out.append(_GREEK_LETTERS.get(ch, ch))
        i += 1
    return " ".join("".join(out).split())


# Latin spellings of the same Greek sounds, collapsed to one: "Thessaloniki" and "Thesaloniki", "Iraklio"
# and ELOT's "Irakleio", "Chania" and "Hania", "Kerkyra" and "Kerkira", "Pireas" and "Peiraias", "Ntinos"
# and "Dinos" share a key. Consonants first (so that "ph" is an "f" before "af" is read), then vowels;
# the longest spelling wins at each place, and doubled letters are written once at the end.
_LATIN_CONSONANTS = {
    "nth": "nth",  # "Xanthi": the "th" stays, "nt" is not read as "d"
    "y": "i",  # first, so that "oy", "ey" are read as the digraphs "oi", "ei" next
    "mp": "b",
    "mb": "b",
    "nt": "d",
    "nd": "d",
    "gk": "g",
    "gg": "g",
    "ng": "g",
    "ch": "h",
    "kh": "h",
    "ph": "f",
    "dh": "d",
    "gh": "g",
    "ks": "x",
    "cs": "x",
    "ck": "k",
    "c": "k",
    "q": "k",
    "w": "o",
}
_LATIN_VOWELS = {
    "ou": "u",
    "ai": "e",
    "ei": "i",
    "oi": "i",
    "au": "av",
    "eu": "ev",
    "af": "av",
    "ef": "ev",
}


def _pattern(spellings: dict[str, str]) -> re.Pattern:
    return re.compile("|".join(sorted(spellings, key=len, reverse=True)))


_LATIN_PASSES = ((_pattern(_LATIN_CONSONANTS), _LATIN_CONSONANTS), (_pattern(_LATIN_VOWELS), _LATIN_VOWELS))
_DOUBLED_LETTER = re.compile(r"([a-z])\1+")


def latin_key(value: str | None) -> str:
    """A search key that Greek text and its Latin spellings share: "Θεσσαλονίκη", "Thessaloniki" and
    "thesaloniki" all give "thesaloniki"; "Ηράκλειο", "Irakleio" and "Iraklio" give "iraklio".

    Greek is transliterated (ELOT 743), then the spellings of one sound collapse to one (ου/ou/u, η/ι/υ/ει/οι
    -> i, χ/ch/h, μπ/mp/b, ντ/nt/d, doubled letters, …). Words stay apart; digits stay as they are. The key
    is for matching only (never shown): both the stored text and the query go through it.
    """
    text = transliterate_greek(value)
    if not text:
        return ""
    for pattern, spellings in _LATIN_PASSES:
        text = pattern.sub(lambda m, spellings=spellings: spellings[m.group(0)], text)
    return _DOUBLED_LETTER.sub(r"\1", text)


# --- Natural order ----------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+")
NUMBER_WIDTH = 6


def natural_sort_key(value: str | None, *, max_length: int = 300) -> str:
    """Folded text whose numbers sort by value: "1ο Γυμνάσιο" before "12ο Γυμνάσιο" (numbers are padded
    with zeros to six digits: "000001ο γυμνασιο"). Cut to ``max_length`` characters (a column's width)."""
    folded = normalize_search(value)
    padded = _NUMBER.sub(lambda m: m.group(0).lstrip("0").rjust(NUMBER_WIDTH, "0"), folded)
    return padded[:max_length]
