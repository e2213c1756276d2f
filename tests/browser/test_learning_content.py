"""An online course's content in a real Chromium (issue scenario): a Greek teacher enrols in a course with an
enrolment key, reads a page, takes a quiz (the review shows the grade), plays the H5P activity in its sandboxed
frame and hands in an assignment; the group's trainer signs in, grants the other learner an extension of the
assignment, grades the teacher's work with the rubric and signs the teacher off in the group gradebook; the
course is then completed (the enrolment, the outline, My progress and My learning say so). axe-core on the
catalogue, the course page, the quiz (intro and attempt), the assignment, the group gradebook and the trainer's
home, in Greek and English; the outline, the attempt and the gradebook fit a 390 px phone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from twinning.accounts.tests.factories import PASSWORD
from twinning.learning import assignments, enrolment_extra, h5p, quizzes, services
from twinning.learning.models import (
    ActivityKind,
    ActivityProgress,
    Cycle,
    Enrolment,
    LearnerGroup,
    Override,
    ProgressState,
    Status,
    Submission,
)
from twinning.learning.tests.factories import etwinner, make_activity, make_course, make_cycle, make_module
from twinning.schools.tests.factories import CountryFactory

from .helpers import axe_in_both_languages, click_and_wait, fits_a_phone, log_in, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEY = "ELLADA-OMADA-1"
MC = {"answers": [{"text": "Αθήνα", "fraction": "1"}, {"text": "Σπάρτη", "fraction": "0"}], "shuffle": False}
TF = {"correct": True}


def _trainer(country, staff):
    user = etwinner(country)
    application = services.trainer_apply(actor=user, motivation="Μου αρέσει", experience="Δέκα χρόνια")
    return services.application_decide(actor=staff, application=application, approve=True)


@pytest.fixture
def world():
    """A Greek course signed off by its trainers, a started cycle with one module of four required activities
    (a page, a quiz of two questions, an H5P card, a text assignment with a rubric), a trainer tutoring group
    1 (enrolment key ``KEY``), in which a second learner already is; the teacher is not enrolled yet."""
    greece = CountryFactory(code="GR")
    cache.clear()
    course, staff = make_course(greece, title="Ψηφιακά εργαλεία στην τάξη", needs_signoff=True)
    cycle = make_cycle(course, staff)
    today = timezone.localdate()
    Cycle.objects.filter(pk=cycle.pk).update(starts_on=today - timedelta(days=1))  # it has started
    cycle.refresh_from_db()
    module = make_module(cycle, title="Ενότητα 1: Πρώτα βήματα")
    soon, later = timezone.now() + timedelta(days=5), timezone.now() + timedelta(days=7)
    page = make_activity(module, ActivityKind.PAGE, title="Καλώς ήρθατε", body="<p>Διαβάστε πρώτα αυτό.</p>")
    quiz = make_activity(module, ActivityKind.QUIZ, title="Σύντομο κουίζ", max_points=10, position=1)
    card = make_activity(module, ActivityKind.H5P, title="Αληθές ή ψευδές", max_points=10, position=2)
    task = make_activity(
        module, ActivityKind.ASSIGNMENT, title="Σχέδιο μαθήματος", max_points=10, position=3,
        body="<p>Περιγράψτε ένα μάθημα με ψηφιακά εργαλεία.</p>", due_at=soon, closes_at=later,
    )  # fmt: skip
    bank = quizzes.category_save(actor=staff, course=course, name="Γενικές")
    question = "<p>Ποια είναι η πρωτεύουσα της Ελλάδας;</p>"
    capital = quizzes.question_save(actor=staff, course=course, kind="multichoice", category=bank,
                                    name="Πρωτεύουσα", text=question, data=MC)  # fmt: skip
    sky = quizzes.question_save(actor=staff, course=course, kind="truefalse", category=bank, name="Ουρανός",
                                text="<p>Ο ουρανός είναι γαλάζιος.</p>", data=TF)  # fmt: skip
    quizzes.slot_add(actor=staff, activity=quiz, question=capital)
    quizzes.slot_add(actor=staff, activity=quiz, question=sky)
    data = h5p.build_demo_package("Η Γη είναι στρογγυλή.", "The Earth is round.")
    h5p.package_upload(actor=staff, activity=card, upload=SimpleUploadedFile("card.h5p", data))
    assignments.criterion_add(actor=staff, activity=task, title="Σαφήνεια", levels=[("Δυσνόητο", 0), ("Ξεκάθαρο", 5)])
    assignments.criterion_add(actor=staff, activity=task, title="Παραδείγματα", levels=[("Κανένα", 0), ("Αρκετά", 5)])
    trainer = _trainer(greece, staff)
    services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=trainer)
    group = LearnerGroup.objects.create(cycle=cycle, trainer=trainer, number=1)
    enrolment_extra.group_key_set(actor=staff, group=group, key=KEY)
    other = services.enrol(cycle=cycle, user=etwinner(greece, first_name="Ελένη", last_name="Παππά"), key=KEY)
    teacher = etwinner(greece, first_name="Μαρία", last_name="Οικονόμου")
    return {"course": course, "cycle": cycle, "group": group, "trainer": trainer, "teacher": teacher,
            "other": other, "page": page, "quiz": quiz, "card": card, "task": task, "capital": capital,
            "sky": sky}  # fmt: skip


def test_a_teacher_completes_a_course_signed_off_by_the_trainer(new_page, live_server, world):
    course, cycle, teacher = world["course"], world["cycle"], world["teacher"]
    learner = new_page()
    log_in(learner, email=teacher.email, password=PASSWORD)

    # 1. The catalogue, the course page and the enrolment (with the group's key).
    axe_in_both_languages(learner, "/learning/")
    click_and_wait(learner, learner.get_by_role("link", name=course.title))
    assert path_of(learner) == f"/el/learning/courses/{course.pk}/"
    axe_in_both_languages(learner, f"/learning/courses/{course.pk}/")
    learner.locator("main summary", has_text="Έχω κλειδί εγγραφής").click()
    learner.get_by_label("Κλειδί εγγραφής").fill(KEY)
    click_and_wait(learner, learner.locator("main").get_by_role("button", name="Εγγραφή", exact=True))
    enrolment = Enrolment.objects.get(cycle=cycle, user=teacher)
    assert enrolment.status == Status.ENROLLED and enrolment.group_id == world["group"].pk

    # 2. The outline, and the page read.
    click_and_wait(learner, learner.locator("main").get_by_role("link", name="Μετάβαση στο μάθημα"))
    assert path_of(learner) == f"/el/learning/cycles/{cycle.pk}/"
    assert "Υποχρεωτικές δραστηριότητες που ολοκληρώθηκαν: 0 από 4" in learner.inner_text("main")
    fits_a_phone(learner, "outline")
    click_and_wait(learner, learner.get_by_role("link", name="Καλώς ήρθατε"))
    assert "Διαβάστε πρώτα αυτό." in learner.inner_text("main")
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=world["page"]).state == ProgressState.COMPLETED

    # 3. The quiz: start, answer, finish; the review shows the grade.
    click_and_wait(learner, learner.get_by_role("link", name="Επιστροφή στο διάγραμμα του μαθήματος"))
    click_and_wait(learner, learner.get_by_role("link", name="Σύντομο κουίζ"))
    axe_in_both_languages(learner, f"/learning/activities/{world['quiz'].pk}/quiz/")
    click_and_wait(learner, learner.get_by_role("button", name="Έναρξη προσπάθειας"))
    attempt_path = path_of(learner)[len("/el") :]
    axe_in_both_languages(learner, attempt_path)
    fits_a_phone(learner, "quiz attempt")
    learner.locator(f"#question-{world['capital'].pk}").get_by_label("Αθήνα").check()
    learner.locator(f"#question-{world['sky'].pk}").get_by_label("Σωστό").check()
    click_and_wait(learner, learner.get_by_role("button", name="Ολοκλήρωση και υποβολή"))
    assert path_of(learner).endswith("/review/")
    assert "Μονάδες: 10 / 10" in learner.inner_text("main")  # numbers as Greek writes them, no ",00"
    row = ActivityProgress.objects.get(enrolment=enrolment, activity=world["quiz"])
    assert row.state == ProgressState.COMPLETED and row.points == Decimal(10)

    # 4. The H5P card, answered in its sandboxed frame; the result line follows.
    learner.goto(f"/el/learning/cycles/{cycle.pk}/")
    click_and_wait(learner, learner.get_by_role("link", name="Αληθές ή ψευδές"))
    learner.frame_locator("#h5p-frame").get_by_role("button", name="Σωστό").click()
    learner.locator("#h5p-result").filter(has_text="10").wait_for()
    row = ActivityProgress.objects.get(enrolment=enrolment, activity=world["card"])
    assert row.state == ProgressState.COMPLETED and row.points == Decimal(10)

    # 5. The assignment, handed in.
    learner.goto(f"/el/learning/cycles/{cycle.pk}/")
    click_and_wait(learner, learner.get_by_role("link", name="Σχέδιο μαθήματος"))
    axe_in_both_languages(learner, f"/learning/activities/{world['task'].pk}/assignment/")
    learner.get_by_label("Η απάντησή σας").fill("Οι μαθητές φτιάχνουν έναν ψηφιακό χάρτη του ποταμού τους.")
    click_and_wait(learner, learner.get_by_role("button", name="Υποβολή της εργασίας μου"))
    submission = Submission.objects.get(enrolment=enrolment, activity=world["task"])
    assert submission.status == "submitted" and "ψηφιακό χάρτη" in submission.text
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED  # the grade and the sign-off are still missing

    # 6. The trainer signs in: an extension for the other learner, a grade, the sign-off.
    tutor = new_page()
    log_in(tutor, email=world["trainer"].user.email, password=PASSWORD)
    axe_in_both_languages(tutor, "/learning/trainer/")
    click_and_wait(tutor, tutor.get_by_role("link", name="Βαθμολόγιο – 1"))
    gradebook_path = f"/learning/groups/{world['group'].pk}/gradebook/"
    assert path_of(tutor) == "/el" + gradebook_path
    axe_in_both_languages(tutor, gradebook_path)
    fits_a_phone(tutor, "group gradebook")
    other_name = world["other"].user.display_name
    click_and_wait(tutor, tutor.get_by_role("link", name=f"Εξαιρέσεις – {other_name}"))
    tutor.get_by_label("Δραστηριότητα").select_option(label="Σχέδιο μαθήματος")
    new_due = timezone.localtime() + timedelta(days=12)
    tutor.get_by_label("Νέα προθεσμία").fill(new_due.strftime("%Y-%m-%dT%H:%M"))
    tutor.get_by_label("Αιτία").fill("Ήταν άρρωστη μία εβδομάδα.")
    click_and_wait(tutor, tutor.get_by_role("button", name="Δώστε την εξαίρεση"))
    extension = Override.objects.get(enrolment=world["other"], activity=world["task"])
    assert extension.reason == "Ήταν άρρωστη μία εβδομάδα." and extension.due_at > world["task"].due_at
    assert not Override.objects.filter(enrolment=enrolment).exists()

    tutor.goto(f"/el/learning/staff/activities/{world['task'].pk}/submissions/")
    click_and_wait(tutor, tutor.get_by_role("link", name=teacher.display_name))
    tutor.get_by_role("group", name="Σαφήνεια").get_by_label("Ξεκάθαρο").check()
    tutor.get_by_role("group", name="Παραδείγματα").get_by_label("Αρκετά").check()
    tutor.get_by_label("Ανατροφοδότηση").fill("Πολύ καλό σχέδιο, με σαφή βήματα.")
    tutor.get_by_role("group", name="Απόφαση").get_by_label("Βαθμολόγηση").check()
    click_and_wait(tutor, tutor.get_by_role("button", name="Αποθήκευση της απόφασης"))
    submission.refresh_from_db()
    assert submission.status == "graded" and submission.points == Decimal(10)
    assert submission.feedback == "Πολύ καλό σχέδιο, με σαφή βήματα."
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ENROLLED and enrolment.required_done == 4  # only the sign-off is missing

    tutor.goto("/el" + gradebook_path)
    tutor.get_by_label(f"Σημείωση (προαιρετική) – {teacher.display_name}").fill("Άριστη συμμετοχή.")
    click_and_wait(tutor, tutor.get_by_role("button", name=f"Έγκριση ολοκλήρωσης – {teacher.display_name}"))
    assert path_of(tutor) == "/el" + gradebook_path

    # 7. Completion is recorded, and the teacher sees it.
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED and enrolment.signed_off_at is not None
    learner.goto(f"/el/learning/cycles/{cycle.pk}/")
    assert "Το μάθημα ολοκληρώθηκε" in learner.inner_text("main")
    learner.goto("/el/learning/mine/")
    click_and_wait(learner, learner.get_by_role("link", name=f"Η πρόοδός μου – {course.title}"))
    assert "Έχετε ολοκληρώσει αυτή την επιμόρφωση." in learner.inner_text("main")
    assert Enrolment.objects.get(pk=world["other"].pk).status == Status.ENROLLED
    for page in (learner, tutor):
        assert not page.browser_errors, page.browser_errors
