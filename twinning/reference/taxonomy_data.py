"""Reference taxonomies loaded by migration: working languages, subjects, pupils' age bands, levels.

Plain data plus loaders that take the model classes as arguments, so the same code serves the data
migration (historical models from ``apps.get_model``), tests and the population generator. Staff edit
these rows later in the reference-data pages; loading again updates rows by ``code`` and never deletes.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class LanguageRow(NamedTuple):
    code: str  # ISO 639-1 where one exists (Montenegrin has only ISO 639-2/3 "cnr")
    name_en: str
    name_el: str
    native_name: str
    is_eu_official: bool


# The 24 official languages of the EU (Regulation 1/1958 as amended).
EU_OFFICIAL_LANGUAGES: tuple[LanguageRow, ...] = (
    LanguageRow("bg", "Bulgarian", "Βουλγαρικά", "български", True),
    LanguageRow("hr", "Croatian", "Κροατικά", "hrvatski", True),
    LanguageRow("cs", "Czech", "Τσεχικά", "čeština", True),
    LanguageRow("da", "Danish", "Δανικά", "dansk", True),
    LanguageRow("nl", "Dutch", "Ολλανδικά", "Nederlands", True),
    LanguageRow("en", "English", "Αγγλικά", "English", True),
    LanguageRow("et", "Estonian", "Εσθονικά", "eesti", True),
    LanguageRow("fi", "Finnish", "Φινλανδικά", "suomi", True),
    LanguageRow("fr", "French", "Γαλλικά", "français", True),
    LanguageRow("de", "German", "Γερμανικά", "Deutsch", True),
    LanguageRow("el", "Greek", "Ελληνικά", "Ελληνικά", True),
    LanguageRow("hu", "Hungarian", "Ουγγρικά", "magyar", True),
    LanguageRow("ga", "Irish", "Ιρλανδικά", "Gaeilge", True),
    LanguageRow("it", "Italian", "Ιταλικά", "italiano", True),
    LanguageRow("lv", "Latvian", "Λετονικά", "latviešu", True),
    LanguageRow("lt", "Lithuanian", "Λιθουανικά", "lietuvių", True),
    LanguageRow("mt", "Maltese", "Μαλτεζικά", "Malti", True),
    LanguageRow("pl", "Polish", "Πολωνικά", "polski", True),
    LanguageRow("pt", "Portuguese", "Πορτογαλικά", "português", True),
    LanguageRow("ro", "Romanian", "Ρουμανικά", "română", True),
    LanguageRow("sk", "Slovak", "Σλοβακικά", "slovenčina", True),
    LanguageRow("sl", "Slovenian", "Σλοβενικά", "slovenščina", True),
    LanguageRow("es", "Spanish", "Ισπανικά", "español", True),
    LanguageRow("sv", "Swedish", "Σουηδικά", "svenska", True),
)

# Other languages of participating countries, and regional languages used as working languages.
OTHER_LANGUAGES: tuple[LanguageRow, ...] = (
    LanguageRow("sq", "Albanian", "Αλβανικά", "shqip", False),
    LanguageRow("ar", "Arabic", "Αραβικά", "العربية", False),
    LanguageRow("hy", "Armenian", "Αρμενικά", "հայերեն", False),
    LanguageRow("az", "Azerbaijani", "Αζερικά", "azərbaycan dili", False),
    LanguageRow("eu", "Basque", "Βασκικά", "euskara", False),
    LanguageRow("bs", "Bosnian", "Βοσνιακά", "bosanski", False),
    LanguageRow("ca", "Catalan", "Καταλανικά", "català", False),
    LanguageRow("gl", "Galician", "Γαλικιανά", "galego", False),
    LanguageRow("ka", "Georgian", "Γεωργιανά", "ქართული", False),
    LanguageRow("is", "Icelandic", "Ισλανδικά", "íslenska", False),
    LanguageRow("lb", "Luxembourgish", "Λουξεμβουργιανά", "Lëtzebuergesch", False),
    # Greek usage for the language of North Macedonia varies; staff may adjust the Greek label.
    LanguageRow("mk", "Macedonian", "Σλαβομακεδονικά", "македонски", False),
    LanguageRow("cnr", "Montenegrin", "Μαυροβουνιακά", "crnogorski", False),
    LanguageRow("no", "Norwegian", "Νορβηγικά", "norsk", False),
    LanguageRow("ru", "Russian", "Ρωσικά", "русский", False),
    LanguageRow("sr", "Serbian", "Σερβικά", "српски", False),
    LanguageRow("tr", "Turkish", "Τουρκικά", "Türkçe", False),
    LanguageRow("uk", "Ukrainian", "Ουκρανικά", "українська", False),
    LanguageRow("cy", "Welsh", "Ουαλικά", "Cymraeg", False),
)

OTHER_LANGUAGE = LanguageRow("other", "Other language", "Άλλη γλώσσα", "", False)

LANGUAGES: tuple[LanguageRow, ...] = EU_OFFICIAL_LANGUAGES + OTHER_LANGUAGES + (OTHER_LANGUAGE,)


def language_position(code: str) -> int:
    """Greek and English first, then EU languages alphabetically, then the others, "other" last."""
    if code == "el":
        return 1
    if code == "en":
        return 2
    if code == OTHER_LANGUAGE.code:
        return 999
    eu = [row.code for row in EU_OFFICIAL_LANGUAGES if row.code not in ("el", "en")]
    if code in eu:
        return 10 + eu.index(code)
    others = [row.code for row in OTHER_LANGUAGES]
    return 100 + others.index(code) if code in others else 500


class SubjectRow(NamedTuple):
    code: str
    name_en: str
    name_el: str


# Subjects close to the eTwinning subject list, with the Greek curriculum's names where one exists.
SUBJECTS: tuple[SubjectRow, ...] = (
    SubjectRow("mother-tongue", "Mother tongue and literature", "Γλώσσα και λογοτεχνία (μητρική γλώσσα)"),
    SubjectRow("foreign-languages", "Foreign languages", "Ξένες γλώσσες"),
    SubjectRow("classical-languages", "Classical languages (Ancient Greek, Latin)", "Αρχαία Ελληνικά και Λατινικά"),
    SubjectRow("mathematics", "Mathematics", "Μαθηματικά"),
    SubjectRow("natural-sciences", "Natural sciences", "Φυσικές επιστήμες"),
    SubjectRow("physics", "Physics", "Φυσική"),
    SubjectRow("chemistry", "Chemistry", "Χημεία"),
    SubjectRow("biology", "Biology", "Βιολογία"),
    SubjectRow("geography", "Geography", "Γεωγραφία"),
    SubjectRow("history", "History", "Ιστορία"),
    SubjectRow(
        "cultural-heritage", "History of culture and cultural heritage", "Πολιτισμός και πολιτιστική κληρονομιά"
    ),
    SubjectRow("ict", "ICT / Informatics", "Πληροφορική και ΤΠΕ"),
    SubjectRow("coding", "Coding and programming", "Προγραμματισμός"),
    SubjectRow("robotics", "Educational robotics", "Εκπαιδευτική ρομποτική"),
    SubjectRow("artificial-intelligence", "Artificial intelligence", "Τεχνητή Νοημοσύνη"),
    SubjectRow("stem", "STEM", "STEM"),
    SubjectRow("technology", "Technology", "Τεχνολογία"),
    SubjectRow("design-technology", "Design and technology", "Σχεδιασμός και τεχνολογία"),
    SubjectRow("art", "Art and visual arts", "Εικαστικά"),
    SubjectRow("music", "Music", "Μουσική"),
    SubjectRow("drama", "Drama", "Θεατρική αγωγή"),
    SubjectRow("physical-education", "Physical education", "Φυσική αγωγή"),
    SubjectRow("religion", "Religion", "Θρησκευτικά"),
    SubjectRow("ethics", "Ethics", "Ηθική"),
    SubjectRow("philosophy", "Philosophy", "Φιλοσοφία"),
    SubjectRow("citizenship", "Citizenship", "Αγωγή του πολίτη"),
    SubjectRow("social-studies", "Social studies / sociology", "Κοινωνικές επιστήμες / κοινωνιολογία"),
    SubjectRow("psychology", "Psychology", "Ψυχολογία"),
    SubjectRow("economics", "Economics", "Οικονομία"),
    SubjectRow("entrepreneurship", "Entrepreneurship", "Επιχειρηματικότητα"),
    SubjectRow("european-studies", "European studies", "Ευρωπαϊκές σπουδές"),
    SubjectRow("environmental-education", "Environmental education", "Περιβαλλοντική εκπαίδευση"),
    SubjectRow("health-education", "Health education", "Αγωγή υγείας"),
    SubjectRow("media-literacy", "Media literacy", "Παιδεία στα μέσα (γραμματισμός στα μέσα)"),
    SubjectRow("home-economics", "Home economics", "Οικιακή οικονομία"),
    SubjectRow("skills-labs", "Skills labs", "Εργαστήρια Δεξιοτήτων"),
    SubjectRow("cross-curricular", "Cross-curricular", "Διαθεματικά"),
    SubjectRow("primary-subjects", "Primary school subjects", "Μαθήματα δημοτικού σχολείου"),
    SubjectRow("pre-school", "Pre-school education", "Προσχολική αγωγή"),
    SubjectRow("special-needs", "Special needs education", "Ειδική αγωγή και εκπαίδευση"),
    SubjectRow("vocational", "Vocational subjects", "Μαθήματα ειδικότητας (επαγγελματική εκπαίδευση)"),
)


class AgeBandRow(NamedTuple):
    code: str
    min_age: int
    max_age: int
    name_en: str
    name_el: str


# "20-plus" rather than "20+": codes are slugs (URLs, CSV imports).
AGE_BANDS: tuple[AgeBandRow, ...] = (
    AgeBandRow("0-3", 0, 3, "0–3 years", "0–3 ετών"),
    AgeBandRow("4-6", 4, 6, "4–6 years", "4–6 ετών"),
    AgeBandRow("7-11", 7, 11, "7–11 years", "7–11 ετών"),
    AgeBandRow("12-15", 12, 15, "12–15 years", "12–15 ετών"),
    AgeBandRow("16-19", 16, 19, "16–19 years", "16–19 ετών"),
    AgeBandRow("20-plus", 20, 99, "20 years and over", "20 ετών και άνω"),
)


class LevelRow(NamedTuple):
    code: str
    name_en: str
    name_el: str


EDUCATION_LEVELS: tuple[LevelRow, ...] = (
    LevelRow("pre-primary", "Pre-primary (kindergarten)", "Προσχολική εκπαίδευση (νηπιαγωγείο)"),
    LevelRow("primary", "Primary", "Πρωτοβάθμια εκπαίδευση (δημοτικό)"),
    LevelRow("lower-secondary", "Lower secondary", "Κατώτερη δευτεροβάθμια (γυμνάσιο)"),
    LevelRow("upper-secondary", "Upper secondary (general)", "Ανώτερη δευτεροβάθμια (γενικό λύκειο)"),
    LevelRow("vocational", "Vocational education and training (IVET)", "Επαγγελματική εκπαίδευση (ΕΠΑΛ)"),
    LevelRow("post-secondary", "Post-secondary non-tertiary", "Μεταδευτεροβάθμια εκπαίδευση (ΙΕΚ)"),
    LevelRow("special-needs", "Special needs education", "Ειδική αγωγή και εκπαίδευση"),
    LevelRow("adult", "Adult education", "Εκπαίδευση ενηλίκων"),
)


def load_languages(Language: Any) -> int:
    for row in LANGUAGES:
        Language.objects.update_or_create(
            code=row.code,
            defaults={
                "name_en": row.name_en,
                "name_el": row.name_el,
                "native_name": row.native_name,
                "is_eu_official": row.is_eu_official,
                "position": language_position(row.code),
            },
        )
    return len(LANGUAGES)


def load_subjects(Subject: Any) -> int:
    for position, row in enumerate(SUBJECTS, start=1):
        Subject.objects.update_or_create(
            code=row.code, defaults={"name_en": row.name_en, "name_el": row.name_el, "position": position * 10}
        )
    return len(SUBJECTS)


def load_age_bands(AgeBand: Any) -> int:
    for position, row in enumerate(AGE_BANDS, start=1):
        AgeBand.objects.update_or_create(
            code=row.code,
            defaults={
                "name_en": row.name_en,
                "name_el": row.name_el,
                "min_age": row.min_age,
                "max_age": row.max_age,
                "position": position * 10,
            },
        )
    return len(AGE_BANDS)


def load_education_levels(EducationLevel: Any) -> int:
    for position, row in enumerate(EDUCATION_LEVELS, start=1):
        EducationLevel.objects.update_or_create(
            code=row.code, defaults={"name_en": row.name_en, "name_el": row.name_el, "position": position * 10}
        )
    return len(EDUCATION_LEVELS)


def load_all(*, Language: Any, Subject: Any, AgeBand: Any, EducationLevel: Any) -> None:
    load_languages(Language)
    load_subjects(Subject)
    load_age_bands(AgeBand)
    load_education_levels(EducationLevel)
