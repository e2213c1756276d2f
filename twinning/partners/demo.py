"""Partner-finding posts of the demo (``make run``), written through the real service by the demo teachers.

The Greek teacher Sofia Vasileiou (biology, 12–15) and the Italian teacher Giulia Rossi look for each
other: each one's post fits the other (shared subject, age band and language). Idempotent: a teacher's
post with the same title is not written twice.
"""

from __future__ import annotations

from twinning.accounts.models import User
from twinning.core.demo import register_demo
from twinning.reference.models import AgeBand, Country, EducationLevel, Language, Subject
from twinning.schools.models import SchoolMembership

from . import services
from .models import Post, ProjectLength, Purpose, Theme

POSTS = [
    (
        "s.vasileiou",
        "Βιοποικιλότητα στις αυλές των σχολείων μας",
        "Οι μαθητές μας (13–14 ετών) καταγράφουν φυτά και έντομα στην αυλή του σχολείου και τα συγκρίνουν με "
        "ένα σχολείο στην Ιταλία. Ψάχνουμε εταίρο για ένα έργο eTwinning στα αγγλικά, από τον Μάρτιο ως τον Ιούνιο.",
        ["biology", "environmental-education"],
        ["12-15"],
        ["en"],
        ["IT", "ES"],
        Theme.ENVIRONMENT,
        Purpose.ETWINNING,
    ),
    (
        "giulia.rossi",
        "Biodiversity around our schools: a shared herbarium",
        "My pupils (12-14) would like to build a digital herbarium with a partner school in Greece or Cyprus. "
        "We work in English, one video call a month, from February to May.",
        ["biology", "art"],
        ["12-15"],
        ["en", "it"],
        ["GR", "CY"],
        Theme.ENVIRONMENT,
        Purpose.BOTH,
    ),
    (
        "m.papadopoulou",
        "Μαθηματικά στην καθημερινή ζωή",
        "Project on mathematics in everyday life: pupils photograph shapes and patterns in their town and "
        "write short problems for their partners. Looking for two schools, any country, English.",
        ["mathematics"],
        ["12-15"],
        ["en"],
        [],
        Theme.STEM,
        Purpose.ETWINNING,
    ),
    (
        "camille.martin",
        "Erasmus+ : échanges sur le patrimoine culturel",
        "We prepare an Erasmus+ small-scale partnership about local cultural heritage and look for a Greek "
        "lower-secondary school. French or English.",
        ["history", "art"],
        ["12-15"],
        ["fr", "en"],
        ["GR"],
        Theme.ARTS,
        Purpose.ERASMUS,
    ),
]


def load_demo_posts() -> list[tuple[str, str]]:
    accounts = []
    for local, title, description, subjects, ages, languages, countries, theme, purpose in POSTS:
        author = User.objects.filter(email__startswith=f"{local}@").first()
        if author is None or not author.is_etwinner or Post.objects.filter(author=author, title=title).exists():
            continue
        membership = SchoolMembership.objects.filter(user=author).select_related("school").first()
        school = membership.school if membership else None
        services.post_create(
            author=author,
            title=title,
            description=description,
            purpose=purpose,
            subjects=list(Subject.objects.filter(code__in=subjects)),
            age_bands=list(AgeBand.objects.filter(code__in=ages)),
            languages=list(Language.objects.filter(code__in=languages)),
            countries_wanted=list(Country.objects.filter(code__in=countries)),
            levels=list(school.levels.all()) if school else list(EducationLevel.objects.none()),
            theme=theme,
            length=ProjectLength.TERM,
            school=school,
            erasmus_number="",
            expires_on=None,
        )
        # The Greek and Italian biology teachers' profiles say so too, so that each is suggested to the other.
        author.subjects.add(*Subject.objects.filter(code__in=subjects[:1]))
        author.age_bands.add(*AgeBand.objects.filter(code__in=ages))
    sofia = User.objects.filter(email__startswith="s.vasileiou@").first()
    if sofia is not None:
        accounts.append((sofia.email, "Greek teacher with a partner-finding post (suggestions: Giulia Rossi)"))
    return accounts


register_demo("partners", load_demo_posts, position=30)
