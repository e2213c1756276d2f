"""Gradebooks, a learner's progress, exceptions for one learner, sign-off and trainer messages: the first-class
rule (a trainer sees, grades, messages, overrides and exports only their own group's learners), a learner sees
only themselves, staff of another country see nothing, fixed query counts, CSV contents, exceptions honoured
by ``schedule.learner_dates``, sign-off completing the course."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.models import AuditEvent, Notification
from twinning.learning import gradebook, progress, schedule, services
from twinning.learning.models import (
    Activity,
    ActivityKind,
    Course,
    Enrolment,
    LearnerGroup,
    Module,
    Override,
    ProgressState,
    Status,
)

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def _trainer(country, staff):
    user = etwinner(country)
    application = services.trainer_apply(actor=user, motivation="I like it", experience="Ten years")
    return services.application_decide(actor=staff, application=application, approve=True)


def _activities(cycle, count, *, module_title="Module 1"):
    module = Module.objects.create(cycle=cycle, title=module_title, position=Module.objects.filter(cycle=cycle).count())
    kinds = [ActivityKind.ASSIGNMENT, ActivityKind.QUIZ, ActivityKind.PAGE]
    made = []
    for i in range(count):
        kind = kinds[i % 3]
        made.append(
            Activity.objects.create(
                cycle=cycle,
                module=module,
                kind=kind,
                title=f"{kind} {i}",
                position=i,
                max_points=Decimal(10) if kind != ActivityKind.PAGE else Decimal(0),
                due_at=timezone.now() + timedelta(days=5),
                closes_at=timezone.now() + timedelta(days=7),
                time_limit_minutes=30 if kind == ActivityKind.QUIZ else None,
                attempts_allowed=1 if kind == ActivityKind.QUIZ else None,
            )
        )
    progress.recount_required(cycle.pk)
    cycle.refresh_from_db()
    return made


def _members(cycle, group, count):
    rows = []
    for _ in range(count):
        enrolment = services.enrol(cycle=cycle, user=etwinner(cycle.course.country))
        Enrolment.objects.filter(pk=enrolment.pk).update(group=group)
        enrolment.group = group
        rows.append(enrolment)
    LearnerGroup.objects.filter(pk=group.pk).update(size=len(rows))
    return rows


@pytest.fixture
def world(greece):
    """A cycle with two groups (two trainers), three learners in group 1, one in group 2, three activities."""
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    group_a = LearnerGroup.objects.create(cycle=cycle, trainer=_trainer(greece, staff), number=1)
    group_b = LearnerGroup.objects.create(cycle=cycle, trainer=_trainer(greece, staff), number=2)
    activities = _activities(cycle, 3)
    learners_a = _members(cycle, group_a, 3)
    learners_b = _members(cycle, group_b, 1)
    return {
        "course": course,
        "staff": staff,
        "cycle": cycle,
        "a": group_a,
        "b": group_b,
        "activities": activities,
        "learners_a": learners_a,
        "learners_b": learners_b,
    }


def _later(days=10):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# --- the group gradebook ---------------------------------------------------------------------------------


def test_group_gradebook_shows_each_learners_state_points_and_counters(client, world):
    assignment, quiz, page = world["activities"]
    first = world["learners_a"][0]
    progress.record(enrolment=first, activity=assignment, state=ProgressState.COMPLETED, points=Decimal("8.5"))
    progress.record(enrolment=first, activity=quiz, state=ProgressState.SUBMITTED)
    log_in(client, world["a"].trainer.user)
    response = client.get(reverse("learning:group_gradebook", args=[world["a"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Done · 8.5" in body and "To grade" in body
    assert first.user.display_name in body
    assert world["learners_b"][0].user.display_name not in body  # another group's learner: never
    assert "1 / 3" in body and "85.0%" in body
    assert assignment.title in body and page.title in body


def test_group_gradebook_query_count_is_fixed(client, greece):
    course, staff = make_course(greece)
    counts = []
    for size in (2, 6):
        cycle = make_cycle(course, staff, name=f"c{size}")
        group = LearnerGroup.objects.create(cycle=cycle, trainer=_trainer(greece, staff), number=1)
        activities = _activities(cycle, size)
        members = _members(cycle, group, size)
        for member in members:
            for activity in activities[:2]:
                progress.record(enrolment=member, activity=activity, state=ProgressState.COMPLETED, points=Decimal(7))
        log_in(client, group.trainer.user)
        url = reverse("learning:group_gradebook", args=[group.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_group_gradebook_csv_lists_the_group_only(client, world):
    assignment, quiz, page = world["activities"]
    first = world["learners_a"][0]
    progress.record(enrolment=first, activity=assignment, state=ProgressState.COMPLETED, points=Decimal(9))
    progress.record(enrolment=first, activity=page, state=ProgressState.COMPLETED)
    log_in(client, world["a"].trainer.user)
    response = client.get(reverse("learning:group_gradebook_csv", args=[world["a"].pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3
    header = lines[0].split(",")
    assert header[:3] == ["Last name", "First name", "E-mail"]
    assert assignment.title in header and page.title in header
    row = next(line for line in lines if first.user.email in line)
    assert "Completed,9," in row and ",2,3,90.0," in row
    assert world["learners_b"][0].user.email not in response.content.decode("utf-8-sig")


def test_first_class_rule_on_every_page_and_post(client, world, italy):
    """Another group's trainer, a learner, staff of another country: 404 everywhere, nothing written."""
    other_trainer = world["b"].trainer.user
    learner = world["learners_a"][0]
    assignment = world["activities"][0]
    override = gradebook.exception_grant(
        actor=world["staff"], enrolment=learner, activity=assignment, due_at=timezone.now() + timedelta(days=9),
        reason="Illness",
    )  # fmt: skip
    events = AuditEvent.objects.count()
    notices = Notification.objects.count()
    group = world["a"]
    gets = [
        reverse("learning:group_gradebook", args=[group.pk]),
        reverse("learning:group_gradebook_csv", args=[group.pk]),
        reverse("learning:group_message", args=[group.pk]),
        reverse("learning:exceptions", args=[learner.pk]),
    ]
    posts = [
        (reverse("learning:group_message", args=[group.pk]), {"to": "all", "subject": "Hi", "text": "Hello"}),
        (
            reverse("learning:exceptions", args=[learner.pk]),
            {"activity": assignment.pk, "due_at": _later(), "reason": "Because"},
        ),
        (reverse("learning:exception_remove", args=[learner.pk, override.pk]), {}),
        (reverse("learning:sign_off", args=[learner.pk]), {"note": "ok"}),
    ]
    for intruder in (other_trainer, world["learners_b"][0].user, learner.user, nso_staff(italy)):
        log_in(client, intruder)
        for url in gets:
            assert client.get(url).status_code == 404, (intruder, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (intruder, url)
    assert AuditEvent.objects.count() == events and Notification.objects.count() == notices
    assert Override.objects.get(pk=override.pk).reason == "Illness"
    assert Enrolment.objects.get(pk=learner.pk).signed_off_at is None
    # the group's own trainer does see them; the learner's own trainer may not touch group 2's learner
    log_in(client, group.trainer.user)
    for url in gets:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("learning:exceptions", args=[world["learners_b"][0].pk])).status_code == 404
    assert client.get(reverse("learning:group_gradebook", args=[world["b"].pk])).status_code == 404
    client.logout()
    assert client.get(gets[0]).status_code == 302  # anonymous: to the login page


def test_staff_of_the_country_see_every_group_and_staff_of_another_do_not(client, world, italy):
    log_in(client, world["staff"])
    assert client.get(reverse("learning:group_gradebook", args=[world["b"].pk])).status_code == 200
    assert client.get(reverse("learning:cycle_gradebook", args=[world["cycle"].pk])).status_code == 200
    log_in(client, nso_staff(italy))
    assert client.get(reverse("learning:group_gradebook", args=[world["b"].pk])).status_code == 404
    assert client.get(reverse("learning:cycle_gradebook", args=[world["cycle"].pk])).status_code == 404
    assert client.get(reverse("learning:cycle_gradebook_csv", args=[world["cycle"].pk])).status_code == 404


# --- the cycle gradebook ----------------------------------------------------------------------------------


def test_cycle_gradebook_filters_and_trainers_do_not_see_it(client, world):
    assignment = world["activities"][0]
    started = world["learners_a"][0]
    progress.record(enrolment=started, activity=assignment, state=ProgressState.COMPLETED, points=Decimal(6))
    Enrolment.objects.filter(pk=world["learners_a"][1].pk).update(status=Status.COMPLETED)
    url = reverse("learning:cycle_gradebook", args=[world["cycle"].pk])
    log_in(client, world["staff"])
    page = client.get(url).content.decode()
    assert all(e.user.display_name in page for e in world["learners_a"] + world["learners_b"])
    by_group = client.get(url, {"group": world["b"].pk}).content.decode()
    assert world["learners_b"][0].user.display_name in by_group and started.user.display_name not in by_group
    done = client.get(url, {"status": "completed"}).content.decode()
    assert world["learners_a"][1].user.display_name in done and started.user.display_name not in done
    idle = client.get(url, {"not_started": "on"}).content.decode()
    assert started.user.display_name not in idle and world["learners_a"][2].user.display_name in idle
    nobody = LearnerGroup.objects.create(cycle=world["cycle"], number=3)
    assert "No learner matches" in client.get(url, {"group": nobody.pk}).content.decode()
    elsewhere = LearnerGroup.objects.create(cycle=make_cycle(world["course"], world["staff"], name="x"), number=1)
    assert "No learner matches" in client.get(url, {"group": elsewhere.pk}).content.decode()
    csv_url = reverse("learning:cycle_gradebook_csv", args=[world["cycle"].pk])
    assert len(b"".join(client.get(csv_url, {"group": elsewhere.pk}).streaming_content).splitlines()) == 1
    log_in(client, world["a"].trainer.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("learning:cycle_gradebook_csv", args=[world["cycle"].pk])).status_code == 404


def test_cycle_gradebook_query_count_is_fixed(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    counts = []
    for size in (2, 7):
        cycle = make_cycle(course, staff, name=f"c{size}")
        activities = _activities(cycle, 2)
        group = LearnerGroup.objects.create(cycle=cycle, number=1)
        for member in _members(cycle, group, size):
            progress.record(enrolment=member, activity=activities[0], state=ProgressState.COMPLETED, points=Decimal(5))
        url = reverse("learning:cycle_gradebook", args=[cycle.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"status": "in_progress"}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_cycle_gradebook_csv_streams_every_learner(client, world):
    first = world["learners_a"][0]
    progress.record(enrolment=first, activity=world["activities"][0], state=ProgressState.COMPLETED, points=Decimal(7))
    log_in(client, world["staff"])
    response = client.get(reverse("learning:cycle_gradebook_csv", args=[world["cycle"].pk]))
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 4
    assert lines[0].startswith("Last name,First name,E-mail,Group,Required done")
    row = next(line for line in lines if first.user.email in line)
    assert ",1,1,3,70.0,In progress," in row
    other = next(line for line in lines if world["learners_b"][0].user.email in line)
    assert ",2,0,3,,Not started," in other
    filtered = client.get(reverse("learning:cycle_gradebook_csv", args=[world["cycle"].pk]), {"group": world["b"].pk})
    assert len(b"".join(filtered.streaming_content).decode("utf-8-sig").strip().splitlines()) == 2


# --- a learner's own progress --------------------------------------------------------------------------------


def test_learner_sees_only_their_own_progress_with_their_dates(client, world, greece):
    Course.objects.filter(pk=world["course"].pk).update(min_grade_percent=80)
    assignment, quiz, page = world["activities"]
    me, other = world["learners_a"][0], world["learners_a"][1]
    progress.record(enrolment=me, activity=assignment, state=ProgressState.COMPLETED, points=Decimal(6))
    progress.record(enrolment=other, activity=assignment, state=ProgressState.COMPLETED, points=Decimal(10))
    new_due = timezone.now() + timedelta(days=30)
    gradebook.exception_grant(actor=world["a"].trainer.user, enrolment=me, activity=quiz, due_at=new_due,
                              extra_attempts=2, reason="Travel")  # fmt: skip
    url = reverse("learning:my_progress", args=[world["cycle"].pk])
    log_in(client, me.user)
    body = client.get(url).content.decode()
    assert "6 / 10" in body and "60.0%" in body and "below the minimum" in body
    assert "1 of 3 required activities done" in body and "an average grade of at least 80%" in body
    assert "exception granted to you" in body and "2 extra attempts" in body
    assert other.user.display_name not in body and "10 / 10" not in body
    # the trainer, a person on the waiting list, someone outside: 404 (there is no learner id to change)
    for user in (world["a"].trainer.user, etwinner(greece)):
        log_in(client, user)
        assert client.get(url).status_code == 404
    waiting = services.enrol(cycle=world["cycle"], user=etwinner(greece))
    Enrolment.objects.filter(pk=waiting.pk).update(status=Status.WAITING)
    log_in(client, waiting.user)
    assert client.get(url).status_code == 404


# --- exceptions for one learner -------------------------------------------------------------------------------


def test_trainer_grants_an_exception_audited_told_and_honoured_by_the_schedule(client, world):
    learner = world["learners_a"][0]
    quiz = world["activities"][1]
    trainer = world["a"].trainer.user
    cycle = world["cycle"]
    before = schedule.learner_dates(quiz, cycle, learner)
    log_in(client, trainer)
    url = reverse("learning:exceptions", args=[learner.pk])
    due = timezone.localtime() + timedelta(days=12)
    response = client.post(
        url,
        {"activity": quiz.pk, "due_at": due.strftime("%Y-%m-%dT%H:%M"), "extra_minutes": 15, "extra_attempts": 1,
         "reason": "Hospital stay"},
    )  # fmt: skip
    assert response.status_code == 302
    override = Override.objects.get(enrolment=learner, activity=quiz)
    assert override.granted_by == trainer and override.reason == "Hospital stay"
    after = schedule.learner_dates(quiz, cycle, learner)
    assert after.due_at != before.due_at and timezone.localtime(after.due_at).date() == due.date()
    assert after.closes_at >= after.due_at and after.extra_minutes == 15 and after.extra_attempts == 1
    event = AuditEvent.objects.get(action="learning.exception_granted")
    assert event.data["reason"] == "Hospital stay" and event.data["extra_minutes"] == 15
    assert Notification.objects.filter(recipient=learner.user, kind="learning.exception").count() == 1
    # another learner's dates do not move
    neighbour = world["learners_a"][1]
    assert schedule.learner_dates(quiz, cycle, neighbour).due_at == before.due_at
    # changing it updates the one row
    client.post(url, {"activity": quiz.pk, "extra_minutes": 20, "reason": "Longer stay"})
    assert Override.objects.filter(enrolment=learner, activity=quiz).count() == 1
    assert Override.objects.get(enrolment=learner, activity=quiz).extra_minutes == 20
    page = client.get(url).content.decode()
    assert "Longer stay" in page
    # removing it: audited, the dates back to the course's
    response = client.post(reverse("learning:exception_remove", args=[learner.pk, override.pk]))
    assert response.status_code == 302 and not Override.objects.filter(pk=override.pk).exists()
    assert AuditEvent.objects.filter(action="learning.exception_removed").count() == 1
    assert schedule.learner_dates(quiz, cycle, learner).due_at == before.due_at


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_cycle", "Choose an assignment or a quiz of this learner&#x27;s cycle."),
        ("negative_minutes", "greater than or equal to 0"),
        ("past_date", "The new due date must be in the future."),
        ("no_reason", "This field is required."),
        ("attempts_on_assignment", "Extra attempts are for quizzes only."),
        ("nothing", "Give a new date, extra time or extra attempts."),
        ("page", "Choose an assignment or a quiz of this learner&#x27;s cycle."),
        ("closes_before_due", "The closing date cannot be before the due date."),
    ],
)
def test_bad_exceptions_are_refused_and_nothing_is_written(client, world, case, message):
    learner = world["learners_a"][0]
    assignment, quiz, page = world["activities"]
    data = {"activity": quiz.pk, "due_at": _later(), "reason": "Ill"}
    if case == "other_cycle":
        other_cycle = make_cycle(world["course"], world["staff"], name="other")
        data["activity"] = _activities(other_cycle, 2)[1].pk
    elif case == "negative_minutes":
        data["extra_minutes"] = -5
    elif case == "past_date":
        data["due_at"] = _later(-2)
    elif case == "no_reason":
        data["reason"] = "   "
    elif case == "attempts_on_assignment":
        data.update(activity=assignment.pk, extra_attempts=2)
    elif case == "nothing":
        del data["due_at"]
    elif case == "page":
        data["activity"] = page.pk
    elif case == "closes_before_due":
        data["closes_at"] = _later(3)
    log_in(client, world["a"].trainer.user)
    response = client.post(reverse("learning:exceptions", args=[learner.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body and message in body, body[body.find("error-summary") :][:800]
    assert not Override.objects.exists()
    assert not AuditEvent.objects.filter(action="learning.exception_granted").exists()
    assert not Notification.objects.filter(kind="learning.exception").exists()


def test_the_service_refuses_bad_exceptions_without_the_form(world):
    learner = world["learners_a"][0]
    assignment = world["activities"][0]
    with pytest.raises(services.LearningError):
        gradebook.exception_grant(actor=world["a"].trainer.user, enrolment=learner, activity=assignment,
                                  extra_attempts=3, reason="x")  # fmt: skip
    with pytest.raises(services.NotAllowed):
        gradebook.exception_grant(actor=world["b"].trainer.user, enrolment=learner, activity=assignment,
                                  due_at=timezone.now() + timedelta(days=3), reason="x")  # fmt: skip
    assert not Override.objects.exists()


# --- sign-off -------------------------------------------------------------------------------------------------


def test_sign_off_completes_when_the_other_rules_are_met(client, world):
    Course.objects.filter(pk=world["course"].pk).update(needs_signoff=True, min_grade_percent=50)
    learner, other = world["learners_a"][0], world["learners_a"][1]
    for enrolment in (learner, other):
        for activity in world["activities"]:
            points = Decimal(8) if activity.graded else None
            state = ProgressState.COMPLETED
            if enrolment is other and activity.kind == ActivityKind.PAGE:
                state = ProgressState.STARTED  # one required activity left
            progress.record(enrolment=enrolment, activity=activity, state=state, points=points)
    assert Enrolment.objects.get(pk=learner.pk).status == Status.ENROLLED  # the sign-off is missing
    trainer = world["a"].trainer.user
    log_in(client, trainer)
    response = client.post(reverse("learning:sign_off", args=[learner.pk]), {"note": "Great work"})
    assert response.status_code == 302
    row = Enrolment.objects.get(pk=learner.pk)
    assert row.status == Status.COMPLETED and row.signed_off_by == trainer
    assert AuditEvent.objects.get(action="learning.signed_off").data["reason"] == "Great work"
    client.post(reverse("learning:sign_off", args=[other.pk]))
    other_row = Enrolment.objects.get(pk=other.pk)
    assert other_row.signed_off_at is not None and other_row.status == Status.ENROLLED  # an activity missing
    page = client.get(reverse("learning:group_gradebook", args=[world["a"].pk])).content.decode()
    assert f"Signed off ({trainer.display_name}" in page and "Completed" in page


# --- trainer messages -----------------------------------------------------------------------------------------


def test_trainer_writes_to_the_whole_group_or_one_learner(client, world):
    trainer = world["a"].trainer.user
    log_in(client, trainer)
    url = reverse("learning:group_message", args=[world["a"].pk])
    response = client.post(url, {"to": "all", "subject": "Welcome", "text": "Start with module 1."})
    assert response.status_code == 302
    sent = Notification.objects.filter(kind="learning.trainer_message")
    assert sorted(n.recipient_id for n in sent) == sorted(e.user_id for e in world["learners_a"])
    assert all(n.title == "Welcome" and "Start with module 1." in n.body for n in sent)
    assert AuditEvent.objects.get(action="learning.trainer_message").data["count"] == 3
    one = world["learners_a"][2]
    client.post(url, {"to": str(one.pk), "subject": "Your essay", "text": "Please add sources."})
    assert Notification.objects.filter(kind="learning.trainer_message", title="Your essay").get().recipient == one.user


def test_a_message_to_a_learner_of_another_group_is_refused_and_nothing_sent(client, world):
    log_in(client, world["a"].trainer.user)
    url = reverse("learning:group_message", args=[world["a"].pk])
    stranger = world["learners_b"][0]
    response = client.post(url, {"to": str(stranger.pk), "subject": "Hi", "text": "Hello"})
    assert response.status_code == 200 and "Choose a learner of this group" in response.content.decode()
    assert not Notification.objects.filter(kind="learning.trainer_message").exists()
    with pytest.raises(services.LearningError):
        gradebook.trainer_message(actor=world["a"].trainer.user, group=world["a"], subject="Hi", text="Hello",
                                  enrolment_ids=[world["learners_a"][0].pk, stranger.pk])  # fmt: skip
    assert not Notification.objects.filter(kind="learning.trainer_message").exists()
    assert not AuditEvent.objects.filter(action="learning.trainer_message").exists()


def test_every_page_renders_in_greek(client, world):
    from django.utils import translation

    learner = world["learners_a"][0]
    progress.record(
        enrolment=learner, activity=world["activities"][0], state=ProgressState.COMPLETED, points=Decimal(5)
    )
    Course.objects.filter(pk=world["course"].pk).update(min_grade_percent=60, needs_signoff=True)
    with translation.override("el"):
        log_in(client, world["a"].trainer.user)
        for url in (
            reverse("learning:group_gradebook", args=[world["a"].pk]),
            reverse("learning:group_message", args=[world["a"].pk]),
            reverse("learning:exceptions", args=[learner.pk]),
        ):
            assert client.get(url).status_code == 200, url
        log_in(client, world["staff"])
        assert client.get(reverse("learning:cycle_gradebook", args=[world["cycle"].pk])).status_code == 200
        log_in(client, learner.user)
        assert client.get(reverse("learning:my_progress", args=[world["cycle"].pk])).status_code == 200
        assert (
            reverse("learning:my_progress", args=[world["cycle"].pk])
            in client.get(reverse("learning:mine")).content.decode()
        )


def test_the_gradebooks_are_linked_from_the_group_and_staff_pages(client, world):
    group, cycle = world["a"], world["cycle"]
    log_in(client, group.trainer.user)
    mine = reverse("learning:group_gradebook", args=[group.pk])
    assert mine in client.get(reverse("learning:trainer_home")).content.decode()
    assert mine in client.get(reverse("learning:group", args=[group.pk])).content.decode()
    log_in(client, world["staff"])
    cycle_book = reverse("learning:cycle_gradebook", args=[cycle.pk])
    assert cycle_book in client.get(reverse("learning:cycle_groups", args=[cycle.pk])).content.decode()
    assert cycle_book in client.get(reverse("learning:staff_course", args=[world["course"].pk])).content.decode()
