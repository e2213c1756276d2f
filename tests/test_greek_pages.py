"""Every page of the main journeys speaks Greek on /el/: no English word, no untranslated message.

The pages are fetched as a visitor, a teacher on their way to validation, a validated teacher and NSO
staff; their visible text and the texts of attributes people hear or read (labels, placeholders, titles,
alt texts, button values) are checked for Latin-script words outside a short list of words Greek
teachers use as they are (eTwinning, e-mail, …). Data shown on the pages (names, e-mail addresses,
national codes) is Greek or filtered out, so any English word left is an untranslated message.
"""

import html
import re

import polib
import pytest
from django.conf import settings
from django.test import Client

from twinning.accounts.models import CommunityRole, ValidationStatus
from twinning.accounts.tests.factories import log_in, teacher
from twinning.reference.tests.factories import RegionFactory
from twinning.schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

# Words Greek pages keep in Latin letters (the glossary keeps them, or they are names and formats).
KEPT = {
    "etwinning",
    "etwinner",
    "etwinners",
    "twinning",
    "twinspace",
    "e",
    "mail",
    "csv",
    "utf",
    "jpeg",
    "png",
    "webp",
    "mb",
    "kb",
    "qr",
    "html",
    "json",
    "bom",  # "UTF-8 with or without BOM", the name of the bytes
    "nso",  # the code of a role in a filter value, never shown alone in a sentence
    "erasmus",  # the EU programme eTwinning belongs to (Erasmus+)
    "esep",  # the European School Education Platform: Greek teachers and the NSO call it ESEP
    "mooc",  # Greek teachers say MOOC (the glossary keeps it)
    "moocs",
    "stem",  # a subject's name as Greek schools write it
    "cookies",  # the Hellenic Data Protection Authority's own word
    "wcag",  # the standards the accessibility statement cites: WCAG 2.1 AA, EN 301 549
    "aa",
    "en",
}
# Proper names kept in their own language.
NAMES = re.compile(
    r"European Schoolnet|YouTube|Vimeo|Padlet|Genially|LearningApps|Canva|Wordwall|Google|Office|Miro|Jitsi"
)  # the classroom tools and video services a material or a meeting links to
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DOMAIN = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")  # e-mail domains shown as data (sch.gr)
_URL = re.compile(r"https?://\S+|/[\w/.-]+/")
_WORD = re.compile(r"[A-Za-z]{2,}")
_ATTRS = re.compile(r'\b(?:placeholder|aria-label|title|alt)="([^"]*)"')
_HIDDEN = re.compile(r"(?s)<(script|style|head|code|pre)\b[^>]*>.*?</\1>|<option\b[^>]*>.*?</option>")


def english_words(page: str) -> set[str]:
    attributes = " ".join(_ATTRS.findall(page))
    text = _HIDDEN.sub(" ", page)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text + " " + attributes)
    text = NAMES.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _DOMAIN.sub(" ", text)
    text = re.sub(r"\b\w*\d\w*\b", " ", text)  # national codes, dates, sizes
    return {w for w in _WORD.findall(text) if w.lower() not in KEPT}


@pytest.fixture
def people(greece):
    crete = RegionFactory(country=greece, code="GR-M")
    school = SchoolFactory(
        country=greece, region=crete, name="3ο Γυμνάσιο Ηρακλείου", city="Ηράκλειο", national_code="9151011"
    )
    kwargs = {"first_name": "Ελένη", "last_name": "Γεωργίου", "preferred_language": "el"}
    waiting = teacher(country=greece, school=school, status=ValidationStatus.PENDING, email="eleni@sch.gr", **kwargs)
    newcomer = teacher(country=greece, school=school, status=ValidationStatus.REGISTERED, email="nikos@sch.gr")
    newcomer.community_role = CommunityRole.TEACHER
    newcomer.save()
    validated = teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, email="maria@sch.gr")
    return {"school": school, "waiting": waiting, "newcomer": newcomer, "validated": validated}


PUBLIC = [
    "/el/",
    "/el/schools/",
    "/el/schools/?q=Ηρακλείου",
    "/el/accounts/login/",
    "/el/accounts/signup/",
    "/el/accounts/password/reset/",
    "/el/accounts/confirm-email/",
    "/el/about/privacy/",
    "/el/about/accessibility/",
    "/el/about/contact/",
    "/el/about/terms/",
]
TEACHER = [
    "/el/me/",
    "/el/me/profile/",
    "/el/me/settings/",
    "/el/me/join/role/",
    "/el/me/join/schools/",
    "/el/me/join/schools/?q=Ηρακλείου",
    "/el/me/join/schools/propose/",
    "/el/me/notifications/",
    "/el/me/privacy/",
    "/el/me/privacy/delete/",
    "/el/accounts/email/",
    "/el/accounts/password/change/",
    "/el/accounts/2fa/",
]
STAFF = [
    "/el/staff/",
    "/el/staff/validation/",
    "/el/staff/people/",
    "/el/staff/schools/",
    "/el/staff/schools/imports/",
    "/el/staff/audit/",
    "/el/staff/roles/",
    "/el/staff/reference/",
    "/el/staff/reference/countries/",
]


def _check(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    found = english_words(response.content.decode())
    assert not found, f"English words on {path}: {sorted(found)}"


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_are_in_greek(people, path):
    _check(Client(), path)


@pytest.mark.parametrize("path", TEACHER)
def test_a_teachers_pages_are_in_greek(people, path):
    client = Client()
    log_in(client, people["newcomer"])
    _check(client, path)


def test_the_school_page_and_a_waiting_teachers_dashboard_are_in_greek(people):
    _check(Client(), f"/el/schools/{people['school'].pk}/")
    client = Client()
    log_in(client, people["waiting"])
    _check(client, "/el/me/")


@pytest.mark.parametrize("path", STAFF)
def test_staff_pages_are_in_greek(people, greek_nso, path):
    client = Client()
    log_in(client, greek_nso)
    _check(client, path)


def test_a_person_and_a_school_on_the_staff_pages_are_in_greek(people, greek_nso):
    client = Client()
    log_in(client, greek_nso)
    _check(client, f"/el/staff/people/{people['waiting'].pk}/")
    _check(client, f"/el/staff/schools/{people['school'].pk}/")


def test_a_failed_sign_up_answers_in_greek(people):
    response = Client().post(
        "/el/accounts/signup/",
        {"first_name": "Άννα", "last_name": "Β", "email": "eleni@sch.gr", "password1": "x", "password2": "y"},
    )
    found = english_words(response.content.decode())
    assert not found, f"English words in the sign-up errors: {sorted(found)}"


def test_every_message_of_the_greek_catalogue_is_translated():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "el" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} messages without a Greek translation, e.g. {missing[:5]}"


def test_the_twinspace_pupils_feed_materials_and_courses_pages_are_in_greek(people, greece, greek_nso):
    """The parts added with pupils, and the online courses, as a Greek founder, a pupil and NSO staff see them
    (both founders Greek, so the data on the pages is Greek)."""
    from twinning.contacts.tests.factories import make_contacts
    from twinning.learning.tests.factories import make_course, make_cycle
    from twinning.projects.tests.factories import active_project, etwinner
    from twinning.twinspace import feed, services

    founder, partner = etwinner(greece), etwinner(greece)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    workspace = services.workspace_open(project)
    workspace.project = project
    logins = services.pupils_add(
        actor=founder, workspace=workspace, count=2, nicknames="Άννα\nΝίκος", team="Α1", under_consent_age=True
    )
    update = feed.update_post(actor=founder, workspace=workspace, body="Καλή αρχή!")
    feed.comment_post(actor=partner, update=update, body="Ευχαριστούμε!")
    course, _staff = make_course(
        greece, staff=greek_nso, title="Ψηφιακά εργαλεία στην τάξη", audience="Εκπαιδευτικοί",
        description="<p>Διακόσιες ώρες.</p>",
    )  # fmt: skip
    make_cycle(course, greek_nso)
    client = Client()
    log_in(client, founder)
    base = f"/el/twinspace/{project.pk}/"
    for path in (base, f"{base}pupils/", f"{base}pupils/{logins[0].pupil.pk}/", f"{base}feed/", f"{base}walls/",
                 f"{base}materials/", f"{base}materials/new/", "/el/learning/", f"/el/learning/courses/{course.pk}/",
                 "/el/learning/mine/"):  # fmt: skip
        _check(client, path)
    _check(Client(), "/el/pupils/sign-in/")
    staff = Client()
    log_in(staff, greek_nso)
    cycle = course.cycles.first()
    for path in (
        "/el/learning/staff/",
        f"/el/learning/staff/courses/{course.pk}/",
        "/el/learning/staff/trainers/",
        "/el/learning/staff/trainers/applications/",
        f"/el/learning/staff/cycles/{cycle.pk}/groups/",
    ):
        _check(staff, path)
    _check(client, "/el/learning/trainers/apply/")
