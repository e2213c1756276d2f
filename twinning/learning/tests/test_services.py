"""Enrolment in cycles: eligibility and its reasons, places then the waiting list, promotion of exactly one
person when a place frees, refusals that change nothing, authoring scoped to the course's country, copying
a cycle to the next year, and the person's part of the privacy registry."""

import datetime

import pytest
from django.utils import timezone

from twinning.accounts.models import CommunityRole
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.learning import policies, privacy, services
from twinning.learning.models import Cycle, Eligibility, Enrolment, Status

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def _reason(user, cycle):
    cycle = Cycle.objects.select_related("course", "course__country").get(pk=cycle.pk)
    enrolment = Enrolment.objects.filter(cycle=cycle, user_id=getattr(user, "pk", None)).first()
    completed = getattr(user, "is_authenticated", False) and services.has_completed(user, cycle.course_id)
    return policies.refusal(user, cycle, now=timezone.now(), enrolment=enrolment, completed=completed)


def test_eligibility_gives_the_reason_in_the_persons_words(greece, italy):
    from django.contrib.auth.models import AnonymousUser

    course, staff = make_course(greece)
    validated_only = make_cycle(course, staff, eligibility=Eligibility.ETWINNERS)
    greek_only = make_cycle(course, staff, eligibility=Eligibility.COUNTRY, name="b")
    ite_only = make_cycle(course, staff, eligibility=Eligibility.ITE, name="c")
    anyone = make_cycle(course, staff, eligibility=Eligibility.ANYONE, name="d")
    not_yet = make_cycle(course, staff, opens_in_days=3, closes_in_days=10, name="e")
    closed = make_cycle(course, staff, opens_in_days=-10, closes_in_days=-1, name="f")

    assert _reason(AnonymousUser(), anyone) == "Log in to enrol."
    pending = teacher(country=greece)
    assert "eTwinners" in _reason(pending, validated_only)
    assert _reason(pending, anyone) == ""
    giulia = etwinner(italy)
    assert _reason(giulia, validated_only) == ""
    assert _reason(giulia, greek_only) == "This cycle is for teachers of Greece only."
    assert _reason(etwinner(greece), greek_only) == ""
    assert "student teachers" in _reason(giulia, ite_only)
    student = teacher(country=greece)
    student.community_role = CommunityRole.ITE_STUDENT
    student.save(update_fields=["community_role"])
    assert _reason(student, ite_only) == ""
    assert _reason(giulia, not_yet).startswith("Enrolment is not open yet")
    assert _reason(giulia, closed) == "Enrolment is closed."
    services.enrol(cycle=anyone, user=giulia)
    assert _reason(giulia, anyone) == "You are enrolled in this cycle."


def test_completed_a_course_refused_when_the_cycle_says_so(greece):
    course, staff = make_course(greece)
    first = make_cycle(course, staff, name="2025-26")
    again = make_cycle(course, staff, name="2026-27")
    open_to_all = make_cycle(course, staff, name="2026-27b", not_if_completed=False)
    maria = etwinner(greece)
    services.enrolment_complete(actor=staff, enrolment=services.enrol(cycle=first, user=maria))
    assert _reason(maria, first) == "You have completed this course."
    assert _reason(maria, again) == "You have already completed this course."
    assert _reason(maria, open_to_all) == ""
    with pytest.raises(services.LearningError):
        services.enrol(cycle=again, user=maria)
    assert not Enrolment.objects.filter(cycle=again).exists()


def test_places_then_the_waiting_list_first_come(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2)
    people = [etwinner(greece) for _ in range(4)]
    rows = [services.enrol(cycle=cycle, user=p) for p in people]
    assert [r.status for r in rows] == [Status.ENROLLED, Status.ENROLLED, Status.WAITING, Status.WAITING]
    assert rows[2].position < rows[3].position
    cycle.refresh_from_db()
    assert (cycle.enrolled_count, cycle.waiting_count, cycle.places_left) == (2, 2, 0)


def test_withdrawing_promotes_exactly_the_first_waiting_and_tells_them(greece, django_capture_on_commit_callbacks):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    first, second, third = (etwinner(greece) for _ in range(3))
    held = services.enrol(cycle=cycle, user=first)
    services.enrol(cycle=cycle, user=second)
    services.enrol(cycle=cycle, user=third)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(actor=first, enrolment=held)
    statuses = dict(Enrolment.objects.filter(cycle=cycle).values_list("user_id", "status"))
    assert statuses == {first.pk: Status.WITHDRAWN, second.pk: Status.ENROLLED, third.pk: Status.WAITING}
    promoted = Enrolment.objects.get(user=second)
    assert promoted.promoted_at is not None and promoted.position is None
    assert Notification.objects.filter(recipient=second, kind="learning.promoted").count() == 1
    assert not Notification.objects.filter(recipient=third).exists()
    assert AuditEvent.objects.filter(action="learning.promoted", target_id=str(promoted.pk)).count() == 1
    assert AuditEvent.objects.filter(action="learning.withdrawn", actor=first).count() == 1
    cycle.refresh_from_db()
    assert (cycle.enrolled_count, cycle.waiting_count) == (1, 1)
    # Withdrawing from the waiting list frees no place: nobody is promoted.
    services.withdraw(actor=third, enrolment=Enrolment.objects.get(user=third))
    assert AuditEvent.objects.filter(action="learning.promoted").count() == 1
    # A withdrawn person may enrol again (the end of the list, or a place if one is free).
    again = services.enrol(cycle=cycle, user=first)
    assert again.pk == held.pk and again.status == Status.WAITING


def test_bad_requests_change_nothing(greece, italy):
    course, staff = make_course(greece)
    closed = make_cycle(course, staff, opens_in_days=-10, closes_in_days=-1)
    cycle = make_cycle(course, staff, capacity=5, name="open")
    maria, other = etwinner(greece), etwinner(greece)
    with pytest.raises(services.LearningError):
        services.enrol(cycle=closed, user=maria)
    row = services.enrol(cycle=cycle, user=maria)
    before = list(Enrolment.objects.values_list("pk", "status", "position", "enrolled_at"))
    with pytest.raises(services.LearningError, match="enrolled"):
        services.enrol(cycle=cycle, user=maria)
    with pytest.raises(NotAllowed):
        services.withdraw(actor=other, enrolment=row)
    with pytest.raises(NotAllowed):
        services.withdraw(actor=nso_staff(italy), enrolment=row)
    assert list(Enrolment.objects.values_list("pk", "status", "position", "enrolled_at")) == before
    services.withdraw(actor=maria, enrolment=row)
    with pytest.raises(services.LearningError):
        services.withdraw(actor=maria, enrolment=row)
    cycle.refresh_from_db()
    assert cycle.enrolled_count == 0


def test_authoring_is_for_the_staff_of_the_courses_country(greece, italy):
    course, greek_staff = make_course(greece)
    italian = nso_staff(italy)
    with pytest.raises(services.LearningError):
        make_course(greece, staff=italian)
    with pytest.raises(NotAllowed):
        make_course(greece, staff=teacher(country=greece))
    with pytest.raises(NotAllowed):
        services.course_edit(actor=italian, course=course, title="x", topic="ict", kind="trainers")
    with pytest.raises(NotAllowed):
        make_cycle(course, italian)
    make_cycle(course, css_staff())  # CSS staff serve every country
    assert AuditEvent.objects.filter(action="learning.course_created", actor=greek_staff).exists()
    assert AuditEvent.objects.filter(action="learning.cycle_created").count() == 1


def test_a_cycle_with_impossible_dates_or_places_is_refused(greece):
    course, staff = make_course(greece)
    with pytest.raises(services.LearningError):
        make_cycle(course, staff, opens_in_days=5, closes_in_days=1)
    with pytest.raises(services.LearningError):
        make_cycle(course, staff, capacity=0)
    cycle = make_cycle(course, staff, capacity=3)
    for _ in range(2):
        services.enrol(cycle=cycle, user=etwinner(greece))
    data = {f: getattr(cycle, f) for f in ("name", "starts_on", "ends_on", "enrolment_opens_at",
                                           "enrolment_closes_at", "eligibility", "not_if_completed")}  # fmt: skip
    with pytest.raises(services.LearningError):
        services.cycle_edit(actor=staff, cycle=cycle, capacity=1, **data)
    assert Cycle.objects.get(pk=cycle.pk).capacity == 3


def test_more_places_promote_the_people_waiting(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    people = [etwinner(greece) for _ in range(4)]
    for p in people:
        services.enrol(cycle=cycle, user=p)
    data = {f: getattr(cycle, f) for f in ("name", "starts_on", "ends_on", "enrolment_opens_at",
                                           "enrolment_closes_at", "eligibility", "not_if_completed")}  # fmt: skip
    services.cycle_edit(actor=staff, cycle=cycle, capacity=3, **data)
    statuses = [Enrolment.objects.get(user=p).status for p in people]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.ENROLLED, Status.WAITING]


def test_copying_a_cycle_shifts_every_date_a_year(greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=25, eligibility=Eligibility.ETWINNERS, name="2026-27")
    services.enrol(cycle=cycle, user=etwinner(greece))
    with pytest.raises(NotAllowed):
        services.cycle_copy(actor=nso_staff(italy), cycle=cycle)
    copy = services.cycle_copy(actor=staff, cycle=cycle)
    assert copy.name == "2027-28" and copy.pk != cycle.pk
    assert copy.starts_on == cycle.starts_on.replace(year=cycle.starts_on.year + 1)
    assert copy.enrolment_closes_at.year == cycle.enrolment_closes_at.year + 1
    assert (copy.capacity, copy.eligibility, copy.enrolled_count) == (25, Eligibility.ETWINNERS, 0)
    assert not Enrolment.objects.filter(cycle=copy).exists()
    assert AuditEvent.objects.filter(action="learning.cycle_copied", target_id=str(copy.pk)).exists()
    assert services._next_name("2029") == "2030" and services._next_name("Spring") == ""
    assert services._next_year(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_privacy_export_and_erasure_free_the_place(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    maria, nikos = etwinner(greece), etwinner(greece)
    services.enrol(cycle=cycle, user=maria)
    services.enrol(cycle=cycle, user=nikos)
    exported = privacy.export_learning(maria)
    assert exported[0]["course"] == course.title and exported[0]["status"] == Status.ENROLLED
    privacy.erase_learning(maria)
    privacy.erase_learning(maria)  # safe twice
    assert not Enrolment.objects.filter(user=maria).exists()
    assert Enrolment.objects.get(user=nikos).status == Status.ENROLLED
