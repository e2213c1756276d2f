"""A small, lively Greek-centred community for `make run`, built through the real services.

Idempotent: a second run finds the demo accounts and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from twinning.core.demo import register_demo
from twinning.reference.models import AgeBand, Country, EducationLevel, Language, Region, Subject
from twinning.schools.models import School, SchoolStatus
from twinning.staff import services as staff_services
from twinning.staff.models import StaffRole

from . import services
from .models import CommunityRole, User, ValidationStatus, Visibility

DEMO_PASSWORD = "twinning-demo-2026"  # noqa: S105 - printed for the local demo only
# A fixed TOTP secret for the demo staff, so that an authenticator app (or `manage.py demo_totp`) works.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - local demo only
DOMAIN = "demo.twinning.example"


@dataclass
class DemoAccount:
    email: str
    role: str


GREEK_SCHOOLS = [
    # (name, city, region code, level codes, national code)
    ("1ο Γυμνάσιο Αθηνών", "Αθήνα", "GR-I", ["lower-secondary"], "0551010"),
    ("Πειραματικό Γενικό Λύκειο Αθηνών", "Αθήνα", "GR-I", ["upper-secondary"], "0551020"),
    ("12ο Δημοτικό Σχολείο Αμαρουσίου", "Μαρούσι", "GR-I", ["primary"], "0551030"),
    ("2ο Νηπιαγωγείο Χαλανδρίου", "Χαλάνδρι", "GR-I", ["pre-primary"], "0551040"),
    ("1ο ΕΠΑΛ Πειραιά", "Πειραιάς", "GR-I", ["vocational"], "0551050"),
    ("5ο Γυμνάσιο Θεσσαλονίκης", "Θεσσαλονίκη", "GR-B", ["lower-secondary"], "1951010"),
    ("Πρότυπο Γενικό Λύκειο Ευόσμου", "Εύοσμος", "GR-B", ["upper-secondary"], "1951020"),
    ("3ο Δημοτικό Σχολείο Σερρών", "Σέρρες", "GR-B", ["primary"], "1951030"),
    ("2ο Γυμνάσιο Ηρακλείου", "Ηράκλειο", "GR-M", ["lower-secondary"], "9151010"),
    ("Δημοτικό Σχολείο Ανωγείων", "Ανώγεια", "GR-M", ["primary"], "9151020"),
    ("4ο Γενικό Λύκειο Πατρών", "Πάτρα", "GR-G", ["upper-secondary"], "1351010"),
    ("Γυμνάσιο Κόνιτσας", "Κόνιτσα", "GR-D", ["lower-secondary"], "3251010"),
    ("1ο Δημοτικό Σχολείο Ναυπλίου", "Ναύπλιο", "GR-J", ["primary"], "2251010"),
    ("Γυμνάσιο Νάξου", "Νάξος", "GR-L", ["lower-secondary"], "8851010"),
    ("ΕΠΑΛ Λάρισας", "Λάρισα", "GR-E", ["vocational"], "4251010"),
]

PARTNER_SCHOOLS = [
    ("IT", "Istituto Comprensivo Dante Alighieri", "Firenze", ["primary", "lower-secondary"], "FIIC80000A"),
    ("IT", "Liceo Scientifico Galileo Galilei", "Torino", ["upper-secondary"], "TOPS01000B"),
    ("FR", "Collège Jean Moulin", "Lyon", ["lower-secondary"], "0690001A"),
    ("ES", "IES Miguel de Cervantes", "Madrid", ["upper-secondary"], "28001001"),
    ("PL", "Szkoła Podstawowa nr 12", "Kraków", ["primary"], "PL-120034"),
    ("CY", "Γυμνάσιο Αγίου Αντωνίου", "Λευκωσία", ["lower-secondary"], "CY-1004"),
]

# (first, last, email local part, school index, status, days waiting, languages, subjects, email domain)
GREEK_TEACHERS = [
    (
        "Μαρία",
        "Παπαδοπούλου",
        "m.papadopoulou",
        0,
        ValidationStatus.VALIDATED,
        40,
        ["el", "en"],
        ["mathematics"],
        "sch.gr",
    ),
    ("Γιώργος", "Νικολάου", "g.nikolaou", 1, ValidationStatus.VALIDATED, 60, ["el", "en", "fr"], ["physics"], "sch.gr"),
    ("Ελένη", "Γεωργίου", "e.georgiou", 2, ValidationStatus.VALIDATED, 90, ["el", "en"], ["ict"], "sch.gr"),
    ("Κατερίνα", "Δημητρίου", "k.dimitriou", 3, ValidationStatus.VALIDATED, 120, ["el"], ["pre-school"], "sch.gr"),
    ("Νίκος", "Αντωνίου", "n.antoniou", 5, ValidationStatus.VALIDATED, 30, ["el", "en", "de"], ["history"], "sch.gr"),
    ("Σοφία", "Βασιλείου", "s.vasileiou", 6, ValidationStatus.VALIDATED, 15, ["el", "en"], ["biology"], "sch.gr"),
    (
        "Δημήτρης",
        "Καραγιάννης",
        "d.karagiannis",
        8,
        ValidationStatus.VALIDATED,
        200,
        ["el", "en"],
        ["robotics"],
        "sch.gr",
    ),
    ("Αναστασία", "Μιχαηλίδου", "a.michailidou", 10, ValidationStatus.VALIDATED, 75, ["el", "it"], ["art"], "sch.gr"),
    (
        "Παναγιώτης",
        "Σταυρόπουλος",
        "p.stavropoulos",
        4,
        ValidationStatus.PENDING,
        9,
        ["el", "en"],
        ["vocational"],
        "sch.gr",
    ),
    ("Ιωάννα", "Χριστοδούλου", "i.christodoulou", 7, ValidationStatus.PENDING, 3, ["el", "en"], ["music"], "gmail.com"),
    ("Χρήστος", "Ιωάννου", "ch.ioannou", 11, ValidationStatus.PENDING, 1, ["el", "en"], ["geography"], "sch.gr"),
    ("Μαρία", "Παπαδοπούλου", "maria.pap78", 0, ValidationStatus.PENDING, 2, ["el"], ["mathematics"], "yahoo.gr"),
    ("Αθηνά", "Ρήγα", "a.riga", 12, ValidationStatus.PENDING, 12, ["el", "en"], ["mother-tongue"], "sch.gr"),
    (
        "Βασίλης",
        "Οικονόμου",
        "v.oikonomou",
        13,
        ValidationStatus.REJECTED,
        20,
        ["el"],
        ["physical-education"],
        "hotmail.com",
    ),
    ("Ευαγγελία", "Λάμπρου", "e.lamprou", 9, ValidationStatus.REGISTERED, 0, ["el"], ["primary-subjects"], "sch.gr"),
    ("Στέλιος", "Πετρίδης", "s.petridis", None, ValidationStatus.REGISTERED, 0, ["el"], [], "gmail.com"),
]

PARTNER_TEACHERS = [
    ("Giulia", "Rossi", "giulia.rossi", 0, ValidationStatus.VALIDATED, ["it", "en"], "istruzione.it"),
    ("Marco", "Bianchi", "marco.bianchi", 1, ValidationStatus.PENDING, ["it", "en", "el"], "istruzione.it"),
    ("Camille", "Martin", "camille.martin", 2, ValidationStatus.VALIDATED, ["fr", "en"], "ac-lyon.fr"),
    ("Lucía", "García", "lucia.garcia", 3, ValidationStatus.VALIDATED, ["es", "en"], "educa.madrid.org"),
    ("Anna", "Kowalska", "anna.kowalska", 4, ValidationStatus.VALIDATED, ["pl", "en"], "gmail.com"),
    ("Andreas", "Christou", "andreas.christou", 5, ValidationStatus.VALIDATED, ["el", "en"], "schools.ac.cy"),
]


def _region(country: Country, code: str) -> Region | None:
    return Region.objects.filter(country=country, code=code).first()


def _user(email: str, first: str, last: str, **extra) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    user = User(email=email, username=email, first_name=first, last_name=last, **extra)
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, True


def give_demo_second_factor(user: User) -> None:
    """The demo's TOTP secret (printed by ``load_demo``, codes by ``demo_totp``), for every demo account whose
    role needs a second factor (other apps' demos call it too)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def _school(country, name, city, region_code, levels, code) -> School:
    school = School.objects.filter(country=country, national_code=code).first()
    if school is None:
        school = School.objects.create(
            name=name,
            city=city,
            country=country,
            region=_region(country, region_code) if region_code else None,
            national_code=code,
            status=SchoolStatus.VALIDATED,
            registered_on=datetime.date(2015, 9, 1),
        )
        school.levels.set(EducationLevel.objects.filter(code__in=levels))
    return school


def _profile(user: User, languages, subjects) -> None:
    user.languages.set(Language.objects.filter(code__in=languages))
    user.subjects.set(Subject.objects.filter(code__in=subjects))
    user.age_bands.set(AgeBand.objects.filter(code__in=["12-15"])[:1])


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    greece = Country.objects.get(code="GR")
    now = timezone.now()
    accounts: list[DemoAccount] = []

    admin, _ = _user(f"admin@{DOMAIN}", "Ada", "Admin", is_staff=True, is_superuser=True)
    give_demo_second_factor(admin)
    accounts.append(DemoAccount(admin.email, "administrator (Django admin, all countries)"))

    def staff(email, first, last, kind, country=None, region=None, label=""):
        user, created = _user(email, first, last)
        if created:
            staff_services.staff_role_grant(
                by=admin, user=user, kind=kind, country=country, region=region, reason="demo"
            )
        give_demo_second_factor(user)
        accounts.append(DemoAccount(email, label))
        return user

    nso_gr = staff(f"nso.greece@{DOMAIN}", "Ελένη", "Σταματίου", StaffRole.Kind.NSO, greece, label="NSO staff, Greece")
    staff(f"nso2.greece@{DOMAIN}", "Κώστας", "Αλεξίου", StaffRole.Kind.NSO, greece, label="NSO staff, Greece")
    italy = Country.objects.get(code="IT")
    nso_it = staff(f"nso.italy@{DOMAIN}", "Francesca", "Conti", StaffRole.Kind.NSO, italy, label="NSO staff, Italy")
    staff(f"css@{DOMAIN}", "Jan", "Peeters", StaffRole.Kind.CSS, label="CSS staff (all countries)")
    attica = _region(greece, "GR-I") or Region.objects.filter(country=greece).first()

    greek_schools = [_school(greece, n, c, r, lv, code) for n, c, r, lv, code in GREEK_SCHOOLS]
    partner_schools = [
        _school(Country.objects.get(code=cc), n, c, None, lv, code) for cc, n, c, lv, code in PARTNER_SCHOOLS
    ]

    for first, last, local, school_idx, status, days, langs, subjects, domain in GREEK_TEACHERS:
        user, created = _user(f"{local}@{domain}", first, last, preferred_language="el", visibility=Visibility.PUBLIC)
        if not created:
            continue
        _profile(user, langs, subjects)
        _advance(
            user,
            school=greek_schools[school_idx] if school_idx is not None else None,
            status=status,
            days=days,
            staff=nso_gr,
            now=now,
        )

    # A teacher who proposed a school missing from the registry, waiting with it.
    user, created = _user("d.tsakiri@sch.gr", "Δέσποινα", "Τσακίρη", preferred_language="el")
    if created:
        services.community_role_choose(user=user, role=CommunityRole.TEACHER)
        services.school_propose_and_attach(
            user=user,
            country=greece,
            name="Δημοτικό Σχολείο Αγίου Ευστρατίου",
            city="Άγιος Ευστράτιος",
            region=_region(greece, "GR-K"),
        )
        services.validation_request(user=user)
        User.objects.filter(pk=user.pk).update(submitted_at=now - datetime.timedelta(days=5))

    # An ambassador for Attica: a validated teacher with a regional role.
    amb, created = _user(f"ambassador.attica@{DOMAIN}", "Ράνια", "Κωνσταντίνου", preferred_language="el")
    if created:
        _advance(amb, school=greek_schools[0], status=ValidationStatus.VALIDATED, days=400, staff=nso_gr, now=now)
        if attica is not None:
            start, end = _ambassador_term(timezone.localdate())
            staff_services.staff_role_grant(
                by=admin,
                user=amb,
                kind=StaffRole.Kind.AMBASSADOR,
                region=attica,
                term_start=start,
                term_end=end,
                reason="demo",
            )
        give_demo_second_factor(amb)
    accounts.append(DemoAccount(amb.email, "ambassador, Attica (validated teacher)"))

    css = User.objects.get(email=f"css@{DOMAIN}")
    for first, last, local, school_idx, status, langs, domain in PARTNER_TEACHERS:
        user, created = _user(f"{local}@{domain}", first, last, preferred_language="en", visibility=Visibility.PUBLIC)
        if not created:
            continue
        _profile(user, langs, ["ict"])
        school = partner_schools[school_idx]
        decider = nso_it if school.country_id == italy.pk else css
        _advance(user, school=school, status=status, days=25, staff=decider, now=now)

    accounts.extend(
        [
            DemoAccount("m.papadopoulou@sch.gr", "teacher, validated (Athens)"),
            DemoAccount("p.stavropoulos@sch.gr", "teacher, waiting for validation"),
            DemoAccount("v.oikonomou@hotmail.com", "teacher, rejected (with a reason)"),
            DemoAccount("e.lamprou@sch.gr", "registered, has not asked for validation yet"),
            DemoAccount("giulia.rossi@istruzione.it", "partner teacher, Italy, validated"),
        ]
    )
    return accounts


def _ambassador_term(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The two-year term under way today (terms run 1 September – 31 August, as in Greece)."""
    first_year = today.year if today.month >= 9 else today.year - 1
    first_year -= (first_year - 2024) % 2  # terms start in even years: 2024, 2026, …
    return datetime.date(first_year, 9, 1), datetime.date(first_year + 2, 8, 31)


def _advance(user: User, *, school, status, days, staff, now) -> None:
    """Move a demo person through the real steps up to ``status``, dated ``days`` ago."""
    if status == ValidationStatus.REGISTERED and school is None:
        return
    services.community_role_choose(user=user, role=CommunityRole.TEACHER)
    services.school_attach(user=user, school=school)
    if status == ValidationStatus.REGISTERED:
        return
    services.validation_request(user=user)
    submitted = now - datetime.timedelta(days=days)
    User.objects.filter(pk=user.pk).update(submitted_at=submitted)
    user.refresh_from_db()
    if status == ValidationStatus.VALIDATED:
        services.people_validate(staff=staff, people=[user], reason="demo: school e-mail and school checked")
    elif status == ValidationStatus.REJECTED:
        services.people_reject(staff=staff, people=[user], reason="The school could not confirm that you work there.")
    if status in (ValidationStatus.VALIDATED, ValidationStatus.REJECTED):
        decided = submitted + datetime.timedelta(days=min(days, 4))
        User.objects.filter(pk=user.pk).update(decided_at=decided, last_seen_at=decided)


def _demo_step() -> list[tuple[str, str]]:
    return [(account.email, account.role) for account in load_demo()]


register_demo("accounts", _demo_step, position=10)
