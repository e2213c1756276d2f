"""Pages: the teacher's way through (start, answer with and without the script, complete, report), who may
see what (404 for anyone but the teacher; reports for the country's staff and a trainer's own group), both
languages, bad input."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.competences.models import Answer, Invitation, Item, Phase, Reflection, Role
from twinning.core.pupils import pupil_email
from twinning.learning.models import CycleTrainer, LearnerGroup, Trainer
from twinning.learning.tests.factories import etwinner, make_course, make_cycle

from .factories import answer_all, answered, row

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"competences:{name}", args=args)


def test_a_teacher_starts_answers_completes_and_reads_their_report(client, greece):
    person = etwinner(greece)
    log_in(client, person)
    page = client.get(url("home"))
    assert page.status_code == 200 and b"Start a self-reflection" in page.content
    notice = client.get(url("start"))
    assert b"Who sees what" in notice.content
    response = client.post(url("start"), {"anonymous": "0"})
    reflection = Reflection.objects.get(person=person)
    assert response.url == url("take", reflection.pk)
    page = client.get(url("take", reflection.pk) + "?area=2")
    items = list(Item.objects.filter(version=reflection.version, area_number=2).order_by("position"))
    assert page.status_code == 200 and items[0].prompt_en.encode() in page.content
    # Without the script: the area's form saves what was chosen and goes to the next area.
    response = client.post(url("take", reflection.pk), {"area": 2, **{f"item-{i.pk}": 4 for i in items}})
    assert response.status_code == 302 and response.url.endswith("?area=3")
    assert Answer.objects.filter(reflection=reflection).count() == len(items)
    # With the script: one answer at a time.
    first = Item.objects.get(version=reflection.version, position=1)
    saved = client.post(url("answer", reflection.pk), {"item": first.pk, "level": 6})
    assert saved.json() == {"answered": len(items) + 1}
    refused = client.post(url("answer", reflection.pk), {"item": first.pk, "level": 9})
    assert refused.status_code == 400 and "error" in refused.json()
    answer_all(reflection, level=3)
    response = client.post(url("complete", reflection.pk))
    assert response.url == url("report", reflection.pk)
    report = client.get(response.url)
    assert report.status_code == 200 and b"Your strengths" in report.content and b"<svg" in report.content


def test_an_anonymous_report_is_shown_once(client, greece):
    person = etwinner(greece)
    log_in(client, person)
    client.post(url("start"), {"anonymous": "1"})
    draft = Reflection.objects.get(person=person)
    answer_all(draft, level=2)
    page = client.post(url("complete", draft.pk))
    assert page.status_code == 200 and b"Your answers are now anonymous" in page.content
    assert not Reflection.objects.filter(person=person).exists()
    assert client.get(url("report", draft.pk)).status_code == 404


def test_nobody_else_sees_or_changes_a_reflection(client, greece, greek_nso):
    owner = etwinner(greece)
    draft = Reflection.objects.get(pk=answered(owner).pk)
    other_draft = Reflection.objects.create(
        version=draft.version, person=owner, phase=Phase.FREE, country=greece, started_at=timezone.now()
    )
    item = Item.objects.filter(version=draft.version).first()
    for intruder in (etwinner(greece), greek_nso):
        log_in(client, intruder)
        assert client.get(url("report", draft.pk)).status_code == 404
        assert client.get(url("take", other_draft.pk)).status_code == 404
        assert client.post(url("answer", other_draft.pk), {"item": item.pk, "level": 3}).status_code == 404
        assert client.post(url("complete", other_draft.pk)).status_code == 404
        assert client.post(url("discard", other_draft.pk)).status_code == 404
    assert not Answer.objects.filter(reflection=other_draft).exists()
    assert Reflection.objects.filter(pk=other_draft.pk).exists()


def test_pupils_and_visitors_never_reach_it(client, greece):
    assert client.get(url("home")).status_code == 302  # to sign in
    pupil = teacher(country=greece, email=pupil_email("pupil-one"))
    client.force_login(pupil)
    assert client.get(url("home")).status_code == 404
    assert client.get(url("start")).status_code == 404


@pytest.fixture
def cycle_with_answers(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    trainer_user = etwinner(greece)
    trainer = Trainer.objects.create(user=trainer_user, country=greece, since=date(2020, 1, 1))
    CycleTrainer.objects.create(cycle=cycle, trainer=trainer)
    own = LearnerGroup.objects.create(cycle=cycle, number=1, trainer=trainer)
    other = LearnerGroup.objects.create(cycle=cycle, number=2)
    for group, level in ((own, 2), (other, 4)):
        for _ in range(6):
            person = etwinner(greece)
            row(cycle=cycle, phase=Phase.BEFORE, level=level, person=person, group=group)
            row(cycle=cycle, phase=Phase.AFTER, level=level + 1, person=person, group=group)
    return course, cycle, staff, trainer_user, own, other


def test_staff_read_their_countrys_report_in_both_languages(client, cycle_with_answers, italy):
    course, cycle, staff, _trainer, _own, _other = cycle_with_answers
    log_in(client, staff)
    for lang in ("el", "en"):
        page = client.get(url("course_report", course.pk, lang=lang) + f"?cycle={cycle.pk}&by=group")
        assert page.status_code == 200
    page = client.get(url("course_report", course.pk) + f"?cycle={cycle.pk}&by=group")
    assert b"Headline" in page.content and b"40% \xe2\x86\x92 60%" in page.content  # (3→4 levels) mean of 2,4
    csv = client.get(url("course_report_csv", course.pk) + f"?cycle={cycle.pk}")
    assert csv.status_code == 200 and "Group" not in csv.content.decode("utf-8-sig").splitlines()[0]
    assert client.get(url("reports")).status_code == 200
    log_in(client, nso_staff(italy))
    assert client.get(url("course_report", course.pk)).status_code == 404
    assert client.get(url("course_report_csv", course.pk)).status_code == 404


def test_a_trainer_sees_only_their_own_groups_trainees(client, cycle_with_answers, greece):
    course, cycle, _staff, trainer_user, own, other = cycle_with_answers
    log_in(client, trainer_user)
    page = client.get(url("course_report", course.pk) + f"?cycle={cycle.pk}&group={other.pk}&role=trainer&by=group")
    assert page.status_code == 200
    report = page.context["report"]
    assert report.filters == {"cycle": cycle.pk, "group": own.pk, "role": Role.TRAINEE}
    assert report.before.overall.percent == pytest.approx(20)  # their group's level 2, not the other's 4
    assert report.slices == []
    # Another course, or a teacher who tutors nothing: 404.
    other_course, other_staff = make_course(greece, title="Robotics")
    assert client.get(url("course_report", other_course.pk)).status_code == 404
    log_in(client, etwinner(greece))
    assert client.get(url("course_report", course.pk)).status_code == 404
    assert client.get(url("reports")).status_code == 404


def test_filters_with_unknown_values_change_nothing(client, cycle_with_answers):
    course, cycle, staff, *_ = cycle_with_answers
    log_in(client, staff)
    for query in ("?cycle=abc", "?cycle=999999", "?group=-1&region=x", "?level=9&by=nonsense", "?page=99999"):
        assert client.get(url("course_report", course.pk) + query).status_code == 200
    assert client.get(url("reports") + "?page=99999").status_code == 200


def test_an_invitation_leads_to_the_phase(client, cycle_with_answers, greece):
    _course, cycle, *_ = cycle_with_answers
    person = etwinner(greece)
    now = timezone.now()
    invitation = Invitation.objects.create(
        person=person,
        cycle=cycle,
        phase=Phase.BEFORE,
        role=Role.TRAINEE,
        invited_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
    )
    log_in(client, person)
    assert cycle.course.title.encode() in client.get(url("home")).content
    client.post(url("start"), {"anonymous": "0", "invitation": invitation.pk})
    reflection = Reflection.objects.get(person=person)
    assert (reflection.cycle_id, reflection.phase) == (cycle.pk, Phase.BEFORE)
    log_in(client, etwinner(greece))
    assert client.get(url("start") + f"?invitation={invitation.pk}").status_code == 404


def test_report_pages_keep_their_number_of_queries(client, cycle_with_answers, greece):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course, cycle, staff, _trainer, own, _other = cycle_with_answers
    log_in(client, staff)
    page = url("course_report", course.pk) + f"?cycle={cycle.pk}&by=group"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured.captured_queries)

    count()  # the first request of a session does more (last seen, cache)
    small = count()
    for number in range(3, 8):  # five more groups and 60 more people
        group = LearnerGroup.objects.create(cycle=cycle, number=number)
        for _ in range(6):
            person = etwinner(greece)
            row(cycle=cycle, phase=Phase.BEFORE, level=3, person=person, group=group)
            row(cycle=cycle, phase=Phase.AFTER, level=4, person=person, group=group)
    assert count() == small
    owner = etwinner(greece)
    done = answered(owner)
    log_in(client, owner)
    client.get(url("home"))
    with CaptureQueriesContext(connection) as first:
        client.get(url("report", done.pk))
    answered(owner, level=5)
    later = Reflection.objects.filter(person=owner).order_by("-pk").first()
    with CaptureQueriesContext(connection) as second:
        client.get(url("report", later.pk))
    assert len(first.captured_queries) == len(second.captured_queries)


def test_the_official_tools_headline_is_shown_beside_the_platforms(client, cycle_with_answers):
    from decimal import Decimal

    from twinning.competences.models import OfficialResult

    course, cycle, staff, *_ = cycle_with_answers
    now = timezone.now()
    for phase, percent in ((Phase.BEFORE, Decimal("37.0")), (Phase.AFTER, Decimal("54.4"))):
        OfficialResult.objects.create(cycle=cycle, role=Role.TRAINEE, phase=phase, area=0, percent=percent,
                                      respondents=120, imported_at=now)  # fmt: skip
    OfficialResult.objects.create(
        cycle=cycle, role=Role.TRAINER, phase=Phase.BEFORE, area=0, percent=Decimal(60), imported_at=now
    )  # fmt: skip  (no "after" for trainers: no line for them)
    log_in(client, staff)
    page = client.get(url("course_report", course.pk) + f"?cycle={cycle.pk}").content.decode()
    assert "Official SELFIE for TEACHERS tool:" in page
    assert "Trainees 37% → 54%, +17 points" in page  # the official line
    assert "Trainees 40% → 60%, +20 points" in page  # the platform's own, from the answers
    assert "Volunteer trainers 60%" not in page
