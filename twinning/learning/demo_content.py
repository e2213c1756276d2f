"""The demo's course content (``manage.py load_demo``, after the courses): the first course with trainers runs
now (it began two weeks ago) with three modules — a page, a quiz drawn from the course's question bank, an H5P
activity and a forum task; an assignment with a rubric and an anonymous end-of-course questionnaire; a module
released later — and submissions waiting for each group's trainer. The self-paced MOOC has a module of its own,
its learners' forum and an announcement. Made through the services by the Greek NSO's demo staff member."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone, translation

from twinning.core.demo import register_demo

QUESTIONS = (
    ("truefalse", "Κοινή χρήση", "<p>Ένα έγγραφο στο νέφος μπορεί να το επεξεργάζονται πολλοί μαζί.</p>",
     {"correct": True, "feedback_true": "", "feedback_false": "<p>Ναι, μπορούν.</p>"}),
    ("multichoice", "Άδεια χρήσης", "<p>Ποια άδεια επιτρέπει την επαναχρησιμοποίηση με αναφορά στον δημιουργό;</p>",
     {"answers": [{"text": "CC BY", "fraction": "1", "feedback": ""},
                  {"text": "Όλα τα δικαιώματα διατηρούνται", "fraction": "0", "feedback": ""},
                  {"text": "Καμία", "fraction": "0", "feedback": ""}], "shuffle": True}),
    ("multianswer", "Εργαλεία συνεργασίας", "<p>Ποια είναι εργαλεία συνεργατικής γραφής;</p>",
     {"answers": [{"text": "Κοινόχρηστο έγγραφο", "fraction": "0.5", "feedback": ""},
                  {"text": "Wiki", "fraction": "0.5", "feedback": ""},
                  {"text": "Αριθμομηχανή", "fraction": "-0.5", "feedback": ""}], "shuffle": True}),
    ("shortanswer", "Το TwinSpace", "<p>Πώς λέγεται ο χώρος εργασίας ενός έργου eTwinning;</p>",
     {"answers": [{"text": "TwinSpace", "fraction": "1", "feedback": ""}], "case_sensitive": False}),
    ("numerical", "Ώρες", "<p>Πόσες ώρες διαρκεί ένας κύκλος του μαθήματος;</p>",
     {"answers": [{"value": "200", "tolerance": "0", "fraction": "1", "feedback": ""}]}),
    ("matching", "Ρόλοι", "<p>Αντιστοιχίστε κάθε ρόλο με ό,τι κάνει.</p>",
     {"pairs": [{"question": "<p>Ιδρυτής</p>", "answer": "Ξεκινά το έργο"},
                {"question": "<p>Εταίρος</p>", "answer": "Συμμετέχει στο έργο"},
                {"question": "<p>Εθελοντής επιμορφωτής</p>", "answer": "Καθοδηγεί μια ομάδα"}], "shuffle": True}),
)  # fmt: skip
RUBRIC = (
    ("Σαφείς μαθησιακοί στόχοι", (("Απουσιάζουν", "0"), ("Εν μέρει", "3"), ("Σαφείς και μετρήσιμοι", "6"))),
    ("Συνεργασία των μαθητών", (("Καμία", "0"), ("Περιορισμένη", "4"), ("Ουσιαστική, με ρόλους", "8"))),
    ("Ψηφιακά εργαλεία", (("Ακατάλληλα", "0"), ("Κατάλληλα", "3"), ("Κατάλληλα και τεκμηριωμένα", "6"))),
)


def load_content() -> list[tuple[str, str]]:
    from twinning.accounts.models import User
    from twinning.staff.models import StaffRole

    from .models import Course, Cycle, Kind, Module

    cycle = (
        Cycle.objects.filter(course__kind=Kind.TRAINERS, course__country__code="GR")
        .select_related("course", "course__country")
        .order_by("course_id", "pk")
        .first()
    )
    if cycle is None or Module.objects.filter(cycle=cycle).exists():
        return []
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=cycle.course.country).first()
    if nso is None:
        return []
    with translation.override("el"):
        _running(cycle, nso)
        mooc = Cycle.objects.filter(course__kind=Kind.MOOC, course__country__code="GR").select_related("course")
        mooc = mooc.order_by("pk").first()
        if mooc is not None:
            _mooc(mooc, nso)
    Course.objects.filter(pk=cycle.course_id).update(min_grade_percent=50, needs_signoff=True)
    return []


def _running(cycle, nso) -> None:
    from . import content, quizzes
    from .models import ActivityKind, Cycle

    now = timezone.now()
    Cycle.objects.filter(pk=cycle.pk).update(starts_on=(now - timedelta(days=14)).date())
    cycle.refresh_from_db()
    first = content.module_create(actor=nso, cycle=cycle, title="Ενότητα 1: Ξεκινώντας",
                                  summary="Γνωριμία με το μάθημα, την ομάδα και τα εργαλεία.")  # fmt: skip
    content.activity_create(
        actor=nso, module=first, kind=ActivityKind.PAGE, title="Καλωσόρισμα και οδηγός μελέτης",
        body="<h2>Καλώς ήρθατε</h2><p>Το μάθημα έχει τρεις ενότητες. Σε κάθε ενότητα διαβάζετε, δοκιμάζετε "
             "και μοιράζεστε με την ομάδα σας. Ο εθελοντής επιμορφωτής σας απαντά στο φόρουμ.</p>",
    )  # fmt: skip
    category = quizzes.category_save(actor=nso, course=cycle.course, name="Ενότητα 1")
    for kind, name, text, data in QUESTIONS:
        quizzes.question_save(actor=nso, course=cycle.course, kind=kind, category=category, name=name, text=text,
                              data=data)  # fmt: skip
    quiz = content.activity_create(
        actor=nso, module=first, kind=ActivityKind.QUIZ, title="Κουίζ: ψηφιακά εργαλεία στην τάξη",
        body="<p>Έξι ερωτήσεις· έχετε τρεις προσπάθειες και μετράει η καλύτερη.</p>", max_points=Decimal(10),
        pass_percent=50, attempts_allowed=3, time_limit_minutes=15, closes_at=now + timedelta(days=60),
    )  # fmt: skip
    quizzes.slot_add(actor=nso, activity=quiz, category=category, draw_count=len(QUESTIONS), points=Decimal(1))
    _h5p(first, nso)
    content.activity_create(
        actor=nso, module=first, kind=ActivityKind.FORUM, title="Συστηθείτε στην ομάδα σας", required=False,
        body="<p>Γράψτε δυο λόγια για εσάς και το σχολείο σας.</p>", posts_required=1,
    )  # fmt: skip
    second = content.module_create(actor=nso, cycle=cycle, title="Ενότητα 2: Σχεδιάζω μια δραστηριότητα",
                                   opens_at=now - timedelta(days=3))  # fmt: skip
    assignment = _assignment(second, nso, now)
    _questionnaire(second, nso)
    third = content.module_create(actor=nso, cycle=cycle, title="Ενότητα 3: Στην τάξη με τους μαθητές",
                                  opens_at=now + timedelta(days=21))  # fmt: skip
    content.activity_create(actor=nso, module=third, kind=ActivityKind.PAGE, title="Από το σχέδιο στην τάξη",
                            body="<p>Εφαρμόστε το σχέδιό σας και καταγράψτε τι έμαθαν οι μαθητές.</p>")  # fmt: skip
    _submissions(cycle, assignment)


def _h5p(module, nso) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from . import content, h5p
    from .models import ActivityKind

    activity = content.activity_create(
        actor=nso, module=module, kind=ActivityKind.H5P, title="Διαδραστική κάρτα: σωστό ή λάθος",
        body="<p>Απαντήστε στην κάρτα· το αποτέλεσμα καταγράφεται αυτόματα.</p>", max_points=Decimal(1),
    )  # fmt: skip
    package = h5p.build_demo_package(
        "Στο eTwinning τα σχολεία συνεργάζονται σε έργα με σχολεία άλλων χωρών.",
        "In eTwinning, schools work together on projects with schools of other countries.",
        correct=True,
        title="Σωστό ή λάθος: τι είναι το eTwinning",
    )
    h5p.package_upload(actor=nso, activity=activity, upload=SimpleUploadedFile("karta.h5p", package))


def _assignment(module, nso, now):
    from . import assignments, content
    from .models import ActivityKind, LatePolicy, SubmissionType

    activity = content.activity_create(
        actor=nso, module=module, kind=ActivityKind.ASSIGNMENT, title="Σχέδιο δραστηριότητας eTwinning",
        body="<p>Περιγράψτε μια δραστηριότητα δύο εβδομάδων για ένα έργο με σχολείο άλλης χώρας: στόχοι, "
             "ρόλοι των μαθητών, εργαλεία.</p>",
        max_points=Decimal(20), pass_percent=50, due_at=now + timedelta(days=10), closes_at=now + timedelta(days=24),
        submission_type=SubmissionType.BOTH, late_policy=LatePolicy.PENALTY, late_penalty_percent=5,
        resubmission=True,
    )  # fmt: skip
    for title, levels in RUBRIC:
        assignments.criterion_add(actor=nso, activity=activity, title=title,
                                  levels=[(text, Decimal(points)) for text, points in levels])  # fmt: skip
    return activity


def _questionnaire(module, nso) -> None:
    from . import content, questionnaires
    from .models import ActivityKind

    activity = content.activity_create(
        actor=nso, module=module, kind=ActivityKind.QUESTIONNAIRE, title="Αξιολόγηση του μαθήματος",
        body="<p>Οι απαντήσεις είναι ανώνυμες.</p>", required=False, anonymous=True,
    )  # fmt: skip
    questionnaires.add_default_items(actor=nso, activity=activity)


def _submissions(cycle, activity) -> None:
    """In each group, the first learners hand in their plan, for the trainer to grade."""
    from . import assignments
    from .models import Enrolment, Status

    learners = Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED, group__isnull=False)
    handed = {}
    for enrolment in learners.select_related("user", "group").order_by("group__number", "pk"):
        if handed.get(enrolment.group_id, 0) >= 2:
            continue
        assignments.submit(
            actor=enrolment.user, activity=activity, enrolment=enrolment,
            text="Οι μαθητές των δύο σχολείων φτιάχνουν μαζί έναν ψηφιακό χάρτη με τα μνημεία της πόλης τους, "
                 "σε ομάδες με ρόλους (ερευνητής, φωτογράφος, συντάκτης).",
        )  # fmt: skip
        handed[enrolment.group_id] = handed.get(enrolment.group_id, 0) + 1


def _mooc(cycle, nso) -> None:
    from . import content, enrolment_extra
    from .models import ActivityKind

    module = content.module_create(actor=nso, cycle=cycle, title="Εβδομάδα 1: Τι είναι η Τεχνητή Νοημοσύνη")
    content.activity_create(
        actor=nso, module=module, kind=ActivityKind.PAGE, title="Η ΤΝ με απλά λόγια",
        body="<p>Τι μπορεί και τι δεν μπορεί να κάνει ένα γλωσσικό μοντέλο, και τι σημαίνει αυτό για την τάξη.</p>",
    )  # fmt: skip
    content.activity_create(
        actor=nso, module=module, kind=ActivityKind.FORUM, title="Πώς θα χρησιμοποιούσατε την ΤΝ στο μάθημά σας;",
        body="<p>Γράψτε μια ιδέα και σχολιάστε δύο ιδέες συναδέλφων.</p>", posts_required=2,
    )  # fmt: skip
    enrolment_extra.announcement_post(
        actor=nso, cycle=cycle, title="Καλώς ήρθατε στο MOOC",
        body="Το υλικό της πρώτης εβδομάδας είναι διαθέσιμο. Προχωρήστε με τον δικό σας ρυθμό.",
    )  # fmt: skip


register_demo("learning.content", load_content, position=76)
