"""Progress and completion moved on each event (never recounted): the counters on the enrolment, the pass
mark, keeping the best grade, the course's minimum average and the trainer's sign-off; and a learner's own
dates (self-paced shift, exceptions)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from twinning.accounts.tests.factories import nso_staff
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent
from twinning.learning import progress, schedule, services
from twinning.learning.models import (
    ActivityKind,
    ActivityProgress,
    Enrolment,
    Kind,
    Override,
    Pacing,
    ProgressState,
    Status,
)

from .factories import enrolled, make_activity, make_course, make_cycle, make_module

pytestmark = pytest.mark.django_db

DONE, FAILED, STARTED = ProgressState.COMPLETED, ProgressState.FAILED, ProgressState.STARTED


@pytest.fixture
def setting(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    module = make_module(cycle)
    return course, staff, cycle, module


def _fresh(enrolment):
    return Enrolment.objects.get(pk=enrolment.pk)


def test_counters_move_by_the_difference_and_completion_is_audited(setting, greece):
    course, staff, cycle, module = setting
    page = make_activity(module, ActivityKind.PAGE)
    quiz = make_activity(module, ActivityKind.QUIZ, max_points=Decimal(10), pass_percent=50)
    make_activity(module, ActivityKind.FORUM, required=False)
    row = enrolled(cycle, greece)
    progress.record(enrolment=row, activity=quiz, state=STARTED)
    e = _fresh(row)
    assert (e.required_done, e.graded_count, e.started_at is not None) == (0, 0, True)
    progress.record(enrolment=row, activity=quiz, state=progress.state_for_grade(Decimal(4), quiz), points=Decimal(4))
    e = _fresh(row)
    assert (e.required_done, e.graded_count, e.percent_sum) == (0, 1, Decimal("40.00"))  # graded, below the mark
    progress.record(enrolment=row, activity=quiz, state=progress.state_for_grade(Decimal(8), quiz), points=Decimal(8))
    e = _fresh(row)
    assert (e.required_done, e.graded_count, e.percent_sum, e.status) == (1, 1, Decimal("80.00"), Status.ENROLLED)
    progress.record(enrolment=row, activity=page, state=DONE)
    e = _fresh(row)
    assert (e.required_done, e.status) == (2, Status.COMPLETED)
    assert e.completed_at is not None
    event = AuditEvent.objects.get(action="learning.completed")
    assert event.data["rule"] == "automatic" and event.data["average"] == "80.0"


def test_keep_best_ignores_a_lower_grade_and_reopening_does_not_undo(setting, greece):
    course, staff, cycle, module = setting
    quiz = make_activity(module, ActivityKind.QUIZ, max_points=Decimal(20))
    make_activity(module, ActivityKind.PAGE)  # keeps the course from completing
    row = enrolled(cycle, greece)
    progress.record(enrolment=row, activity=quiz, state=DONE, points=Decimal(15), keep_best=True)
    progress.record(enrolment=row, activity=quiz, state=DONE, points=Decimal(5), keep_best=True)
    progress.record(enrolment=row, activity=quiz, state=STARTED)
    line = ActivityProgress.objects.get(enrolment=row, activity=quiz)
    assert (line.state, line.points) == (DONE, Decimal("15.00"))
    assert _fresh(row).percent_sum == Decimal("75.00")


def test_minimum_average_and_sign_off_both_hold_completion(setting, greece):
    course, staff, cycle, module = setting
    course.min_grade_percent, course.needs_signoff = 60, True
    course.save()
    quiz = make_activity(module, ActivityKind.QUIZ, max_points=Decimal(10))
    row = enrolled(cycle, greece)
    progress.record(enrolment=row, activity=quiz, state=DONE, points=Decimal(5))
    e = _fresh(row)
    assert e.status == Status.ENROLLED
    cycle.refresh_from_db()
    left = progress.missing(e, cycle)
    assert len(left) == 2  # the average and the sign-off; the activity is done
    progress.record(enrolment=row, activity=quiz, state=DONE, points=Decimal(7))
    assert _fresh(row).status == Status.ENROLLED
    progress.sign_off(actor=staff, enrolment=row)
    e = _fresh(row)
    assert e.status == Status.COMPLETED and e.signed_off_by_id == staff.pk
    assert AuditEvent.objects.filter(action="learning.signed_off").count() == 1


def test_sign_off_refused_for_staff_of_another_country_and_for_another_groups_trainer(setting, greece, italy):
    course, staff, cycle, module = setting
    make_activity(module, ActivityKind.PAGE)
    row = enrolled(cycle, greece)
    with pytest.raises(NotAllowed):
        progress.sign_off(actor=nso_staff(italy), enrolment=row)
    assert _fresh(row).signed_off_at is None


def test_progress_refused_for_a_person_on_the_waiting_list_or_another_cycle(setting, greece):
    course, staff, cycle, module = setting
    page = make_activity(module, ActivityKind.PAGE)
    other = make_cycle(course, staff, name="2027-28")
    stranger = enrolled(other, greece)
    with pytest.raises(NotAllowed):
        progress.record(enrolment=stranger, activity=page, state=DONE)
    small = make_cycle(course, staff, capacity=1, name="small")
    make_activity(make_module(small), ActivityKind.PAGE)
    enrolled(small, greece)
    waiting = enrolled(small, greece)
    assert waiting.status == Status.WAITING
    with pytest.raises(NotAllowed):
        progress.record(enrolment=waiting, activity=page, state=DONE)
    assert not ActivityProgress.objects.exists()


def test_no_required_activity_means_no_automatic_completion(setting, greece):
    course, staff, cycle, module = setting
    page = make_activity(module, ActivityKind.PAGE, required=False)
    row = enrolled(cycle, greece)
    progress.record(enrolment=row, activity=page, state=DONE)
    assert _fresh(row).status == Status.ENROLLED


def test_self_paced_dates_follow_the_enrolment_and_an_exception_wins(greece):
    course, staff = make_course(greece, kind=Kind.MOOC, pacing=Pacing.SELF_PACED)
    cycle = make_cycle(course, staff)
    module = make_module(cycle)
    start = schedule.cycle_start(cycle)
    quiz = make_activity(
        module, ActivityKind.QUIZ, due_at=start + timedelta(days=10), closes_at=start + timedelta(days=12),
        time_limit_minutes=30,
    )  # fmt: skip
    row = enrolled(cycle, greece)
    row.enrolled_at = start + timedelta(days=40)
    dates = schedule.learner_dates(quiz, cycle, row)
    assert dates.due_at == start + timedelta(days=50)
    assert dates.closes_at == start + timedelta(days=52)
    later = start + timedelta(days=70)
    Override.objects.create(activity=quiz, enrolment=row, due_at=later, extra_minutes=15, reason="illness")
    dates = schedule.learner_dates(quiz, cycle, row)
    assert dates.due_at == later and dates.closes_at == later  # the close date moves with the extension
    begun = timezone.now()
    assert schedule.deadline_for_attempt(begun, quiz, dates) == begun + timedelta(minutes=45)
    assert dates.days_late(later + timedelta(hours=1)) == 1
    course.pacing = Pacing.COHORT
    assert schedule.dates_for(quiz, cycle, row).due_at == start + timedelta(days=10)


def test_withdrawn_learner_keeps_no_place_in_progress(setting, greece):
    course, staff, cycle, module = setting
    page = make_activity(module, ActivityKind.PAGE)
    row = enrolled(cycle, greece)
    services.withdraw(actor=row.user, enrolment=row)
    with pytest.raises(NotAllowed):
        progress.record(enrolment=row, activity=page, state=DONE)
