"""Text helpers shared by every domain."""

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
