"""The online courses' part of a person's data download and erasure: progress, a graded submission and its
file, a quiz attempt, an exception and a named questionnaire answer are exported (an anonymous answer never
is), in a number of queries that does not grow with the data; erasure removes them and the stored file, the
place goes to the first person waiting, other learners keep their work (graded by the erased trainer, now
with no grader), the trainer's groups keep running without a trainer."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from PIL import Image

from twinning.accounts.services.privacy import account_erase, data_export
from twinning.core.models import Attachment
from twinning.learning import gradebook, privacy, questionnaires, quizzes, services
from twinning.learning.assignment_selectors import HOST
from twinning.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Announcement,
    Attempt,
    CycleTrainer,
    Enrolment,
    ItemKind,
    LearnerGroup,
    Module,
    Override,
    QuestionnaireResponse,
    Status,
    Submission,
    SubmissionStatus,
    SubmissionType,
    Trainer,
    TrainerApplication,
)

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db

MC = {"answers": [{"text": "Athens", "fraction": "1"}, {"text": "Sparta", "fraction": "0"}], "shuffle": False}


def png(name="lesson-plan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class World:
    """A cycle of two places (a third person waiting), one group tutored by a trainer, an assignment, a quiz,
    a named and an anonymous questionnaire."""

    def __init__(self, country, *, capacity=2):
        self.course, self.staff = make_course(country)
        self.cycle = make_cycle(self.course, self.staff, capacity=capacity)
        trainer_user = etwinner(country, first_name="Eleni", last_name="Trainer")
        application = services.trainer_apply(actor=trainer_user, motivation="I like it", experience="Ten years")
        trainer = services.application_decide(actor=self.staff, application=application, approve=True)
        assert trainer is not None
        self.trainer: Trainer = trainer
        services.cycle_trainer_assign(actor=self.staff, cycle=self.cycle, trainer=self.trainer)
        self.group = LearnerGroup.objects.create(cycle=self.cycle, number=1, trainer=self.trainer, size=2)
        self.anna, self.nikos, self.waiting = etwinner(country), etwinner(country), etwinner(country)
        self.e_anna = services.enrol(cycle=self.cycle, user=self.anna)
        self.e_nikos = services.enrol(cycle=self.cycle, user=self.nikos)
        self.e_waiting = services.enrol(cycle=self.cycle, user=self.waiting)
        assert self.e_waiting.status == (Status.WAITING if capacity == 2 else Status.ENROLLED)
        Enrolment.objects.filter(pk__in=[self.e_anna.pk, self.e_nikos.pk]).update(group=self.group)
        self.e_anna.refresh_from_db()
        self.e_nikos.refresh_from_db()
        module = Module.objects.create(cycle=self.cycle, title="Module 1")

        def activity(**fields):
            row = Activity.objects.create(cycle=self.cycle, module=module, **fields)
            return Activity.objects.select_related("cycle__course__country", "module").get(pk=row.pk)

        self.assignment = activity(
            kind=ActivityKind.ASSIGNMENT, title="My lesson plan", max_points=Decimal(10), pass_percent=50,
            submission_type=SubmissionType.BOTH, position=1,
        )  # fmt: skip
        self.quiz = activity(kind=ActivityKind.QUIZ, title="Check", max_points=Decimal(10), position=2)
        top = quizzes.category_save(actor=self.staff, course=self.course, name="Top")
        self.question = quizzes.question_save(
            actor=self.staff, course=self.course, kind="multichoice", category=top, name="Capital",
            text="<p>Capital of Greece?</p>", data=MC,
        )  # fmt: skip
        quizzes.slot_add(actor=self.staff, activity=self.quiz, question=self.question)
        self.named = activity(kind=ActivityKind.QUESTIONNAIRE, title="Named survey", position=3)
        self.anonymous = activity(kind=ActivityKind.QUESTIONNAIRE, title="Anonymous survey", anonymous=True,
                                  position=4)  # fmt: skip
        self.named_item = questionnaires.item_add(
            actor=self.staff, activity=self.named, kind=ItemKind.TEXT, text="What did you like?"
        )
        self.anonymous_item = questionnaires.item_add(
            actor=self.staff, activity=self.anonymous, kind=ItemKind.TEXT, text="Anything else?"
        )

    def learner_work(self, user, enrolment, *, text="My plan", upload=True):
        """A graded submission with a file, a finished attempt, an exception, both questionnaires answered."""
        from twinning.learning import assignments

        gradebook.exception_grant(
            actor=self.trainer.user, enrolment=enrolment, activity=self.quiz, reason="Was ill", extra_attempts=2
        )
        row = assignments.submit(
            actor=user, activity=self.assignment, enrolment=enrolment, text=text, upload=png() if upload else None
        )
        assignments.grade(actor=self.trainer.user, submission=row, points=Decimal(8), feedback="Well argued")
        attempt = quizzes.start_attempt(activity=self.quiz, enrolment=enrolment)
        answers = QueryDict(mutable=True)
        answers.setlist(f"q{self.question.pk}", ["0"])
        quizzes.submit(actor=user, attempt_id=attempt.pk, enrolment=enrolment, post=answers, finish=True)
        questionnaires.answer(user=user, activity=self.named, data={f"item_{self.named_item.pk}": "The forums"})
        questionnaires.answer(
            user=user, activity=self.anonymous, data={f"item_{self.anonymous_item.pk}": "SECRET-ANONYMOUS"}
        )
        return row


def test_export_holds_each_kind_of_course_data_and_no_anonymous_answer(greece):
    w = World(greece)
    w.learner_work(w.anna, w.e_anna)
    w.learner_work(w.nikos, w.e_nikos, text="Nikos's plan")

    exported = privacy.export_learning(w.anna)
    assert len(exported) == 1
    mine = exported[0]
    assert (mine["course"], mine["cycle"], mine["status"], mine["group"]) == (
        w.course.title, w.cycle.name, Status.ENROLLED, 1,
    )  # fmt: skip
    progress = {p["activity"]: p for p in mine["progress"]}
    assert progress["My lesson plan"]["points"] == "8.00" and progress["My lesson plan"]["state"] == "completed"
    assert progress["Check"]["points"] == "10.00" and progress["Check"]["completed_at"]
    assert {"Named survey", "Anonymous survey"} <= set(progress)  # that they answered is their progress

    [submission] = mine["submissions"]
    assert submission["activity"] == "My lesson plan" and submission["text"] == "My plan"
    assert submission["status"] == SubmissionStatus.GRADED and submission["points"] == "8.00"
    assert submission["feedback"] == "Well argued" and submission["graded_by"] == "your trainer or the course's staff"
    assert submission["submitted_at"] and submission["graded_at"] and submission["days_late"] == 0
    assert [f["name"] for f in submission["files"]] == ["lesson-plan.png"]

    [attempt] = mine["quiz_attempts"]
    assert (attempt["quiz"], attempt["number"], attempt["state"], attempt["points"]) == ("Check", 1, "finished",
                                                                                          "10.00")  # fmt: skip
    assert attempt["answers"] == {str(w.question.pk): 0} and attempt["finished_at"]
    assert attempt["questions"] == [{"question": "Capital", "answer": 0, "points": "1.00"}]

    [exception] = mine["exceptions"]
    assert (exception["activity"], exception["extra_attempts"], exception["reason"]) == ("Check", 2, "Was ill")
    assert exception["granted_by"] == "your trainer or the course's staff"  # a role, never another's name
    assert "Eleni" not in json.dumps(exported, default=str)

    assert mine["questionnaires"] == [
        {"questionnaire": "Named survey", "answered_on": mine["questionnaires"][0]["answered_on"],
         "answers": [{"question": "What did you like?", "answer": "The forums"}]}
    ]  # fmt: skip
    # The whole download (every app's part) never carries an anonymous answer, nor another learner's work.
    whole = str(data_export(user=w.anna))
    assert "SECRET-ANONYMOUS" not in whole and "Anything else?" not in whole
    assert "Nikos's plan" not in whole


def test_export_takes_the_same_number_of_queries_for_more_data(greece):
    w = World(greece)
    w.learner_work(w.anna, w.e_anna)
    with CaptureQueriesContext(connection) as one:
        privacy.export_learning(w.anna)
    # A second cycle with everything again: twice the rows, the same queries.
    second = World(greece, capacity=None)
    enrolment = services.enrol(cycle=second.cycle, user=w.anna)
    Enrolment.objects.filter(pk=enrolment.pk).update(group=second.group)
    second.learner_work(w.anna, enrolment)
    with CaptureQueriesContext(connection) as two:
        exported = privacy.export_learning(w.anna)
    assert len(exported) == 2 and all(len(e["submissions"]) == 1 for e in exported)
    assert len(one) == len(two)


def test_trainer_part_lists_applications_and_the_cycles_tutored(greece):
    w = World(greece)
    part = privacy.export_trainer(w.trainer.user)
    [application] = part["applications"]
    assert application["motivation"] == "I like it" and application["status"] == "approved"
    registry = part["registry"]
    assert registry["active"] is True and registry["country"] == greece.code
    assert registry["cycles"] == [
        {"course": w.course.title, "cycle": w.cycle.name, "assigned_at": registry["cycles"][0]["assigned_at"],
         "groups": [1]}
    ]  # fmt: skip
    assert privacy.export_trainer(w.anna) == {"applications": [], "registry": None}


def test_erasure_removes_the_learners_course_data_and_files(greece, django_capture_on_commit_callbacks):
    w = World(greece)
    anna_row = w.learner_work(w.anna, w.e_anna)
    nikos_row = w.learner_work(w.nikos, w.e_nikos)
    anna_file = Attachment.objects.get(host=HOST, host_id=anna_row.pk)
    nikos_file = Attachment.objects.get(host=HOST, host_id=nikos_row.pk)
    storage, anna_name, nikos_name = anna_file.file.storage, anna_file.file.name or "", nikos_file.file.name or ""
    assert storage.exists(anna_name)
    anonymous_before = QuestionnaireResponse.objects.filter(enrolment__isnull=True).count()
    assert anonymous_before == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert account_erase(user=w.anna, actor=w.anna)

    assert not Enrolment.objects.filter(user=w.anna).exists()
    for model in (ActivityProgress, Submission, Attempt, Override):
        assert not model.objects.filter(enrolment_id=w.e_anna.pk).exists()
    assert not QuestionnaireResponse.objects.filter(enrolment_id=w.e_anna.pk).exists()
    assert QuestionnaireResponse.objects.filter(enrolment__isnull=True).count() == anonymous_before  # not theirs
    assert not Attachment.objects.filter(pk=anna_file.pk).exists()
    assert not storage.exists(anna_name)  # the stored file is gone from private storage
    # The other learner keeps everything, their file too.
    assert Submission.objects.filter(pk=nikos_row.pk, status=SubmissionStatus.GRADED).exists()
    assert Attachment.objects.filter(pk=nikos_file.pk).exists() and storage.exists(nikos_name)
    for model in (ActivityProgress, Attempt, Override):
        assert model.objects.filter(enrolment_id=w.e_nikos.pk).exists()
    assert QuestionnaireResponse.objects.filter(enrolment_id=w.e_nikos.pk).count() == 1
    # The place went to the first person waiting.
    assert Enrolment.objects.get(pk=w.e_waiting.pk).status == Status.ENROLLED
    assert privacy.export_learning(w.anna) == []
    privacy.erase_learning(w.anna)  # safe twice


def test_erasing_a_trainer_keeps_their_learners_work_and_groups(greece, django_capture_on_commit_callbacks):
    w = World(greece)
    graded = w.learner_work(w.nikos, w.e_nikos)
    trainer_user = w.trainer.user
    Enrolment.objects.filter(pk=w.e_nikos.pk).update(signed_off_by=trainer_user)
    announcement = Announcement.objects.create(cycle=w.cycle, title="Welcome", body="Hello", author=trainer_user)
    # A checked enrolment file not yet applied must not enrol the erased person later.
    from twinning.learning.models import EnrolmentImport

    upload = EnrolmentImport.objects.create(
        cycle=w.cycle, created_by=w.staff, original_name="people.csv",
        rows=[{"user": trainer_user.pk, "group": None}, {"user": w.anna.pk, "group": None}],
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert account_erase(user=trainer_user, actor=trainer_user)

    assert not Trainer.objects.filter(pk=w.trainer.pk).exists()
    assert not TrainerApplication.objects.filter(user=trainer_user).exists()
    assert not CycleTrainer.objects.filter(trainer_id=w.trainer.pk).exists()
    group = LearnerGroup.objects.get(pk=w.group.pk)  # the group runs on, with no trainer
    assert group.trainer_id is None and Enrolment.objects.filter(group=group).count() == 2
    row = Submission.objects.get(pk=graded.pk)  # the learner's grade stays; who gave it is forgotten
    assert row.status == SubmissionStatus.GRADED and row.points == Decimal("8.00") and row.graded_by_id is None
    assert Attachment.objects.filter(host=HOST, host_id=graded.pk).exists()
    override = Override.objects.get(enrolment=w.e_nikos)
    assert override.granted_by_id is None and override.reason == "Was ill"
    assert Enrolment.objects.get(pk=w.e_nikos.pk).signed_off_by_id is None
    assert Announcement.objects.get(pk=announcement.pk).author_id is None
    assert EnrolmentImport.objects.get(pk=upload.pk).rows == [{"user": w.anna.pk, "group": None}]
    exported = privacy.export_learning(w.nikos)[0]
    assert exported["submissions"][0]["graded_by"] is None and exported["exceptions"][0]["granted_by"] is None


def test_staff_part_lists_what_they_wrote_and_uploaded(greece):
    w = World(greece)
    from twinning.learning.models import EnrolmentImport

    Announcement.objects.create(cycle=w.cycle, title="Welcome", body="Hello all", author=w.staff)
    EnrolmentImport.objects.create(cycle=w.cycle, created_by=w.staff, original_name="people.csv", total_rows=3)
    part = privacy.export_authored(w.staff)
    assert [(a["title"], a["text"]) for a in part["announcements"]] == [("Welcome", "Hello all")]
    assert [(i["file"], i["rows"]) for i in part["enrolment_files"]] == [("people.csv", 3)]
    assert privacy.export_authored(w.anna) == {"announcements": [], "enrolment_files": []}
