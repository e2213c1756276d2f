from twinning.reference.models import Country, EducationLevel, Region

"""The public school search (/en/schools/): common and rare words, a school's name, a national code, filters."""


PATH = "/en/schools/"


def run(ctx) -> list[dict]:
    greece = Country.objects.get(code="GR")
    western_greece = Region.objects.filter(country=greece, code="GR-G").values_list("pk", flat=True).first()
    lower_secondary = EducationLevel.objects.filter(code="lower-secondary").values_list("pk", flat=True).first()
    school = ctx.sample_school("GR")
    cases = [
        ("browse", {}),
        ("common_word", {"q": "γυμνασιο"}),  # typed without accents, as on most phones
        ("rare_word", {"q": "Κόνιτσας"}),
        ("exact_name", {"q": school.name if school else "1ο Γυμνάσιο Αθηνών"}),
        ("national_code", {"q": school.national_code if school else "0551010"}),
        ("city", {"q": "Πάτρα"}),
        # Forgiving search: Latin letters for a Greek city, an English exonym, part of a national code.
        ("latin_city", {"q": "Patra"}),
        ("english_city", {"q": "Athens"}),
        ("latin_name", {"q": "gymnasio patras"}),
        ("code_part", {"q": (school.national_code or "0551010")[:-2] if school else "05510"}),
        ("no_match", {"q": "ξυλοκόπος"}),
        ("country_region", {"country": greece.pk, "region": western_greece}),
        (
            "region_level_word",
            {"country": greece.pk, "region": western_greece, "level": lower_secondary, "q": "γυμνασιο"},
        ),
    ]
    lines = []
    for case, params in cases:
        lines += ctx.measure("school_search", case, PATH, params=params)
    return lines
