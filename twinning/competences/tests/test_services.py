"""Starting, answering, completing (named and anonymous), invitations and reminders, new versions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.competences import framework, scoring, services
from twinning.competences.models import Answer, FrameworkVersion, Invitation, Item, Phase, Reflection, Role
from twinning.core.errors import DomainError
from twinning.core.models import Notification
from twinning.learning.models import Enrolment
from twinning.learning.tests.factories import enrolled, etwinner, make_course, make_cycle

from .factories import answer_all, answered

pytestmark = pytest.mark.django_db


@pytest.fixture
def css_staff(db):
    from twinning.accounts.tests.factories import css_staff as make

    return make()


@pytest.fixture
def cycle(greece):
    course, staff = make_course(greece)
    return make_cycle(course, staff)


def _invite(person, cycle, phase=Phase.BEFORE, role=Role.TRAINEE, days=30):
    now = timezone.now()
    return Invitation.objects.create(
        person=person,
        cycle=cycle,
        phase=phase,
        role=role,
        invited_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=days),
    )


def test_the_framework_is_written_once_with_32_items(greece):
    version = framework.current()
    assert version.number == 1
    assert framework.current().pk == version.pk
    frame = framework.framework()
    assert len(frame.items) == 32 and len(frame.areas) == 6 and len(frame.competences()) == 22


def test_a_named_reflection_is_saved_as_you_go_and_scored(greece):
    person = etwinner(greece)
    reflection = services.reflection_start(person=person, anonymous=False)
    items = list(Item.objects.filter(version=reflection.version).order_by("position"))
    assert services.answer_save(reflection=reflection, item_id=items[0].pk, level=5) == 1
    assert services.answer_save(reflection=reflection, item_id=items[0].pk, level=2) == 1  # replaced, not added
    assert Answer.objects.get(reflection=reflection, item=items[0]).level == 2
    with pytest.raises(DomainError):
        services.reflection_complete(reflection=reflection)  # 31 still to choose
    # Coming back later: the same draft, its answer kept.
    assert services.reflection_start(person=person, anonymous=False).pk == reflection.pk
    levels = [1 + (i % 6) for i in range(32)]
    answer_all(reflection, levels=levels)
    done = services.reflection_complete(reflection=reflection)
    expected = scoring.scores((item.area_number, levels[i]) for i, item in enumerate(items))
    assert done.pk == reflection.pk and done.completed_at is not None
    assert done.overall == pytest.approx(expected["overall"]) and done.level_3 == expected["level_3"]
    assert done.pseudonym == scoring.pseudonym(person.pk, None, Role.TRAINEE)
    with pytest.raises(DomainError):
        services.answer_save(reflection=done, item_id=items[1].pk, level=4)  # completed: frozen


@pytest.mark.parametrize("level", [0, 7, "x", None, "3.5"])
def test_bad_levels_change_nothing(greece, level):
    reflection = services.reflection_start(person=etwinner(greece), anonymous=False)
    item = Item.objects.filter(version=reflection.version).first()
    with pytest.raises(DomainError):
        services.answer_save(reflection=reflection, item_id=item.pk, level=level)
    assert not Answer.objects.filter(reflection=reflection).exists()


def test_an_item_of_another_version_is_refused_and_nothing_saved(greece, css_staff):
    reflection = services.reflection_start(person=etwinner(greece), anonymous=False)
    framework.version_create(actor=css_staff, edits={"1.1.1": {"prompt_en": "New wording"}}, note="clearer")
    newer = Item.objects.get(version__number=2, code="1.1.1")
    older = Item.objects.get(version__number=1, code="1.2.1")
    with pytest.raises(DomainError):
        services.answers_save(reflection=reflection, levels={older.pk: 3, newer.pk: 3})
    assert not Answer.objects.filter(reflection=reflection).exists()
    with pytest.raises(DomainError):
        services.answers_save(reflection=reflection, levels={"abc": 3})


def test_a_new_version_leaves_given_answers_on_theirs(greece, css_staff):
    done = answered(etwinner(greece))
    version = framework.version_create(actor=css_staff, edits={"2.1.1": {"prompt_el": "Νέα διατύπωση"}}, note="x")
    assert version.number == 2 and framework.current() == version
    assert Item.objects.get(version=version, code="2.1.1").prompt_el == "Νέα διατύπωση"
    assert Item.objects.get(version__number=1, code="2.1.1").prompt_el != "Νέα διατύπωση"
    done.refresh_from_db()
    assert done.version.number == 1
    assert FrameworkVersion.objects.count() == 2
    from twinning.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="competences.version_created", actor=css_staff).exists()


def test_an_anonymous_reflection_keeps_nothing_that_links_it_to_its_author(greece, cycle):
    enrolment = enrolled(cycle, greece)
    person = enrolment.user
    invitation = _invite(person, cycle)
    draft = services.reflection_start(person=person, anonymous=True, invitation=invitation)
    assert draft.pseudonym == ""
    answer_all(draft, level=4)
    kept = services.reflection_complete(reflection=draft)
    assert not Reflection.objects.filter(pk=draft.pk).exists()
    assert kept.person_id is None and kept.pseudonym == "" and kept.anonymous and kept.started_at is None
    local = timezone.localtime(kept.completed_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert not Reflection.objects.filter(person=person).exists()
    assert Answer.objects.filter(reflection=kept).count() == 32
    assert kept.level_overall == 4 and kept.cycle_id == cycle.pk
    invitation.refresh_from_db()
    assert invitation.answered_at is not None and timezone.localtime(invitation.answered_at).hour == 0
    from twinning.core.models import AuditEvent

    assert not AuditEvent.objects.filter(target_type="competences.reflection").exists()


def test_answering_never_touches_the_course(greece, cycle):
    enrolment = enrolled(cycle, greece)
    before = Enrolment.objects.filter(pk=enrolment.pk).values().get()
    answered(enrolment.user, invitation=_invite(enrolment.user, cycle))
    assert Enrolment.objects.filter(pk=enrolment.pk).values().get() == before


def test_invitation_rules(greece, cycle):
    person = enrolled(cycle, greece).user
    closed = _invite(person, cycle, days=-1)
    with pytest.raises(DomainError):
        services.reflection_start(person=person, anonymous=False, invitation=closed)
    other = etwinner(greece)
    with pytest.raises(DomainError):
        services.reflection_start(person=other, anonymous=False, invitation=closed)
    assert not Reflection.objects.exists()


def test_before_and_after_share_a_pseudonym_and_free_ones_do_not(greece, cycle):
    person = enrolled(cycle, greece).user
    before = answered(person, invitation=_invite(person, cycle, Phase.BEFORE))
    after = answered(person, invitation=_invite(person, cycle, Phase.AFTER), level=5)
    free = answered(person)
    assert before.pseudonym == after.pseudonym != free.pseudonym
    assert str(person.pk) not in before.pseudonym or len(before.pseudonym) == 32


def test_invitations_at_start_and_end_once_each_with_one_reminder(greece, cycle):
    learners = [enrolled(cycle, greece).user for _ in range(3)]
    today = timezone.localdate()
    cycle.starts_on, cycle.ends_on = today - timedelta(days=2), today + timedelta(days=100)
    cycle.save(update_fields=["starts_on", "ends_on"])
    counts = services.invite_due()
    assert counts == {"before": 3, "after": 0}
    assert services.invite_due() == {"before": 0, "after": 0}  # idempotent
    assert Notification.objects.filter(kind="competences.invited").count() == 3
    assert set(Invitation.objects.values_list("person_id", flat=True)) == {p.pk for p in learners}
    # A week later the two who have not answered are reminded, once.
    answered(learners[0], invitation=Invitation.objects.get(person=learners[0]))
    later = timezone.now() + timedelta(days=8)
    assert services.remind_due(now=later) == 2
    assert services.remind_due(now=later) == 0
    assert set(Notification.objects.filter(kind="competences.reminder").values_list("recipient_id", flat=True)) == {
        learners[1].pk,
        learners[2].pk,
    }
    # At the end: the after phase.
    cycle.ends_on = today
    cycle.save(update_fields=["ends_on"])
    assert services.invite_due()["after"] == 3


def test_a_closed_window_invites_nobody(greece, cycle):
    enrolled(cycle, greece)
    cycle.starts_on = timezone.localdate() - timedelta(days=90)
    cycle.save(update_fields=["starts_on"])
    assert services.invite_due() == {"before": 0, "after": 0}


def test_discard_a_draft_but_never_a_completed_one(greece):
    person = etwinner(greece)
    draft = services.reflection_start(person=person, anonymous=False)
    services.reflection_discard(reflection=draft)
    assert not Reflection.objects.filter(pk=draft.pk).exists()
    done = answered(person)
    with pytest.raises(DomainError):
        services.reflection_discard(reflection=done)
