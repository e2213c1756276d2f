"""Questionnaires, the pages: authoring for the staff of the course's country only (404 elsewhere), the
lock said clearly; answering once through the page (tampered values refused, the anonymity notice, a
preview for trainers and staff, 404 for the waiting list); results for the staff (whole cycle or a group)
and a trainer's own groups only, small anonymous groups not shown; the CSV (no names nor times when
anonymous); fixed query counts whatever the number of answers."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.models import AuditEvent
from twinning.learning import questionnaires, services
from twinning.learning.models import Enrolment, QuestionnaireItem, QuestionnaireResponse, Status

from .factories import etwinner, make_cycle
from .test_questionnaire import World, _answer_all, _data

pytestmark = pytest.mark.django_db


def _urls(world):
    pk = world.activity.pk
    return {
        "author": reverse("learning:questionnaire_author", args=[pk]),
        "show": reverse("learning:questionnaire", args=[pk]),
        "results": reverse("learning:questionnaire_results", args=[pk]),
        "csv": reverse("learning:questionnaire_export", args=[pk]),
    }


# --- authoring ----------------------------------------------------------------------------------------------


def test_staff_write_items_through_the_page_and_others_get_404(client, greece, italy):
    world = World(greece)
    urls = _urls(world)
    log_in(client, world.staff)
    page = client.get(urls["author"]).content.decode()
    assert "Start from the end-of-course evaluation" in page
    response = client.post(urls["author"], {"kind": "choice", "text": "Hours?", "options": "One\n\nTwo\n  Three "})
    assert response.status_code == 302
    item = QuestionnaireItem.objects.get(activity=world.activity)
    assert item.options == ["One", "Two", "Three"] and item.mandatory is False  # an unticked box: optional
    bad = client.post(urls["author"], {"kind": "choices", "text": "Which?", "options": "Only one", "mandatory": "on"})
    assert bad.status_code == 200 and "Give between 2 and 20 options" in bad.content.decode()
    assert "There is a problem" in bad.content.decode()
    edit = reverse("learning:questionnaire_item_edit", args=[world.activity.pk, item.pk])
    client.post(edit, {"kind": "likert", "text": "The course met its aims.", "mandatory": "on"})
    item.refresh_from_db()
    assert (item.kind, item.options, item.mandatory) == ("likert", [], True)
    remove = reverse("learning:questionnaire_item_remove", args=[world.activity.pk, item.pk])
    assert "will be removed" in client.get(remove).content.decode()
    client.post(remove)
    assert not QuestionnaireItem.objects.exists()
    client.post(reverse("learning:questionnaire_defaults", args=[world.activity.pk]))
    assert QuestionnaireItem.objects.filter(activity=world.activity).count() == 12
    for person in (nso_staff(italy), world.trainers[0], world.learners[0][0]):
        log_in(client, person)
        assert client.get(urls["author"]).status_code == 404
        assert client.post(urls["author"], {"kind": "text", "text": "Sneaky"}).status_code == 404
        assert client.get(urls["results"]).status_code == 404 or person == world.trainers[0]
    assert QuestionnaireItem.objects.filter(activity=world.activity).count() == 12


def test_the_authoring_page_says_the_questions_are_locked(client, greece):
    world = World(greece)
    items = world.items()
    questionnaires.answer(user=world.learners[0][0], activity=world.activity, data=_data(items))
    log_in(client, world.staff)
    page = client.get(_urls(world)["author"]).content.decode()
    assert "The questions can no longer change" in page and "Add a question" not in page
    response = client.post(_urls(world)["author"], {"kind": "text", "text": "Late addition"}, follow=True)
    assert "Learners have already answered" in response.content.decode()
    assert QuestionnaireItem.objects.filter(activity=world.activity).count() == 4


# --- answering ----------------------------------------------------------------------------------------------


def test_a_learner_answers_once_through_the_page(client, greece):
    world = World(greece, anonymous=True)
    items = world.items()
    maria = world.learners[0][0]
    log_in(client, maria)
    url = _urls(world)["show"]
    page = client.get(url).content.decode()
    assert "Your answers are anonymous" in page and "not the time" in page and "Send my answers" in page
    tampered = client.post(url, _data(items, choice="Forty hours"))
    assert tampered.status_code == 200 and "Choose one of the options given." in tampered.content.decode()
    missing = client.post(url, _data(items, likert=""))
    assert missing.status_code == 200 and "Answer this question." in missing.content.decode()
    assert not QuestionnaireResponse.objects.exists()
    assert client.post(url, _data(items)).status_code == 302
    again = client.post(url, _data(items, likert="1"), follow=True)
    assert "You have already answered this questionnaire." in again.content.decode()
    assert QuestionnaireResponse.objects.count() == 1
    assert QuestionnaireResponse.objects.get().enrolment_id is None
    assert "Send my answers" not in client.get(url).content.decode()


def test_trainers_and_staff_see_a_preview_and_cannot_answer(client, greece):
    world = World(greece)
    items = world.items()
    for person in (world.staff, world.trainers[0]):
        log_in(client, person)
        page = client.get(_urls(world)["show"]).content.decode()
        assert "Preview" in page and "Send my answers" not in page and "disabled" in page
        assert client.post(_urls(world)["show"], _data(items)).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_the_waiting_list_and_strangers_get_404(client, greece):
    world = World(greece)
    items = world.items()
    full = make_cycle(world.course, world.staff, capacity=1, name="full")
    services.enrol(cycle=full, user=etwinner(greece))
    waiting_person = etwinner(greece)
    waiting = services.enrol(cycle=world.cycle, user=waiting_person)
    Enrolment.objects.filter(pk=waiting.pk).update(status=Status.WAITING)
    for person in (waiting_person, etwinner(greece)):
        log_in(client, person)
        assert client.get(_urls(world)["show"]).status_code == 404
        assert client.post(_urls(world)["show"], _data(items)).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


# --- results ------------------------------------------------------------------------------------------------


def test_staff_see_the_cycle_and_filter_by_group_trainers_only_their_own(client, greece, italy):
    world = World(greece, sizes=(5, 2))
    items = world.items()
    _answer_all(world, items)
    first, second = world.groups
    urls = _urls(world)
    log_in(client, world.staff)
    page = client.get(urls["results"]).content.decode()
    assert "7 answers from 7 learners enrolled" in page
    assert "<svg" in page and "<title" in page and "<desc" in page and "<table" in page
    names = [u.display_name for u in world.learners[1]]
    assert all(name in page for name in names)  # named: the staff see every name
    filtered = client.get(urls["results"], {"group": second.pk}).content.decode()
    assert "2 answers from 2 learners enrolled" in filtered
    log_in(client, world.trainers[0])
    own = client.get(urls["results"]).content.decode()
    assert "5 answers from 5 learners enrolled" in own
    assert not any(name in own for name in names)  # another group's learners
    assert client.get(urls["results"], {"group": second.pk}).status_code == 404
    assert client.get(urls["csv"], {"group": second.pk}).status_code == 404
    log_in(client, world.learners[0][0])
    assert client.get(urls["results"]).status_code == 404
    assert client.get(urls["csv"]).status_code == 404
    log_in(client, nso_staff(italy))
    assert client.get(urls["results"]).status_code == 404


def test_small_anonymous_groups_are_not_shown_on_the_page_nor_in_the_csv(client, greece):
    world = World(greece, anonymous=True, sizes=(6, 3))
    items = world.items()
    _answer_all(world, items)
    urls = _urls(world)
    log_in(client, world.trainers[1])  # the trainer of the group of three
    page = client.get(urls["results"]).content.decode()
    assert "Fewer than 5 answers: not shown, to keep them anonymous." in page and "<svg" not in page
    refused = client.get(urls["csv"], follow=True)
    assert "Fewer than 5 answers" in refused.content.decode() and refused["Content-Type"].startswith("text/html")
    log_in(client, world.staff)
    small = client.get(urls["results"], {"group": world.groups[1].pk}).content.decode()
    assert "not shown, to keep them anonymous" in small
    # the big group alone would reveal the small one by difference: not shown either
    big = client.get(urls["results"], {"group": world.groups[0].pk}).content.decode()
    assert "could be worked out from those of the other groups" in big and "<svg" not in big
    whole = client.get(urls["results"]).content.decode()
    assert "9 answers from 9 learners enrolled" in whole and "<svg" in whole
    assert not any(u.display_name in whole for people in world.learners for u in people)


def test_the_csv_named_and_anonymous(client, greece):
    named = World(greece, sizes=(5,))
    items = named.items()
    _answer_all(named, items)
    log_in(client, named.staff)
    response = client.get(_urls(named)["csv"])
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Learner,E-mail,Group,Day,1. The course met its aims.")
    assert len(lines) == 6 and named.learners[0][0].email in text and "Videos" in text
    assert AuditEvent.objects.filter(action="learning.questionnaire_exported").count() == 1

    anonymous = World(greece, anonymous=True, sizes=(5,))
    items = anonymous.items()
    _answer_all(anonymous, items)
    log_in(client, anonymous.staff)
    text = client.get(_urls(anonymous)["csv"]).content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Group,Day,1. The course met its aims.")
    assert len(lines) == 6
    assert not any(u.email in text or u.display_name in text for u in anonymous.learners[0])
    today = date.today().isoformat()
    assert all(line.split(",")[1] == today for line in lines[1:])  # the day, never a time
    assert ":" not in "".join(line.split(",")[1] for line in lines[1:])


def _count(client, url):
    client.get(url)  # the first request of a session warms caches (menus, rules)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("anonymous", [False, True])
def test_results_and_csv_cost_the_same_queries_for_few_and_many_answers(client, greece, anonymous):
    counts = []
    for size in (5, 12):
        world = World(greece, anonymous=anonymous, sizes=(size, 1))
        items = world.items()
        _answer_all(world, items)
        log_in(client, world.staff)
        urls = _urls(world)
        counts.append((_count(client, urls["results"]), _count(client, urls["csv"]),
                       _count(client, urls["results"] + f"?group={world.groups[0].pk}")))  # fmt: skip
    assert counts[0] == counts[1]
