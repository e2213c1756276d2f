"""Assignments: the rubric (authored by the staff of the course's country, its maximum matched against the
activity's points), the learner's submission under the three late policies and an extension, the late
penalty's arithmetic, grading by the learner's own trainer only (rubric or points, regrade, new submission
asked for), progress and completion moved, the learner told, everything audited; bad input changes
nothing."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from twinning.accounts.tests.factories import nso_staff
from twinning.core.attachments import access_for
from twinning.core.errors import NotAllowed
from twinning.core.models import Attachment, AuditEvent, Notification
from twinning.learning import assignments, progress, services
from twinning.learning.assignments import AssignmentError
from twinning.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Enrolment,
    LatePolicy,
    LearnerGroup,
    Module,
    Override,
    ProgressState,
    RubricCriterion,
    RubricLevel,
    Status,
    Submission,
    SubmissionStatus,
    SubmissionType,
)

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def png(name="work.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _trainer(country, staff):
    user = etwinner(country)
    application = services.trainer_apply(actor=user, motivation="I like it", experience="Ten years")
    return services.application_decide(actor=staff, application=application, approve=True)


class World:
    pass


def make_world(country, **activity_fields) -> World:
    """A cycle with two groups (a trainer each, one learner each) and one required assignment of 10 points."""
    w = World()
    w.course, w.staff = make_course(country)
    w.cycle = make_cycle(w.course, w.staff)
    w.trainer_a, w.trainer_b = _trainer(country, w.staff), _trainer(country, w.staff)
    for trainer in (w.trainer_a, w.trainer_b):
        services.cycle_trainer_assign(actor=w.staff, cycle=w.cycle, trainer=trainer)
    w.group_a = LearnerGroup.objects.create(cycle=w.cycle, number=1, trainer=w.trainer_a, size=1)
    w.group_b = LearnerGroup.objects.create(cycle=w.cycle, number=2, trainer=w.trainer_b, size=1)
    w.anna, w.nikos = etwinner(country), etwinner(country)
    w.e_anna = services.enrol(cycle=w.cycle, user=w.anna)
    w.e_nikos = services.enrol(cycle=w.cycle, user=w.nikos)
    Enrolment.objects.filter(pk=w.e_anna.pk).update(group=w.group_a)
    Enrolment.objects.filter(pk=w.e_nikos.pk).update(group=w.group_b)
    w.e_anna.refresh_from_db(), w.e_nikos.refresh_from_db()
    module = Module.objects.create(cycle=w.cycle, title="Module 1")
    fields = {
        "kind": ActivityKind.ASSIGNMENT, "title": "My lesson plan", "body": "<p>Write a lesson plan.</p>",
        "max_points": Decimal(10), "pass_percent": 50, "due_at": timezone.now() + timedelta(days=3),
        "submission_type": SubmissionType.BOTH, **activity_fields,
    }  # fmt: skip
    w.activity = Activity.objects.create(cycle=w.cycle, module=module, **fields)
    progress.recount_required(w.cycle.pk)
    w.activity = Activity.objects.select_related("cycle__course__country", "module").get(pk=w.activity.pk)
    return w


def add_rubric(w, levels=((("Weak", 0), ("Good", 4), ("Excellent", 6)), (("No", 0), ("Yes", 4)))):
    criteria = []
    for index, rows in enumerate(levels):
        criteria.append(
            assignments.criterion_add(actor=w.staff, activity=w.activity, title=f"Criterion {index}",
                                      levels=[(d, Decimal(p)) for d, p in rows])
        )  # fmt: skip
    return criteria


def submitted(w, enrolment=None, user=None, text="My plan"):
    return assignments.submit(actor=user or w.anna, activity=w.activity, enrolment=enrolment or w.e_anna, text=text)


# --- the rubric -------------------------------------------------------------------------------------------


def test_rubric_authoring_by_the_courses_staff_and_its_maximum(greece, italy):
    w = make_world(greece)
    first, second = add_rubric(w)
    assert [lv.points for lv in first.levels.all()] == [0, 4, 6]
    from twinning.learning import assignment_selectors as selectors

    summary = selectors.rubric_summary(w.activity, selectors.rubric(w.activity))
    assert summary == {"maximum": Decimal(10), "matches": True}
    with pytest.raises(NotAllowed):
        assignments.criterion_add(actor=nso_staff(italy), activity=w.activity, title="X", levels=[("A", 1)])
    with pytest.raises(NotAllowed):
        assignments.criterion_add(actor=w.trainer_a.user, activity=w.activity, title="X", levels=[("A", 1)])
    # edit keeps the level rows (their ids), the order changes, the maximum no longer matches
    ids = [lv.pk for lv in first.levels.all()]
    assignments.criterion_edit(actor=w.staff, criterion=first, title="Clarity",
                               levels=[("Weak", Decimal(0)), ("Best", Decimal(8)), ("", None)])  # fmt: skip
    assert list(first.levels.values_list("pk", "points")) == [(ids[0], 0), (ids[1], 8)]
    assert selectors.rubric_summary(w.activity, selectors.rubric(w.activity))["matches"] is False
    assignments.criterion_move(actor=w.staff, criterion=second, up=True)
    assert list(RubricCriterion.objects.filter(activity=w.activity).values_list("pk", flat=True)) == [
        second.pk, first.pk
    ]  # fmt: skip
    assignments.criterion_remove(actor=w.staff, criterion=first)
    assert RubricCriterion.objects.filter(activity=w.activity).count() == 1
    assert AuditEvent.objects.filter(action="learning.rubric_changed").count() == 4  # the order is not a decision


def test_bad_rubric_input_changes_nothing(greece):
    w = make_world(greece)
    for title, levels in [
        ("", [("A", Decimal(1))]),
        ("Clarity", []),
        ("Clarity", [("A", None)]),
        ("Clarity", [("", Decimal(2))]),
        ("Clarity", [("A", Decimal(-1))]),
    ]:
        with pytest.raises(AssignmentError):
            assignments.criterion_add(actor=w.staff, activity=w.activity, title=title, levels=levels)
    assert not RubricCriterion.objects.exists() and not RubricLevel.objects.exists()


def test_a_rubric_in_use_no_longer_changes(greece):
    w = make_world(greece)
    first, second = add_rubric(w)
    row = submitted(w)
    levels = {first.pk: first.levels.last().pk, second.pk: second.levels.last().pk}
    assignments.grade(actor=w.trainer_a.user, submission=row, rubric=levels)
    with pytest.raises(AssignmentError):
        assignments.criterion_edit(actor=w.staff, criterion=first, title="New", levels=[("A", Decimal(1))])
    with pytest.raises(AssignmentError):
        assignments.criterion_remove(actor=w.staff, criterion=first)
    assert RubricCriterion.objects.get(pk=first.pk).title == "Criterion 0"


# --- submitting and late work ------------------------------------------------------------------------------


def test_draft_then_submit_records_progress(greece):
    w = make_world(greece)
    draft = assignments.draft_save(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="Half")
    assert draft.status == SubmissionStatus.DRAFT and not ActivityProgress.objects.exists()
    row = assignments.submit(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="Whole plan")
    assert row.pk == draft.pk and row.status == SubmissionStatus.SUBMITTED and row.days_late == 0
    assert ActivityProgress.objects.get(enrolment=w.e_anna).state == ProgressState.SUBMITTED
    with pytest.raises(AssignmentError):  # handed in: nothing more until the trainer asks
        submitted(w, text="Again")
    assert Submission.objects.count() == 1


def test_empty_or_wrong_kind_of_work_is_refused(greece):
    w = make_world(greece, submission_type=SubmissionType.TEXT)
    with pytest.raises(AssignmentError):
        submitted(w, text="   ")
    with pytest.raises(AssignmentError):
        assignments.submit(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="x", upload=png())
    Activity.objects.filter(pk=w.activity.pk).update(submission_type=SubmissionType.FILE)
    w.activity.submission_type = SubmissionType.FILE
    with pytest.raises(AssignmentError):
        submitted(w, text="")
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert not ActivityProgress.objects.exists()


def test_someone_else_cannot_hand_in_for_a_learner(greece):
    w = make_world(greece)
    with pytest.raises(NotAllowed):
        submitted(w, user=w.nikos)
    with pytest.raises(NotAllowed):
        submitted(w, user=w.trainer_a.user)
    assert not Submission.objects.exists()


def test_late_accept_marks_days_late(greece):
    w = make_world(greece, due_at=timezone.now() - timedelta(hours=47), late_policy=LatePolicy.ACCEPT)
    assert submitted(w).days_late == 2


def test_late_refuse_takes_nothing_unless_extended(greece):
    w = make_world(greece, due_at=timezone.now() - timedelta(hours=2), late_policy=LatePolicy.REFUSE)
    with pytest.raises(AssignmentError):
        submitted(w)
    assert not Submission.objects.exists()
    Override.objects.create(
        activity=w.activity, enrolment=w.e_anna, due_at=timezone.now() + timedelta(days=1), reason="Ill"
    )
    row = submitted(w)
    assert row.status == SubmissionStatus.SUBMITTED and row.days_late == 0
    with pytest.raises(AssignmentError):  # the extension is Anna's only
        submitted(w, enrolment=w.e_nikos, user=w.nikos)


def test_nothing_after_closing_unless_an_override_closes_later(greece):
    now = timezone.now()
    w = make_world(greece, due_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    with pytest.raises(AssignmentError):
        submitted(w)
    Override.objects.create(activity=w.activity, enrolment=w.e_anna, closes_at=now + timedelta(days=1), reason="x")
    assert submitted(w).days_late == 3


def test_penalty_arithmetic(greece):
    w = make_world(greece, late_policy=LatePolicy.PENALTY, late_penalty_percent=10)
    assert assignments.penalised(Decimal(10), w.activity, 0) == Decimal(10)
    assert assignments.penalised(Decimal(10), w.activity, 2) == Decimal("8.00")
    assert assignments.penalised(Decimal("7.5"), w.activity, 3) == Decimal("5.25")
    assert assignments.penalised(Decimal(10), w.activity, 11) == Decimal(0)  # never below 0
    w.activity.late_policy = LatePolicy.ACCEPT
    assert assignments.penalised(Decimal(10), w.activity, 5) == Decimal(10)


def test_penalty_applied_at_grading(greece):
    w = make_world(
        greece, due_at=timezone.now() - timedelta(hours=47), late_policy=LatePolicy.PENALTY, late_penalty_percent=10
    )
    row = submitted(w)
    assert row.days_late == 2
    graded = assignments.grade(actor=w.trainer_a.user, submission=row, points=Decimal(10))
    assert graded.points == Decimal("8.00")
    event = AuditEvent.objects.get(action="learning.graded")
    assert event.data["points"] == "8.00" and event.data["before_penalty"] == "10.00"


# --- grading --------------------------------------------------------------------------------------------------


def test_grading_by_rubric_moves_progress_completes_and_tells_the_learner(greece):
    w = make_world(greece)
    first, second = add_rubric(w)
    row = submitted(w)
    levels = {first.pk: first.levels.all()[1].pk, second.pk: second.levels.all()[1].pk}  # 4 + 4
    graded = assignments.grade(actor=w.trainer_a.user, submission=row, rubric=levels, feedback="Well done")
    assert graded.points == Decimal(8) and graded.status == SubmissionStatus.GRADED
    assert graded.rubric == {str(first.pk): levels[first.pk], str(second.pk): levels[second.pk]}
    state = ActivityProgress.objects.get(enrolment=w.e_anna)
    assert state.state == ProgressState.COMPLETED and state.points == Decimal(8)
    w.e_anna.refresh_from_db()
    assert w.e_anna.status == Status.COMPLETED  # the only required activity, passed
    notice = Notification.objects.get(recipient=w.anna, kind="learning.graded")
    assert notice.body == "Well done"
    event = AuditEvent.objects.get(action="learning.graded")
    assert event.data["by"] == w.trainer_a.user.pk and event.data["points"] == "8.00"


def test_regrade_rewrites_the_same_row_and_is_audited_again(greece):
    w = make_world(greece)
    row = submitted(w)
    assignments.grade(actor=w.trainer_a.user, submission=row, points=Decimal(3))
    assert ActivityProgress.objects.get(enrolment=w.e_anna).state == ProgressState.FAILED
    assignments.grade(actor=w.staff, submission=row, points=Decimal("9.5"))
    assert Submission.objects.count() == 1
    row.refresh_from_db()
    assert row.points == Decimal("9.5") and row.graded_by == w.staff
    assert AuditEvent.objects.filter(action="learning.graded").count() == 2
    assert AuditEvent.objects.filter(action="learning.graded", data__regrade=True).count() == 1
    assert ActivityProgress.objects.get(enrolment=w.e_anna).state == ProgressState.COMPLETED


def test_bad_grades_change_nothing(greece):
    w = make_world(greece)
    first, second = add_rubric(w)
    other = make_world(greece)
    (foreign, _other_second) = add_rubric(other)
    row = submitted(w)
    bad = [
        {"points": Decimal("10.01")},
        {"points": Decimal(-1)},
        {"points": None},
        {"points": "NaN"},
        {"rubric": {first.pk: first.levels.first().pk}},  # one criterion missing
        {"rubric": {first.pk: second.levels.first().pk, second.pk: second.levels.first().pk}},  # another criterion's
        {"rubric": {first.pk: first.levels.first().pk, second.pk: second.levels.first().pk,
                    foreign.pk: foreign.levels.first().pk}},  # another activity's criterion
    ]  # fmt: skip
    for kwargs in bad:
        with pytest.raises(AssignmentError):
            assignments.grade(actor=w.trainer_a.user, submission=row, **kwargs)
    row.refresh_from_db()
    assert row.status == SubmissionStatus.SUBMITTED and row.points is None and row.graded_at is None
    assert not AuditEvent.objects.filter(action="learning.graded").exists()
    assert not Notification.objects.filter(kind="learning.graded").exists()
    assert ActivityProgress.objects.get(enrolment=w.e_anna).state == ProgressState.SUBMITTED


def test_only_the_learners_own_trainer_or_the_courses_staff_grade(greece, italy):
    w = make_world(greece)
    row = submitted(w)
    for stranger in (w.trainer_b.user, w.nikos, nso_staff(italy), w.anna):
        with pytest.raises(NotAllowed):
            assignments.grade(actor=stranger, submission=row, points=Decimal(5))
    row.refresh_from_db()
    assert row.points is None


def test_a_draft_is_not_graded(greece):
    w = make_world(greece)
    draft = assignments.draft_save(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="Half")
    with pytest.raises(AssignmentError):
        assignments.grade(actor=w.trainer_a.user, submission=draft, points=Decimal(5))


def test_resubmission_flow(greece):
    w = make_world(greece)
    first = submitted(w)
    with pytest.raises(AssignmentError):  # say what to change
        assignments.ask_again(actor=w.trainer_a.user, submission=first, feedback="")
    assignments.ask_again(actor=w.trainer_a.user, submission=first, feedback="Add an evaluation")
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RESUBMIT
    assert ActivityProgress.objects.get(enrolment=w.e_anna).state == ProgressState.RESUBMIT
    assert Notification.objects.filter(recipient=w.anna, kind="learning.graded").count() == 1
    second = submitted(w, text="Plan with evaluation")
    assert second.number == 2 and second.pk != first.pk
    with pytest.raises(AssignmentError):  # the older one is not graded any more
        assignments.grade(actor=w.trainer_a.user, submission=first, points=Decimal(5))
    assignments.grade(actor=w.trainer_a.user, submission=second, points=Decimal(7))
    assert ActivityProgress.objects.get(enrolment=w.e_anna).points == Decimal(7)
    first.refresh_from_db()
    assert first.feedback == "Add an evaluation"  # earlier work and feedback stay


def test_no_new_submission_when_the_activity_does_not_take_one(greece):
    w = make_world(greece, resubmission=False)
    row = submitted(w)
    with pytest.raises(AssignmentError):
        assignments.ask_again(actor=w.trainer_a.user, submission=row, feedback="Again")
    row.refresh_from_db()
    assert row.status == SubmissionStatus.SUBMITTED


# --- files ------------------------------------------------------------------------------------------------------


def test_files_read_by_the_learner_their_trainer_and_the_staff_only(greece, italy):
    w = make_world(greece)
    row = assignments.submit(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="", upload=png())
    attachment = Attachment.objects.get(host="learning.submission", host_id=row.pk)
    assert attachment.uploaded_by == w.anna
    assert access_for(w.anna, "learning.submission", row.pk) is not None
    assert access_for(w.trainer_a.user, "learning.submission", row.pk) is not None
    assert access_for(w.staff, "learning.submission", row.pk) is not None
    for stranger in (w.trainer_b.user, w.nikos, nso_staff(italy)):
        assert access_for(stranger, "learning.submission", row.pk) is None
    # handed in: the learner no longer adds files to it
    assert access_for(w.anna, "learning.submission", row.pk).upload is False


def test_a_draft_file_can_be_removed(greece):
    w = make_world(greece)
    draft = assignments.draft_save(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="", upload=png())
    attachment = Attachment.objects.get(host="learning.submission", host_id=draft.pk)
    with pytest.raises(NotAllowed):
        assignments.file_remove(actor=w.nikos, activity=w.activity, enrolment=w.e_anna, attachment_id=attachment.pk)
    assignments.file_remove(actor=w.anna, activity=w.activity, enrolment=w.e_anna, attachment_id=attachment.pk)
    assert not Attachment.objects.exists()
