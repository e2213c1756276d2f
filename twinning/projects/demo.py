"""The demo's projects (``make run``): kits, and projects in every state between the Greek and Italian demo
teachers, one with a Cypriot partner who works on ESEP. The demo hosts Greece and Italy; Cyprus is not
hosted (its teachers and NSO work on ESEP). Built through the real services; a second run changes nothing
(each project is found by its title)."""

from __future__ import annotations

from django.db import transaction

from twinning.accounts.models import User
from twinning.contacts.models import Contact
from twinning.core.demo import register_demo
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.reference.selectors import reference_choices_changed

from . import services
from .models import Project, ProjectKit

DOMAIN = "demo.twinning.example"

KITS = [
    {
        "title_en": "Our water, our future",
        "title_el": "Το νερό μας, το μέλλον μας",
        "summary_en": "Pupils measure how their school and town use water and design a campaign together.",
        "summary_el": (
            "Οι μαθητές μετρούν πώς το σχολείο και η πόλη τους χρησιμοποιούν το νερό και σχεδιάζουν μαζί μια καμπάνια."
        ),
        "aims_en": "Understand the water cycle; compare habits between countries; act for the environment.",
        "aims_el": (
            "Να κατανοήσουν τον κύκλο του νερού· να συγκρίνουν "
            "συνήθειες ανάμεσα σε χώρες· να δράσουν για το περιβάλλον."
        ),
        "activities_en": "Introductions; a month of measurements; shared charts; a joint campaign video.",
        "activities_el": "Γνωριμία· ένας μήνας μετρήσεων· κοινά γραφήματα· ένα κοινό βίντεο καμπάνιας.",
        "tools_en": "TwinSpace pages, an online spreadsheet, a video editor.",
        "tools_el": "Σελίδες TwinSpace, ένα διαδικτυακό υπολογιστικό φύλλο, ένα πρόγραμμα επεξεργασίας βίντεο.",
        "duration_weeks": 12,
        "subjects": ["biology", "geography"],
    },
    {
        "title_en": "Myths that travel",
        "title_el": "Μύθοι που ταξιδεύουν",
        "summary_en": "Partner classes retell a local myth as a comic and find the same story elsewhere in Europe.",
        "summary_el": (
            "Οι τάξεις-εταίροι ξαναλένε έναν τοπικό μύθο ως κόμικ και βρίσκουν την ίδια ιστορία αλλού στην Ευρώπη."
        ),
        "aims_en": "Reading and writing in a foreign language; European cultural heritage.",
        "aims_el": "Ανάγνωση και γραφή σε ξένη γλώσσα· ευρωπαϊκή πολιτιστική κληρονομιά.",
        "activities_en": "Choose a myth; storyboard in mixed teams; draw and publish the comics.",
        "activities_el": "Επιλογή μύθου· σενάριο σε μικτές ομάδες· σχέδιο και δημοσίευση των κόμικ.",
        "tools_en": "A comic maker, TwinSpace forum.",
        "tools_el": "Ένα εργαλείο για κόμικ, φόρουμ του TwinSpace.",
        "duration_weeks": 8,
        "subjects": ["history", "art"],
    },
]


def _set_hosting() -> None:
    """The demo hosts Greece and Italy; Cyprus works on ESEP."""
    Country.objects.filter(code__in=["GR", "IT"]).update(hosted_here=True)
    Country.objects.filter(code="CY").update(hosted_here=False)
    reference_choices_changed()


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).select_related("country").first()


def _school(user: User):
    return user.school_memberships.select_related("school__country").order_by("-is_primary").first().school


def _connect(*pairs) -> None:
    rows = []
    for a, b in pairs:
        rows += [Contact(owner=a, other=b), Contact(owner=b, other=a)]
    Contact.objects.bulk_create(rows, ignore_conflicts=True)


def _data(title: str, summary: str, *, languages=("en",), subjects=("ict",)) -> dict:
    return {
        "title": title,
        "summary": summary,
        "languages": list(Language.objects.filter(code__in=languages)) or list(Language.objects.all()[:1]),
        "age_bands": list(AgeBand.objects.all()[1:2]) or list(AgeBand.objects.all()[:1]),
        "subjects": list(Subject.objects.filter(code__in=subjects)) or list(Subject.objects.all()[:1]),
        "pupils": 45,
        "tools": "TwinSpace",
        "aims": "Pupils collaborate across schools, practise a foreign language and learn from each other.",
        "work_process": "Monthly online meetings, shared pages in the TwinSpace and mixed-nationality teams.",
        "expected_results": "A shared e-book and a closing video conference with every class.",
    }


def _approve_all(project: Project, staff_by_country: dict[int, User]) -> None:
    for approval in project.approvals.filter(status="pending"):
        staff = staff_by_country.get(approval.country_id)
        if staff is not None:
            services.approvals_decide(staff=staff, approvals=[approval], approve=True)


@transaction.atomic
def load_demo_projects() -> list[tuple[str, str]]:
    _set_hosting()
    maria, giorgos, eleni = _user("m.papadopoulou@sch.gr"), _user("g.nikolaou@sch.gr"), _user("e.georgiou@sch.gr")
    nikos, sofia = _user("n.antoniou@sch.gr"), _user("s.vasileiou@sch.gr")
    dimitris, anastasia = _user("d.karagiannis@sch.gr"), _user("a.michailidou@sch.gr")
    katerina, giulia = _user("k.dimitriou@sch.gr"), _user("giulia.rossi@istruzione.it")
    nso_gr, nso_it = _user(f"nso.greece@{DOMAIN}"), _user(f"nso.italy@{DOMAIN}")
    people = [maria, giorgos, eleni, nikos, sofia, dimitris, anastasia, katerina, giulia, nso_gr, nso_it]
    if any(p is None for p in people):
        return []  # the accounts step did not run
    assert nso_gr and nso_it and maria and giorgos and eleni and nikos and sofia  # for the type checker
    assert dimitris and anastasia and katerina and giulia
    staff = {nso_gr.country_id or 0: nso_gr, nso_it.country_id or 0: nso_it}
    greece = Country.objects.get(code="GR")
    staff[greece.pk] = nso_gr
    staff[Country.objects.get(code="IT").pk] = nso_it
    _connect(
        (maria, giulia),
        (giorgos, giulia),
        (eleni, giulia),
        (sofia, giulia),
        (nikos, sofia),
        (dimitris, maria),
        (eleni, nikos),
        (maria, nikos),
        (maria, eleni),
    )
    for spec in KITS:
        if not ProjectKit.objects.filter(title_en=spec["title_en"]).exists():
            data = {k: v for k, v in spec.items() if k != "subjects"}
            data["subjects"] = list(Subject.objects.filter(code__in=spec["subjects"]))
            data["is_published"] = True
            services.kit_save(by=nso_gr, data=data, country=greece)
    cyprus = Country.objects.filter(code="CY").first()

    def found(founder, cofounder=None, *, title, summary, external=None, **kw):
        existing = Project.objects.filter(title=title).first()
        if existing is not None:
            return existing, False
        project = services.project_create(
            founder=founder,
            school=_school(founder),
            data=_data(title, summary, **kw),
            cofounder=cofounder,
            external=external,
        )
        return project, True

    def to_nso(project, founder, cofounder):
        services.project_submit(project=project, by=founder)
        if cofounder is not None:
            services.cofounder_accept(project=project, user=cofounder, school=_school(cofounder))

    # Active, European (both NSOs approved), with a member invited.
    p, new = found(
        maria,
        giulia,
        title="Το νερό της Γης – Water of the Earth",
        summary="Greek and Italian pupils measure water use in their schools and design a shared campaign.",
        languages=("en",),
        subjects=("biology", "geography"),
    )
    if new:
        to_nso(p, maria, giulia)
        _approve_all(p, staff)
        services.member_invite(project=p, by=maria, user=nikos, message="Θα θέλαμε και την τάξη σου!")
    # Waiting for the Italian NSO (the Greek side approved).
    p, new = found(
        giorgos,
        giulia,
        title="Physics in the kitchen",
        summary="Simple experiments with what every kitchen has, filmed by the pupils and compared across schools.",
        subjects=("physics",),
    )
    if new:
        to_nso(p, giorgos, giulia)
        services.approvals_decide(staff=nso_gr, approvals=list(p.approvals.filter(country=greece)), approve=True)
    # Waiting for both NSOs.
    p, new = found(
        eleni,
        giulia,
        title="Coding stories",
        summary=(
            "Pupils write short stories and turn them into animations with block-based coding, in pairs across borders."
        ),
    )
    if new:
        to_nso(p, eleni, giulia)
    # Waiting for the partner's answer.
    p, new = found(
        sofia,
        giulia,
        title="Biodiversity next door",
        summary="A census of the plants and insects around two schools, shared on a common map.",
        subjects=("biology",),
    )
    if new:
        services.project_submit(project=p, by=sofia)
    # A draft.
    found(
        dimitris,
        maria,
        title="Robots that help",
        summary="Pupils design small robots that solve a problem of their school.",
        subjects=("robotics",),
    )
    # National, active then closed.
    p, new = found(
        nikos,
        sofia,
        title="Η ιστορία της γειτονιάς μας",
        summary=(
            "Δύο ελληνικά σχολεία καταγράφουν την ιστορία της γειτονιάς τους "
            "με συνεντεύξεις από παππούδες και γιαγιάδες."
        ),
        languages=("el",),
        subjects=("history",),
    )
    if new:
        to_nso(p, nikos, sofia)
        _approve_all(p, staff)
        services.project_close(project=p, by=nikos)
    # Rejected by the NSO, with a reason.
    p, new = found(
        eleni,
        nikos,
        title="ΕΡΓΟ",
        summary="ΕΝΑ ΕΡΓΟ.",
        languages=("el",),
    )
    if new:
        to_nso(p, eleni, nikos)
        services.approvals_decide(
            staff=nso_gr,
            approvals=list(p.approvals.all()),
            approve=False,
            reason="Η περιγραφή είναι πολύ σύντομη· γράψτε τους στόχους και τις δραστηριότητες και στείλτε το ξανά.",
        )
    # Archived.
    p, new = found(
        maria,
        nikos,
        title="Μαθηματικά στον δρόμο",
        summary="Οι μαθητές βρίσκουν μαθηματικά στην πόλη τους: σχήματα, μοτίβα, αριθμούς.",
        languages=("el",),
        subjects=("mathematics",),
    )
    if new:
        to_nso(p, maria, nikos)
        _approve_all(p, staff)
        services.project_archive(project=p, by=maria)
    if cyprus is not None:
        partner = {
            "teacher_name": "Χριστίνα Παύλου",
            "school_name": "Λύκειο Αγίου Νικολάου",
            "city": "Λεμεσός",
            "country": cyprus,
            "email": "ch.pavlou@schools.ac.cy",
            "esep_id": "ESEP-2026-118204",
            "esep_url": "https://school-education.ec.europa.eu/en/etwinning/projects/118204",
        }
        # Active: only the Greek NSO approves here, the Cypriot side is on ESEP.
        p, new = found(
            anastasia,
            title="Χρώματα της Μεσογείου",
            summary=(
                "Ελληνικοί και κυπριακοί μαθητές ζωγραφίζουν τα τοπία τους και στήνουν μια κοινή διαδικτυακή έκθεση."
            ),
            external=partner,
            languages=("el",),
            subjects=("art",),
        )
        if new:
            to_nso(p, anastasia, None)
            _approve_all(p, staff)
        # Waiting for the Greek NSO, with the Cypriot partner on ESEP.
        p, new = found(
            katerina,
            title="Παραμύθια από δύο νησιά",
            summary="Νηπιαγωγεία από την Αθήνα και τη Λεμεσό ανταλλάσσουν παραμύθια και τα εικονογραφούν μαζί.",
            external={**partner, "esep_id": "ESEP-2026-118377", "esep_url": ""},
            languages=("el",),
        )
        if new:
            to_nso(p, katerina, None)
    if not maria.esep_history.exists():
        services.esep_item_declare(
            user=maria,
            data={
                "kind": "label",
                "esep_id": "ESEP-2019-77310",
                "title": "Climate diaries",
                "year": 2020,
                "label": "national",
            },
        )
    return [
        ("m.papadopoulou@sch.gr", "projects: an active European project, an archived one, ESEP history"),
        ("giulia.rossi@istruzione.it", "projects: Italian co-founder; one invitation to answer"),
        (f"nso.greece@{DOMAIN}", "projects: the Greek NSO's approval queue (with an ESEP partner)"),
        (f"nso.italy@{DOMAIN}", "projects: the Italian NSO's approval queue"),
    ]


register_demo("projects", load_demo_projects, position=40)
