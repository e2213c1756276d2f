"""Enrolment keys (the right group, wrong key refused with nothing written, a required key, a waiting learner
keeps the key's group), enrolling from a CSV (preview errors, counts, idempotent apply, bad files refused
with nothing written), the rule "start by a date" (warned once, withdrawn after, the waiting list moves,
twice = once), announcements written in bulk by a task, MOOCs never balanced, self-paced dates shown,
withdrawing (learner or staff) promotes the waiting list, and who may open each page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import NotificationPreference
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.core.models import AuditEvent, Notification
from twinning.learning import enrolment_extra, services
from twinning.learning.models import (
    Announcement,
    Cycle,
    Eligibility,
    Enrolment,
    EnrolmentImport,
    Kind,
    LearnerGroup,
    Pacing,
    Status,
)
from twinning.learning.services import LearningError

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def _groups(cycle, staff, *keys):
    groups = []
    for number, key in enumerate(keys, start=1):
        group = LearnerGroup.objects.create(cycle=cycle, number=number)
        if key:
            enrolment_extra.group_key_set(actor=staff, group=group, key=key)
        groups.append(group)
    return groups


def _trainer_of(cycle, staff, country):
    user = etwinner(country)
    application = services.trainer_apply(actor=user, motivation="I like it", experience="Ten years")
    trainer = services.application_decide(actor=staff, application=application, approve=True)
    services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=trainer)
    return user, trainer


# --- enrolment keys ------------------------------------------------------------------------------------------


def test_the_right_key_places_the_learner_in_its_group_case_insensitively(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=5)
    first, second = _groups(cycle, staff, "Alpha-2026", "Beta-2026")
    enrolment = services.enrol(cycle=cycle, user=etwinner(greece), key="  beta-2026 ")
    assert enrolment.status == Status.ENROLLED and enrolment.group_id == second.pk
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.size, second.size) == (0, 1)
    # the key is never in the audit trail
    events = AuditEvent.objects.filter(action="learning.group_key_set")
    assert events.count() == 2
    assert all("alpha" not in str(e.data).lower() and "beta" not in str(e.data).lower() for e in events)


def test_a_wrong_key_is_refused_and_nothing_is_written(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=5)
    _groups(cycle, staff, "Alpha-2026")
    with pytest.raises(LearningError) as refused:
        services.enrol(cycle=cycle, user=etwinner(greece), key="Alpha-2027")
    assert "not right" in refused.value.message
    cycle.refresh_from_db()
    assert cycle.enrolled_count == 0 and not Enrolment.objects.filter(cycle=cycle).exists()


def test_a_required_key_must_be_typed(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=5)
    Cycle.objects.filter(pk=cycle.pk).update(key_required=True)
    cycle.refresh_from_db()
    (group,) = _groups(cycle, staff, "Alpha-2026")
    person = etwinner(greece)
    with pytest.raises(LearningError):
        services.enrol(cycle=cycle, user=person)
    assert not Enrolment.objects.filter(cycle=cycle).exists()
    assert services.enrol(cycle=cycle, user=person, key="ALPHA-2026").group_id == group.pk


def test_no_key_typed_and_none_required_enrols_without_a_group(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=5)
    _groups(cycle, staff, "Alpha-2026")
    assert services.enrol(cycle=cycle, user=etwinner(greece)).group_id is None


def test_a_keyed_learner_on_the_waiting_list_keeps_the_group_when_promoted(greece, django_capture_on_commit_callbacks):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    (group,) = _groups(cycle, staff, "Alpha-2026")
    first_person, second_person = etwinner(greece), etwinner(greece)
    first = services.enrol(cycle=cycle, user=first_person)
    waiting = services.enrol(cycle=cycle, user=second_person, key="alpha-2026")
    assert waiting.status == Status.WAITING and waiting.group_id == group.pk
    group.refresh_from_db()
    assert group.size == 0  # waiting people are not counted in the group
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(actor=first_person, enrolment=first)
    waiting.refresh_from_db()
    group.refresh_from_db()
    assert waiting.status == Status.ENROLLED and waiting.group_id == group.pk and group.size == 1
    assert Notification.objects.filter(recipient=second_person, kind="learning.promoted").count() == 1
    services.withdraw(actor=second_person, enrolment=waiting)
    group.refresh_from_db()
    assert group.size == 0


def test_a_waiting_keyed_learner_who_leaves_does_not_shrink_the_group(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=1)
    (group,) = _groups(cycle, staff, "Alpha-2026")
    services.enrol(cycle=cycle, user=etwinner(greece), key="alpha-2026")
    person = etwinner(greece)
    waiting = services.enrol(cycle=cycle, user=person, key="alpha-2026")
    services.withdraw(actor=person, enrolment=waiting)
    group.refresh_from_db()
    assert group.size == 1


def test_two_groups_of_a_cycle_never_share_a_key(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    _first, second = _groups(cycle, staff, "Alpha-2026", "")
    with pytest.raises(LearningError):
        enrolment_extra.group_key_set(actor=staff, group=second, key="ALPHA-2026")
    second.refresh_from_db()
    assert second.enrolment_key == ""


def test_the_course_page_enrols_with_a_key_and_refuses_a_wrong_one(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=5)
    (group,) = _groups(cycle, staff, "Alpha-2026")
    person = etwinner(greece)
    log_in(client, person)
    page = client.get(reverse("learning:course", args=[course.pk]))
    assert 'name="key"' in page.content.decode()
    response = client.post(reverse("learning:enrol", args=[cycle.pk]), {"key": "wrong key"}, follow=True)
    assert "not right" in response.content.decode()
    assert not Enrolment.objects.filter(cycle=cycle).exists()
    client.post(reverse("learning:enrol", args=[cycle.pk]), {"key": "alpha-2026"})
    assert Enrolment.objects.get(cycle=cycle, user=person).group_id == group.pk


def test_staff_set_and_remove_a_key_on_the_groups_page_and_others_get_404(client, greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    (group,) = _groups(cycle, staff, "")
    trainer_user, trainer = _trainer_of(cycle, staff, greece)
    LearnerGroup.objects.filter(pk=group.pk).update(trainer=trainer)
    url = reverse("learning:group_key", args=[group.pk])
    for outsider in (nso_staff(italy), teacher(country=greece), trainer_user):
        log_in(client, outsider)
        assert client.post(url, {"key": "Alpha-2026"}).status_code == 404
    group.refresh_from_db()
    assert group.enrolment_key == ""
    log_in(client, staff)
    page = client.get(reverse("learning:cycle_groups", args=[cycle.pk]))
    assert url in page.content.decode()
    client.post(url, {"key": "Alpha-2026"})
    group.refresh_from_db()
    assert group.enrolment_key == "Alpha-2026"
    client.post(url, {"key": ""})
    group.refresh_from_db()
    assert group.enrolment_key == ""


# --- enrolling from a CSV file -------------------------------------------------------------------------------


def test_the_preview_lists_each_row_problem_and_the_counts(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2, eligibility=Eligibility.ETWINNERS)
    _groups(cycle, staff, "")
    a, b, c = etwinner(greece), etwinner(greece), etwinner(greece)
    inside = etwinner(greece)
    services.enrol(cycle=cycle, user=inside)
    pending = teacher(country=greece)  # not validated: not eligible
    content = "\n".join(
        [
            "email,group",
            f"{a.email.upper()},1",
            f"{b.email},",
            "nobody@example.org,",
            f"{a.email},",
            f"{c.email},9",
            f"{pending.email},",
            f"{inside.email},",
        ]
    ).encode()
    upload = enrolment_extra.bulk_enrol_check(actor=staff, cycle=cycle, name="people.csv", content=content)
    problems = {(e["row"], e["column"]) for e in upload.errors}
    assert problems == {(4, "email"), (5, "email"), (6, "group"), (7, "email")}
    messages = {e["row"]: e["message"] for e in upload.errors}
    assert "nobody@example.org" in messages[4]
    assert "row 2" in messages[5]
    assert "eTwinners" in messages[7]  # the reason from policies.refusal
    assert (upload.new_places, upload.to_wait, upload.already) == (1, 1, 1)
    assert upload.status == EnrolmentImport.Status.READY and len(upload.rows) == 2
    assert not Enrolment.objects.filter(user__in=[a, b]).exists()  # nothing enrolled by the check


def test_applying_enrols_once_and_a_second_file_enrols_nobody_twice(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2)
    (group,) = _groups(cycle, staff, "")
    people = [etwinner(greece) for _ in range(3)]
    content = ("email,group\n" + "\n".join(f"{p.email},1" for p in people)).encode()
    upload = enrolment_extra.bulk_enrol_check(actor=staff, cycle=cycle, name="p.csv", content=content)
    done = enrolment_extra.bulk_enrol_apply(actor=staff, upload=upload)
    assert (done.enrolled_count, done.waiting_count, done.already) == (2, 1, 0)
    rows = Enrolment.objects.filter(cycle=cycle)
    assert rows.count() == 3 and all(r.group_id == group.pk for r in rows)
    group.refresh_from_db()
    cycle.refresh_from_db()
    assert group.size == 2 and (cycle.enrolled_count, cycle.waiting_count) == (2, 1)
    assert AuditEvent.objects.filter(action="learning.bulk_enrol_applied").count() == 1
    with pytest.raises(LearningError):
        enrolment_extra.bulk_enrol_apply(actor=staff, upload=upload)
    again = enrolment_extra.bulk_enrol_check(actor=staff, cycle=cycle, name="p.csv", content=content)
    assert again.already == 3 and again.rows == []
    again = enrolment_extra.bulk_enrol_apply(actor=staff, upload=again)
    assert (again.enrolled_count, again.waiting_count, again.already) == (0, 0, 3)
    cycle.refresh_from_db()
    group.refresh_from_db()
    assert Enrolment.objects.filter(cycle=cycle).count() == 3 and cycle.enrolled_count == 2 and group.size == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("email\nμαρία@example.org\n".encode("iso-8859-7"), "UTF-8"),
        (b"mail,group\nx@example.org,1\n", "email"),
        (b"email,colour\nx@example.org,red\n", "Unknown columns"),
        (b"email\n", "no rows"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_written(client, greece, content, words):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    log_in(client, staff)
    response = client.post(
        reverse("learning:bulk_enrol", args=[cycle.pk]), {"file": SimpleUploadedFile("p.csv", content)}
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not EnrolmentImport.objects.exists() and not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="learning.bulk_enrol").exists()


def test_a_file_too_large_is_refused(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    log_in(client, staff)
    big = b"email\n" + b"x" * (enrolment_extra.CSV_MAX_BYTES + 1)
    response = client.post(reverse("learning:bulk_enrol", args=[cycle.pk]), {"file": SimpleUploadedFile("p.csv", big)})
    assert "5 MB" in response.content.decode()
    assert not EnrolmentImport.objects.exists()


def test_the_csv_pages_upload_preview_and_apply(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    person = etwinner(greece)
    log_in(client, staff)
    response = client.post(
        reverse("learning:bulk_enrol", args=[cycle.pk]),
        {"file": SimpleUploadedFile("p.csv", f"email\n{person.email}\n".encode())},
    )
    upload = EnrolmentImport.objects.get()
    assert response.url == reverse("learning:bulk_enrol_preview", args=[upload.pk])
    preview = client.get(response.url).content.decode()
    assert "Enrol 1 person" in preview
    client.post(reverse("learning:bulk_enrol_preview", args=[upload.pk]))
    assert Enrolment.objects.get(cycle=cycle, user=person).status == Status.ENROLLED


def test_csv_pages_are_404_for_staff_of_another_country_and_teachers(client, greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    upload = enrolment_extra.bulk_enrol_check(
        actor=staff, cycle=cycle, name="p.csv", content=f"email\n{etwinner(greece).email}\n".encode()
    )
    for outsider in (nso_staff(italy), teacher(country=greece)):
        log_in(client, outsider)
        assert client.get(reverse("learning:bulk_enrol", args=[cycle.pk])).status_code == 404
        assert client.get(reverse("learning:bulk_enrol_preview", args=[upload.pk])).status_code == 404
        assert client.post(reverse("learning:bulk_enrol_preview", args=[upload.pk])).status_code == 404
    assert not Enrolment.objects.filter(cycle=cycle).exists()


# --- the rule "start by a date" ------------------------------------------------------------------------------


def test_start_by_warns_once_then_withdraws_and_the_waiting_list_moves(greece, django_capture_on_commit_callbacks):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2)
    start_by = timezone.localdate() + timedelta(days=30)
    Cycle.objects.filter(pk=cycle.pk).update(start_by=start_by)
    keen, idle, next_one = etwinner(greece), etwinner(greece), etwinner(greece)
    started = services.enrol(cycle=cycle, user=keen)
    Enrolment.objects.filter(pk=started.pk).update(started_at=timezone.now())
    lazy = services.enrol(cycle=cycle, user=idle)
    waiting = services.enrol(cycle=cycle, user=next_one)
    noon = timezone.localtime().replace(hour=12)  # the same day as localdate() above, whatever the hour in UTC

    def run(days_from_start_by):
        with django_capture_on_commit_callbacks(execute=True):
            return enrolment_extra.start_by_sweep(now=noon + timedelta(days=30 + days_from_start_by))

    assert run(-10) == {"warned": 0, "withdrawn": 0}  # before the 7 days
    assert run(-5) == {"warned": 1, "withdrawn": 0}
    assert run(-4) == {"warned": 0, "withdrawn": 0}  # once
    warnings = Notification.objects.filter(kind="learning.start_warning")
    assert [n.recipient_id for n in warnings] == [idle.pk]
    assert "next person on the waiting list" in warnings[0].body
    assert run(0) == {"warned": 0, "withdrawn": 0}  # the day itself is still in time
    assert run(1) == {"warned": 0, "withdrawn": 1}
    assert run(2) == {"warned": 0, "withdrawn": 0}  # the job twice: the same result
    lazy.refresh_from_db()
    waiting.refresh_from_db()
    started.refresh_from_db()
    assert lazy.status == Status.WITHDRAWN and lazy.withdrawn_reason == "never started"
    assert waiting.status == Status.ENROLLED and started.status == Status.ENROLLED
    assert Notification.objects.filter(recipient=next_one, kind="learning.promoted").count() == 1
    assert Notification.objects.filter(recipient=idle, kind="learning.start_withdrawn").count() == 1
    event = AuditEvent.objects.get(action="learning.withdrawn", target_id=str(lazy.pk))
    assert event.data["rule"] == "learning.start_by" and event.reason == "never started"
    cycle.refresh_from_db()
    assert (cycle.enrolled_count, cycle.waiting_count) == (2, 0)
    # the person promoted after the date was never warned: they keep their place
    assert run(3) == {"warned": 0, "withdrawn": 0}


def test_the_start_warning_days_is_a_rule(greece):
    from twinning.core.rules import declared

    assert declared("learning.start_warning_days").default == 7


# --- announcements -------------------------------------------------------------------------------------------


def _mooc(country, **fields):
    return make_course(country, kind=Kind.MOOC, **fields)


def test_an_announcement_reaches_every_learner_in_bulk(greece, django_capture_on_commit_callbacks):
    course, staff = _mooc(greece)
    cycle = make_cycle(course, staff, capacity=5)
    learners = [services.enrol(cycle=cycle, user=etwinner(greece)) for _ in range(5)]
    services.enrol(cycle=cycle, user=etwinner(greece))  # waiting: not told
    services.withdraw(actor=learners[4].user, enrolment=learners[4])  # the waiting one takes the place
    gone = learners[4].user
    NotificationPreference.objects.create(user=learners[0].user, kind="learning.announcement", delivery="never")
    NotificationPreference.objects.create(user=learners[1].user, kind="learning.announcement", delivery="immediately")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        announcement = enrolment_extra.announcement_post(actor=staff, cycle=cycle, title="Week 2", body="Hello all")
    notices = Notification.objects.filter(kind="learning.announcement")
    assert notices.count() == 5 and not notices.filter(recipient=gone).exists()
    assert notices.get(recipient=learners[0].user).email_delivery == ""
    assert notices.get(recipient=learners[1].user).email_delivery == "immediately"
    assert notices.get(recipient=learners[2].user).email_delivery == "daily"
    announcement.refresh_from_db()
    assert announcement.sent_count == 5 and announcement.sent_at is not None
    assert enrolment_extra.announcement_send(announcement.pk) == 0  # the task twice: nothing more
    assert notices.count() == 5


def test_writing_the_notices_takes_the_same_queries_for_few_or_many(greece):
    course, staff = _mooc(greece)
    counts = []
    for size in (3, 9):
        cycle = make_cycle(course, staff, name=f"c{size}")
        for _ in range(size):
            services.enrol(cycle=cycle, user=etwinner(greece))
        announcement = Announcement.objects.create(cycle=cycle, title="t", body="b", author=staff)
        with CaptureQueriesContext(connection) as queries:
            assert enrolment_extra.announcement_send(announcement.pk) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_who_may_write_announcements(client, greece, italy, django_capture_on_commit_callbacks):
    course, staff = _mooc(greece)
    cycle = make_cycle(course, staff)
    other_cycle = make_cycle(course, staff, name="other")
    trainer_user, _trainer = _trainer_of(cycle, staff, greece)
    other_trainer, _other = _trainer_of(other_cycle, staff, greece)
    url = reverse("learning:announcements", args=[cycle.pk])
    learner = services.enrol(cycle=cycle, user=etwinner(greece)).user
    for outsider in (nso_staff(italy), teacher(country=greece), other_trainer, learner):
        log_in(client, outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Hi", "body": "Hello"}).status_code == 404
    assert not Announcement.objects.exists()
    log_in(client, trainer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "Hi", "body": "Hello"})
    assert response.status_code == 302
    assert Announcement.objects.get().author == trainer_user
    assert Notification.objects.filter(kind="learning.announcement", recipient=learner).exists()
    log_in(client, learner)
    page = client.get(reverse("learning:cycle_announcements", args=[cycle.pk]))
    assert page.status_code == 200 and "Hello" in page.content.decode()
    log_in(client, teacher(country=greece))
    assert client.get(reverse("learning:cycle_announcements", args=[cycle.pk])).status_code == 404


def test_an_empty_announcement_is_refused(client, greece):
    course, staff = _mooc(greece)
    cycle = make_cycle(course, staff)
    log_in(client, staff)
    response = client.post(reverse("learning:announcements", args=[cycle.pk]), {"title": "Hi", "body": "  "})
    assert response.status_code == 200 and not Announcement.objects.exists()


# --- MOOCs: no groups, personal dates; withdrawing promotes ------------------------------------------------


def test_a_mooc_is_never_balanced_into_groups(greece):
    mooc, staff = _mooc(greece)
    trainers_course, _ = make_course(greece, staff=staff, title="With trainers")
    cycles = []
    for course in (mooc, trainers_course):
        cycle = make_cycle(course, staff)
        for _ in range(3):
            services.enrol(cycle=cycle, user=etwinner(greece))
        Cycle.objects.filter(pk=cycle.pk).update(enrolment_closes_at=timezone.now() - timedelta(hours=1))
        cycles.append(cycle)
    assert services.balance_closed_cycles() == 1
    assert not LearnerGroup.objects.filter(cycle=cycles[0]).exists()
    assert LearnerGroup.objects.filter(cycle=cycles[1]).exists()
    with pytest.raises(LearningError):
        services.groups_balance(cycle=cycles[0], actor=staff)
    assert not LearnerGroup.objects.filter(cycle=cycles[0]).exists()


def test_a_self_paced_learner_sees_their_own_dates(client, greece):
    course, staff = _mooc(greece, pacing=Pacing.SELF_PACED)
    cycle = make_cycle(course, staff)
    person = etwinner(greece)
    enrolment = services.enrol(cycle=cycle, user=person)
    dates = enrolment_extra.personal_dates(enrolment, cycle, course)
    assert dates["start"] == timezone.localdate(enrolment.enrolled_at)
    assert dates["end"] - dates["start"] == cycle.ends_on - cycle.starts_on
    log_in(client, person)
    for url in (reverse("learning:course", args=[course.pk]), reverse("learning:mine")):
        assert "Your own dates (self-paced)" in client.get(url).content.decode()


def test_a_cohort_learner_sees_no_personal_dates(client, greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    person = etwinner(greece)
    services.enrol(cycle=cycle, user=person)
    log_in(client, person)
    assert "Your own dates" not in client.get(reverse("learning:mine")).content.decode()


@pytest.mark.parametrize("by_staff", [False, True])
def test_unenrolling_promotes_the_waiting_list(client, greece, by_staff, django_capture_on_commit_callbacks):
    course, staff = _mooc(greece)
    cycle = make_cycle(course, staff, capacity=1)
    first = services.enrol(cycle=cycle, user=etwinner(greece))
    waiting = services.enrol(cycle=cycle, user=etwinner(greece))
    log_in(client, staff if by_staff else first.user)
    name = "learning:staff_withdraw" if by_staff else "learning:withdraw"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(name, args=[first.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Status.ENROLLED
    assert Notification.objects.filter(recipient=waiting.user, kind="learning.promoted").exists()
