"""The learning app's sources: a completed enrolment is certified after the commit; a volunteer trainer who
had a group in a cycle that has ended is certified by the daily job, once."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from twinning.certificates.models import Certificate
from twinning.learning import certificate_sources, services
from twinning.learning import tasks as learning_tasks
from twinning.learning.models import CycleTrainer, LearnerGroup, Trainer
from twinning.learning.tests.factories import enrolled, etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def test_staff_recorded_completion_issues_a_course_certificate(greece, django_capture_on_commit_callbacks):
    course, staff = make_course(greece, title="Ψηφιακά εργαλεία", hours=30)
    cycle = make_cycle(course, staff)
    enrolment = enrolled(cycle, greece)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_complete(actor=staff, enrolment=enrolment)
    c = Certificate.objects.get()
    assert (c.source, c.source_id, c.kind, c.holder_id) == (
        "learning.enrolment",
        enrolment.pk,
        "course",
        enrolment.user_id,
    )
    assert (c.title_el, c.title_en, c.hours) == ("Ψηφιακά εργαλεία", "Ψηφιακά εργαλεία", Decimal(30))
    assert (c.started_on, c.ended_on, c.country_id) == (cycle.starts_on, cycle.ends_on, greece.pk)
    assert c.completed_at is not None and c.pdf


def test_automatic_completion_issues_the_certificate_once(greece, django_capture_on_commit_callbacks):
    from twinning.learning import progress
    from twinning.learning.models import ActivityKind, ProgressState
    from twinning.learning.tests.factories import make_activity, make_module

    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    page = make_activity(make_module(cycle), ActivityKind.PAGE)
    enrolment = enrolled(cycle, greece)
    with django_capture_on_commit_callbacks(execute=True):
        progress.record(enrolment=enrolment, activity=page, state=ProgressState.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        progress.record(enrolment=enrolment, activity=page, state=ProgressState.COMPLETED)  # again: no new one
    c = Certificate.objects.get()
    assert (c.source_id, c.holder_id) == (enrolment.pk, enrolment.user_id)


def test_an_enrolment_not_completed_does_not_qualify(greece):
    course, staff = make_course(greece)
    enrolment = enrolled(make_cycle(course, staff), greece)
    assert certificate_sources.enrolment_facts([enrolment.pk]) == {}


def _ended_cycle_with_trainers(greece):
    course, staff = make_course(greece, hours=20)
    cycle = make_cycle(course, staff)
    today = timezone.localdate()
    cycle.starts_on, cycle.ends_on = today - datetime.timedelta(days=90), today - datetime.timedelta(days=1)
    cycle.save(update_fields=["starts_on", "ends_on"])
    with_group, without_group = (
        Trainer.objects.create(user=etwinner(greece), country=greece, since=today) for _ in range(2)
    )
    rows = [CycleTrainer.objects.create(cycle=cycle, trainer=t) for t in (with_group, without_group)]
    LearnerGroup.objects.create(cycle=cycle, trainer=with_group, number=1)
    return cycle, rows


def test_a_trainer_with_a_group_in_an_ended_cycle_is_certified_once(greece, django_capture_on_commit_callbacks):
    cycle, (tutored, idle) = _ended_cycle_with_trainers(greece)
    with django_capture_on_commit_callbacks(execute=True):
        assert learning_tasks.request_tutoring_certificates.enqueue().return_value == 1
    with django_capture_on_commit_callbacks(execute=True):
        learning_tasks.request_tutoring_certificates.enqueue()  # the next day: nothing new
    c = Certificate.objects.get()
    assert (c.source, c.source_id, c.kind, c.hours) == ("learning.tutoring", tutored.pk, "tutoring", Decimal(20))
    assert c.holder_id == tutored.trainer.user_id and c.ended_on == cycle.ends_on


def test_a_cycle_still_running_gives_no_tutoring_certificate(greece):
    cycle, (tutored, _idle) = _ended_cycle_with_trainers(greece)
    cycle.ends_on = timezone.localdate()
    cycle.save(update_fields=["ends_on"])
    assert certificate_sources.tutoring_facts([tutored.pk]) == {}
