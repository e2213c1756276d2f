"""Volunteer trainers and learner groups: counts kept without recounting, bulk enrolment, the call for
trainers and its decisions (audited, the applicant told), the registry, trainers on cycles, balancing into
groups (schools kept together, idempotent, the daily job), moving a learner, the first-class rule that a
trainer sees only their own groups (pages and CSV), the trainers' room, fixed query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.core import rules
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification, PlatformRule
from twinning.discussions.models import Forum
from twinning.learning import extensions, services
from twinning.learning.models import (
    ApplicationStatus,
    Cycle,
    CycleTrainer,
    Eligibility,
    Enrolment,
    LearnerGroup,
    Status,
    Trainer,
    TrainerApplication,
)
from twinning.learning.services import LearningError
from twinning.schools.tests.factories import SchoolFactory

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


def _counts(cycle):
    cycle.refresh_from_db()
    rows = Enrolment.objects.filter(cycle=cycle)
    real = (
        rows.filter(status__in=[Status.ENROLLED, Status.COMPLETED]).count(),
        rows.filter(status=Status.WAITING).count(),
    )
    return (cycle.enrolled_count, cycle.waiting_count), real


def _trainer(country, staff, **kwargs):
    user = etwinner(country, **kwargs)
    application = services.trainer_apply(actor=user, motivation="I like it", experience="Ten years")
    return services.application_decide(actor=staff, application=application, approve=True)


# --- counts and bulk enrolment ---------------------------------------------------------------------------


def test_counts_follow_every_change_without_recounting(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=2)
    people = [etwinner(greece) for _ in range(4)]
    rows = [services.enrol(cycle=cycle, user=p) for p in people]
    stored, real = _counts(cycle)
    assert stored == real == (2, 2)
    services.withdraw(actor=people[0], enrolment=rows[0])  # a place frees: the first waiting takes it
    services.withdraw(actor=people[3], enrolment=rows[3])  # leaves the waiting list
    stored, real = _counts(cycle)
    assert stored == real == (2, 0)
    services.enrolment_complete(actor=staff, enrolment=rows[1])
    stored, real = _counts(cycle)
    assert stored == real == (2, 0)


def test_enrol_many_places_then_waiting_list_and_reasons(greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=3, eligibility=Eligibility.ETWINNERS)
    already = etwinner(greece)
    services.enrol(cycle=cycle, user=already)
    pending = teacher(country=greece)
    people = [etwinner(greece) for _ in range(4)]
    result = services.enrol_many(cycle=cycle, users=[already, pending, *people, people[0]], actor=staff)
    assert result["enrolled"] == 2 and result["waiting"] == 2
    assert {user.pk for user, _reason in result["refused"]} == {already.pk, pending.pk}
    stored, real = _counts(cycle)
    assert stored == real == (3, 2)
    waiting = list(Enrolment.objects.filter(cycle=cycle, status=Status.WAITING).order_by("position"))
    assert [e.user_id for e in waiting] == [people[2].pk, people[3].pk] and waiting[0].position == 1
    assert AuditEvent.objects.filter(action="learning.enrolled_many").count() == 1


def test_enrol_many_is_for_the_courses_staff_only(greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    with pytest.raises(NotAllowed):
        services.enrol_many(cycle=cycle, users=[etwinner(greece)], actor=nso_staff(italy))
    assert not Enrolment.objects.exists() and _counts(cycle)[0] == (0, 0)


# --- the call for trainers and the registry ----------------------------------------------------------------


def test_only_validated_etwinners_apply_and_bad_input_writes_nothing(greece):
    with pytest.raises(NotAllowed):
        services.trainer_apply(actor=teacher(country=greece), motivation="a", experience="b")
    maria = etwinner(greece)
    with pytest.raises(LearningError):
        services.trainer_apply(actor=maria, motivation="   ", experience="b")
    assert not TrainerApplication.objects.exists()
    services.trainer_apply(actor=maria, motivation="a", experience="b")
    with pytest.raises(LearningError):
        services.trainer_apply(actor=maria, motivation="a", experience="b")
    assert TrainerApplication.objects.count() == 1
    assert AuditEvent.objects.filter(action="learning.trainer_applied").count() == 1


def test_the_nso_of_the_country_decides_audited_and_the_applicant_is_told(
    greece, italy, django_capture_on_commit_callbacks
):
    staff = nso_staff(greece)
    maria, nikos = etwinner(greece), etwinner(greece)
    a = services.trainer_apply(actor=maria, motivation="a", experience="b")
    b = services.trainer_apply(actor=nikos, motivation="a", experience="b")
    with pytest.raises(NotAllowed):
        services.application_decide(actor=nso_staff(italy), application=a, approve=True)
    with pytest.raises(LearningError):
        services.application_decide(actor=staff, application=b, approve=False, reason=" ")
    assert (
        not Trainer.objects.exists()
        and TrainerApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 2
    )
    with django_capture_on_commit_callbacks(execute=True):
        trainer = services.application_decide(actor=staff, application=a, approve=True)
        services.application_decide(actor=staff, application=b, approve=False, reason="No experience yet")
    assert trainer.user == maria and trainer.active and trainer.country == greece
    assert not Trainer.objects.filter(user=nikos).exists()
    refused = AuditEvent.objects.get(action="learning.trainer_refused")
    assert refused.reason == "No experience yet"
    assert AuditEvent.objects.filter(action="learning.trainer_approved").count() == 1
    assert Notification.objects.filter(recipient=maria, kind="learning.trainer_decision").exists()
    assert Notification.objects.get(recipient=nikos, kind="learning.trainer_decision").body == "No experience yet"
    with pytest.raises(LearningError):
        services.application_decide(actor=staff, application=b, approve=True)


# --- trainers on cycles and groups ------------------------------------------------------------------------------


def test_assigning_trainers_opens_the_trainers_room(greece, italy):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    greek = _trainer(greece, staff)
    italian = _trainer(italy, nso_staff(italy))
    with pytest.raises(LearningError):
        services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=italian)
    with pytest.raises(NotAllowed):
        services.cycle_trainer_assign(actor=nso_staff(italy), cycle=cycle, trainer=greek)
    assert not CycleTrainer.objects.exists() and not Forum.objects.exists()
    services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=greek)
    with pytest.raises(LearningError):
        services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=greek)
    assert Forum.objects.filter(host="learning.cycle", host_id=cycle.pk).count() == 1
    assert extensions.trainers_room(greek.user, cycle.pk) is not None
    assert extensions.trainers_room(staff, cycle.pk).moderate
    assert extensions.trainers_room(italian.user, cycle.pk) is None
    assert extensions.trainers_room(etwinner(greece), cycle.pk) is None


def _cycle_with_learners(greece, *, schools=(12, 10, 8), alone=30, trainers=3):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    people = []
    for size in schools:
        school = SchoolFactory(country=greece)
        people += [etwinner(greece, school=school) for _ in range(size)]
    people += [etwinner(greece) for _ in range(alone)]
    services.enrol_many(cycle=cycle, users=people, actor=staff)
    for _index in range(trainers):
        services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=_trainer(greece, staff))
    return cycle, staff


def _placement(cycle):
    return dict(Enrolment.objects.filter(cycle=cycle).values_list("pk", "group_id"))


def test_balancing_keeps_schools_together_balanced_one_trainer_each(greece):
    cycle, staff = _cycle_with_learners(greece)
    result = services.groups_balance(cycle=cycle, actor=staff)
    assert result == {"placed": 60, "groups": 3, "new_groups": 3}
    groups = list(LearnerGroup.objects.filter(cycle=cycle).order_by("number"))
    assert [g.size for g in groups] == [20, 20, 20]
    assert len({g.trainer_id for g in groups}) == 3 and all(g.trainer_id for g in groups)
    for group in groups:
        assert Enrolment.objects.filter(group=group).count() == group.size
    by_school = {}
    for school_id, group_id in Enrolment.objects.filter(cycle=cycle).values_list(
        "user__school_memberships__school_id", "group_id"
    ):
        by_school.setdefault(school_id, set()).add(group_id)
    assert sum(1 for groups_of in by_school.values() if len(groups_of) > 1) == 0
    assert AuditEvent.objects.filter(action="learning.groups_balanced").count() == 1


def test_balancing_again_keeps_placements_and_places_newcomers(greece):
    cycle, staff = _cycle_with_learners(greece)
    services.groups_balance(cycle=cycle, actor=staff)
    before = _placement(cycle)
    assert services.groups_balance(cycle=cycle, actor=staff)["placed"] == 0
    assert _placement(cycle) == before
    services.enrol_many(cycle=cycle, users=[etwinner(greece) for _ in range(16)], actor=staff)
    result = services.groups_balance(cycle=cycle, actor=staff)
    assert result["placed"] == 16 and result["groups"] == 4  # 76 people: at most 25 a group
    after = _placement(cycle)
    assert all(after[pk] == group for pk, group in before.items())
    sizes = sorted(LearnerGroup.objects.filter(cycle=cycle).values_list("size", flat=True))
    assert sum(sizes) == 76 and max(sizes) <= 25


def test_the_group_size_is_a_rule(greece):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=30, trainers=0)
    PlatformRule.objects.create(key="learning.group_size_max", value=10)
    rules.rules_changed()
    try:
        assert services.groups_balance(cycle=cycle, actor=staff)["groups"] == 3
    finally:
        PlatformRule.objects.all().delete()
        rules.rules_changed()
    assert set(LearnerGroup.objects.values_list("size", flat=True)) == {10}


def test_balancing_is_for_the_courses_staff_and_the_daily_job(greece, italy):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=5, trainers=1)
    with pytest.raises(NotAllowed):
        services.groups_balance(cycle=cycle, actor=nso_staff(italy))
    assert not LearnerGroup.objects.exists()
    assert services.balance_closed_cycles() == 0  # enrolment still open
    Cycle.objects.filter(pk=cycle.pk).update(enrolment_closes_at=timezone.now() - timedelta(hours=1))
    assert services.balance_closed_cycles() == 1
    assert LearnerGroup.objects.get().size == 5
    assert services.balance_closed_cycles() == 0


def test_staff_move_a_learner_audited_and_bad_moves_change_nothing(greece, italy):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=30, trainers=2)
    services.groups_balance(cycle=cycle, actor=staff)
    one, two = LearnerGroup.objects.filter(cycle=cycle).order_by("number")
    enrolment = Enrolment.objects.filter(group=one).first()
    other_cycle = make_cycle(cycle.course, staff, name="other")
    stranger = LearnerGroup.objects.create(cycle=other_cycle, number=1)
    with pytest.raises(LearningError):
        services.member_move(actor=staff, enrolment=enrolment, group=stranger)
    with pytest.raises(NotAllowed):
        services.member_move(actor=nso_staff(italy), enrolment=enrolment, group=two)
    with pytest.raises(LearningError):
        services.member_move(actor=staff, enrolment=enrolment, group=one)
    enrolment.refresh_from_db()
    assert enrolment.group_id == one.pk and not AuditEvent.objects.filter(action="learning.member_moved").exists()
    services.member_move(actor=staff, enrolment=enrolment, group=two)
    one.refresh_from_db(), two.refresh_from_db()
    assert (one.size, two.size) == (14, 16)
    assert AuditEvent.objects.get(action="learning.member_moved").data["to_group"] == two.pk


def test_withdrawing_leaves_the_group(greece):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=3, trainers=1)
    services.groups_balance(cycle=cycle, actor=staff)
    enrolment = Enrolment.objects.filter(cycle=cycle).first()
    services.withdraw(actor=staff, enrolment=enrolment)
    assert LearnerGroup.objects.get().size == 2
    enrolment.refresh_from_db()
    assert enrolment.group_id is None


# --- the first-class rule: a trainer sees only their own groups ------------------------------------------


def _two_groups(greece):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=0, trainers=2)
    a_people = [etwinner(greece, last_name="Αλφα") for _ in range(2)]
    b_people = [etwinner(greece, last_name="Βήτα") for _ in range(2)]
    services.enrol_many(cycle=cycle, users=[*a_people, *b_people], actor=staff)
    PlatformRule.objects.create(key="learning.group_size_max", value=2)
    rules.rules_changed()
    try:
        services.groups_balance(cycle=cycle, actor=staff)
    finally:
        PlatformRule.objects.all().delete()
        rules.rules_changed()
    group_a = Enrolment.objects.get(user=a_people[0]).group
    group_b = LearnerGroup.objects.exclude(pk=group_a.pk).get()
    for person in a_people[1:]:  # make group A all "Αλφα"
        row = Enrolment.objects.get(user=person)
        if row.group_id != group_a.pk:
            services.member_move(actor=staff, enrolment=row, group=group_a)
            services.member_move(
                actor=staff,
                enrolment=Enrolment.objects.filter(group=group_a, user__last_name="Βήτα").first(),
                group=group_b,
            )
    return cycle, staff, group_a, group_b, a_people[0]


def test_a_trainer_sees_only_their_own_group(client, greece, italy):
    cycle, staff, group_a, group_b, learner = _two_groups(greece)
    log_in(client, group_a.trainer.user)
    home = client.get(reverse("learning:trainer_home")).content.decode()
    assert "Αλφα" in home and "Βήτα" not in home
    page = client.get(reverse("learning:group", args=[group_a.pk])).content.decode()
    assert "Αλφα" in page and "Βήτα" not in page
    assert client.get(reverse("learning:group", args=[group_b.pk])).status_code == 404
    assert client.get(reverse("learning:group_export", args=[group_b.pk])).status_code == 404
    export = client.get(reverse("learning:group_export", args=[group_a.pk]))
    text = b"".join(export.streaming_content).decode("utf-8")
    assert "Αλφα" in text and "Βήτα" not in text
    log_in(client, learner)
    for group in (group_a, group_b):
        assert client.get(reverse("learning:group", args=[group.pk])).status_code == 404
        assert client.get(reverse("learning:group_export", args=[group.pk])).status_code == 404
    log_in(client, nso_staff(italy))
    assert client.get(reverse("learning:group", args=[group_a.pk])).status_code == 404
    assert client.get(reverse("learning:group_export", args=[group_a.pk])).status_code == 404
    assert client.get(reverse("learning:cycle_groups", args=[cycle.pk])).status_code == 404
    log_in(client, staff)
    assert client.get(reverse("learning:group", args=[group_b.pk])).status_code == 200
    assert client.get(reverse("learning:cycle_groups", args=[cycle.pk])).status_code == 200


def test_the_trainers_room_is_linked_and_closed_to_learners(client, greece):
    cycle, _staff, group_a, _group_b, learner = _two_groups(greece)
    forum = Forum.objects.get(host="learning.cycle", host_id=cycle.pk)
    log_in(client, group_a.trainer.user)
    assert (
        reverse("discussions:forum", args=[forum.pk]) in client.get(reverse("learning:trainer_home")).content.decode()
    )
    assert client.get(reverse("discussions:forum", args=[forum.pk])).status_code == 200
    log_in(client, learner)
    assert client.get(reverse("discussions:forum", args=[forum.pk])).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_trainer_page_group_page_and_registry_keep_their_query_count(client, greece):
    cycle, staff = _cycle_with_learners(greece, schools=(), alone=2, trainers=1)
    services.groups_balance(cycle=cycle, actor=staff)
    group = LearnerGroup.objects.get()
    trainer_user = group.trainer.user
    counts: dict[str, list[int]] = {"home": [], "group": [], "registry": []}
    log_in(client, staff)
    _count(client, reverse("learning:registry"))  # warm the caches (menu, rules)
    log_in(client, trainer_user)
    _count(client, reverse("learning:trainer_home"))
    for size in (2, 6):
        services.enrol_many(cycle=cycle, users=[etwinner(greece) for _ in range(size)], actor=staff)
        services.groups_balance(cycle=cycle, actor=staff)
        while Trainer.objects.count() < size:
            _trainer(greece, staff)
        log_in(client, trainer_user)
        counts["home"].append(_count(client, reverse("learning:trainer_home")))
        counts["group"].append(_count(client, reverse("learning:group", args=[group.pk])))
        log_in(client, staff)
        counts["registry"].append(_count(client, reverse("learning:registry")))
    assert LearnerGroup.objects.get().size == 10
    for name, values in counts.items():
        assert values[0] == values[1], (name, counts)


# --- staff pages ----------------------------------------------------------------------------------------------


def test_apply_decide_and_move_through_the_web(client, greece, italy):
    maria = etwinner(greece, last_name="Καλή")
    log_in(client, teacher(country=greece, status=ValidationStatus.PENDING))
    assert client.post(reverse("learning:trainer_apply"), {"motivation": "a", "experience": "b"}).status_code == 403
    log_in(client, maria)
    response = client.post(reverse("learning:trainer_apply"), {"motivation": "I teach", "experience": "Years"})
    assert response.status_code == 302
    application = TrainerApplication.objects.get()
    log_in(client, nso_staff(italy))
    assert "Καλή" not in client.get(reverse("learning:applications")).content.decode()
    decide = reverse("learning:application_decide", args=[application.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    staff = nso_staff(greece)
    log_in(client, staff)
    assert "Καλή" in client.get(reverse("learning:applications")).content.decode()
    client.post(decide, {"decision": "refuse", "reason": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    client.post(decide, {"decision": "approve"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert "Καλή" in client.get(reverse("learning:registry")).content.decode()
    trainer = Trainer.objects.get()
    course, _s = make_course(greece, staff=staff)
    cycle = make_cycle(course, staff)
    response = client.post(reverse("learning:cycle_groups", args=[cycle.pk]), {"email": maria.email})
    assert response.status_code == 302 and CycleTrainer.objects.filter(cycle=cycle, trainer=trainer).exists()
    services.enrol_many(cycle=cycle, users=[etwinner(greece) for _ in range(3)], actor=staff)
    client.post(reverse("learning:groups_balance", args=[cycle.pk]))
    group = LearnerGroup.objects.get(cycle=cycle)
    assert group.size == 3 and group.trainer == trainer
    page = client.get(reverse("learning:trainer_detail", args=[trainer.pk])).content.decode()
    assert course.title in page
    log_in(client, teacher(country=greece))
    assert client.get(reverse("learning:registry")).status_code == 403
    assert client.get(reverse("learning:applications")).status_code == 403


def test_the_demo_has_a_running_cycle_with_two_groups_and_their_trainers(demo_upto):
    demo_upto("learning")
    from django.core.management import call_command

    call_command("load_demo")
    groups = list(LearnerGroup.objects.select_related("trainer").order_by("number"))
    assert len(groups) == 2 and all(g.trainer for g in groups) and groups[0].trainer != groups[1].trainer
    assert all(g.size == Enrolment.objects.filter(group=g).count() > 0 for g in groups)
    call_command("load_demo")
    assert LearnerGroup.objects.count() == 2 and Trainer.objects.count() == 2


def test_staff_change_a_groups_trainer_audited_and_bad_changes_change_nothing(client, greece, italy):
    cycle, staff, group_a, group_b, _learner = _two_groups(greece)
    former = group_a.trainer
    newcomer = _trainer(greece, staff)  # approved, not yet on the cycle
    log_in(client, staff)
    url = reverse("learning:group_trainer", args=[group_a.pk])
    client.post(url, {"email": newcomer.user.email})
    group_a.refresh_from_db()
    assert group_a.trainer_id == newcomer.pk
    assert CycleTrainer.objects.filter(cycle=cycle, trainer=newcomer).exists()  # assigned to the cycle with it
    event = AuditEvent.objects.get(action="learning.group_trainer_changed")
    assert event.data == {"group": group_a.number, "from_user": former.user_id, "to_user": newcomer.user_id}
    # The new trainer sees the group, the former one no longer.
    log_in(client, newcomer.user)
    assert client.get(reverse("learning:group", args=[group_a.pk])).status_code == 200
    log_in(client, former.user)
    assert client.get(reverse("learning:group", args=[group_a.pk])).status_code == 404
    # Refused: the trainer of another group of the cycle, an unknown address, another country's trainer.
    log_in(client, staff)
    for email in (group_b.trainer.user.email, "nobody@example.org"):
        client.post(url, {"email": email})
        group_a.refresh_from_db()
        assert group_a.trainer_id == newcomer.pk
    with pytest.raises(LearningError):
        services.group_trainer_set(actor=staff, group=group_a, trainer=group_b.trainer)
    # Only the staff of the course's country; a trainer cannot change their own group.
    for intruder in (nso_staff(italy), newcomer.user):
        log_in(client, intruder)
        assert client.post(url, {"email": ""}).status_code in (403, 404)
    with pytest.raises(NotAllowed):
        services.group_trainer_set(actor=nso_staff(italy), group=group_a, trainer=None)
    # Empty: no trainer for now (then nothing more to remove).
    log_in(client, staff)
    client.post(url, {"email": ""})
    group_a.refresh_from_db()
    assert group_a.trainer_id is None
    with pytest.raises(LearningError):
        services.group_trainer_set(actor=staff, group=group_a, trainer=None)
    assert AuditEvent.objects.filter(action="learning.group_trainer_changed").count() == 2
