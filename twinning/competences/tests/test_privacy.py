"""A person's self-reflections in their download, and erasure: named answers become anonymous ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.competences import services
from twinning.competences.models import Answer, Invitation, Phase, Reflection, Role
from twinning.core import privacy
from twinning.learning.tests.factories import enrolled, etwinner, make_course, make_cycle

from .factories import answered

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    person = enrolled(cycle, greece).user
    now = timezone.now()
    return Invitation.objects.create(
        person=person,
        cycle=cycle,
        phase=Phase.BEFORE,
        role=Role.TRAINEE,
        invited_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )


def test_the_download_holds_named_reflections_and_invitations(invitation, greece):
    person = invitation.person
    answered(person, invitation=invitation, level=4)
    services.reflection_start(person=person, anonymous=False)  # one in progress
    someone = etwinner(greece)
    answered(someone, level=2)
    part = privacy.export_person(person)["self_reflection"]
    assert len(part["reflections"]) == 2
    done = next(r for r in part["reflections"] if r["completed_at"])
    assert done["phase"] == "before" and done["overall"] == "B2" and len(done["answers"]) == 32
    assert {a["level"] for a in done["answers"]} == {"B2"}
    assert part["invitations"][0]["answered_on"] is not None
    assert "pseudonym" not in str(part)


def test_an_anonymous_answer_is_in_nobodys_download(invitation):
    person = invitation.person
    answered(person, invitation=invitation, anonymous=True)
    part = privacy.export_person(person)["self_reflection"]
    assert part["reflections"] == []
    assert Reflection.objects.filter(anonymous=True).count() == 1


def test_erasure_turns_named_answers_into_anonymous_ones(invitation, greece):
    person = invitation.person
    done = answered(person, invitation=invitation, level=5)
    draft = services.reflection_start(person=person, anonymous=False)
    privacy.erase_person(person)
    assert not Reflection.objects.filter(pk=draft.pk).exists()
    done.refresh_from_db()
    assert done.person_id is None and done.pseudonym == "" and done.anonymous and done.started_at is None
    local = timezone.localtime(done.completed_at)
    assert (local.hour, local.minute) == (0, 0)
    assert done.level_overall == 5 and Answer.objects.filter(reflection=done).count() == 32
    assert not Invitation.objects.filter(person=person).exists()
    privacy.erase_person(person)  # safe twice
