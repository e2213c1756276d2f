"""Questionnaires, the services: items written by the staff of the course's country (options checked, the
end-of-course evaluation as a start, all fixed once anyone has answered); a learner answers once, only with
the options given, mandatory items answered; an anonymous answer keeps no enrolment and no time; results
per item and per group, small anonymous groups hidden (also from being worked out by difference)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from twinning.accounts.tests.factories import nso_staff
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent
from twinning.learning import questionnaire_selectors as selectors
from twinning.learning import questionnaires, services
from twinning.learning.models import (
    Activity,
    ActivityProgress,
    CycleTrainer,
    Enrolment,
    ItemKind,
    LearnerGroup,
    Module,
    ProgressState,
    QuestionnaireItem,
    QuestionnaireResponse,
    Trainer,
)
from twinning.learning.questionnaires import QuestionnaireError

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db


class World:
    """A cycle with a questionnaire, groups with their trainers, learners placed in them."""

    def __init__(self, country, *, anonymous=False, sizes=(2,), **activity_fields):
        self.course, self.staff = make_course(country)
        self.cycle = make_cycle(self.course, self.staff)
        module = Module.objects.create(cycle=self.cycle, title="Closing")
        self.activity = Activity.objects.create(
            cycle=self.cycle, module=module, kind="questionnaire", title="End-of-course evaluation",
            anonymous=anonymous, **activity_fields,
        )  # fmt: skip
        self.groups, self.trainers, self.learners = [], [], []
        for number, size in enumerate(sizes, start=1):
            trainer = Trainer.objects.create(user=etwinner(country), country=country, since=date(2020, 1, 1))
            CycleTrainer.objects.create(cycle=self.cycle, trainer=trainer)
            group = LearnerGroup.objects.create(cycle=self.cycle, trainer=trainer, number=number, size=size)
            people = []
            for _ in range(size):
                enrolment = services.enrol(cycle=self.cycle, user=etwinner(country))
                Enrolment.objects.filter(pk=enrolment.pk).update(group=group)
                people.append(enrolment.user)
            self.groups.append(group)
            self.trainers.append(trainer.user)
            self.learners.append(people)

    def items(self):
        add = questionnaires.item_add
        return [
            add(actor=self.staff, activity=self.activity, kind=ItemKind.LIKERT, text="The course met its aims."),
            add(actor=self.staff, activity=self.activity, kind=ItemKind.CHOICE, text="Hours a week?",
                options=["Less than 2", "2 to 4", "More"]),
            add(actor=self.staff, activity=self.activity, kind=ItemKind.CHOICES, text="Most useful parts?",
                options=["Videos", "Quizzes", "Forums"], mandatory=False),
            add(actor=self.staff, activity=self.activity, kind=ItemKind.TEXT, text="What should we improve?",
                mandatory=False),
        ]  # fmt: skip


def _data(items, likert="4", choice="2 to 4", choices=("Videos",), text="More examples"):
    likert_item, choice_item, choices_item, text_item = items
    return {
        f"item_{likert_item.pk}": likert,
        f"item_{choice_item.pk}": choice,
        f"item_{choices_item.pk}": list(choices),
        f"item_{text_item.pk}": text,
    }


# --- authoring ----------------------------------------------------------------------------------------------


def test_items_are_written_checked_reordered_and_audited(greece, italy):
    world = World(greece)
    likert, choice, choices, text = world.items()
    assert list(QuestionnaireItem.objects.filter(activity=world.activity).values_list("position", flat=True)) == [
        1, 2, 3, 4,
    ]  # fmt: skip
    assert likert.options == [] and choice.options == ["Less than 2", "2 to 4", "More"]
    with pytest.raises(QuestionnaireError) as one:
        questionnaires.item_add(actor=world.staff, activity=world.activity, kind="choice", text="Q", options=["Only"])
    assert one.value.field == "options"
    with pytest.raises(QuestionnaireError):
        questionnaires.item_add(actor=world.staff, activity=world.activity, kind="choice", text="Q",
                                options=[str(i) for i in range(21)])  # fmt: skip
    with pytest.raises(QuestionnaireError):
        questionnaires.item_add(actor=world.staff, activity=world.activity, kind="choice", text="Q",
                                options=["Yes", "yes"])  # fmt: skip
    with pytest.raises(NotAllowed):
        questionnaires.item_add(actor=nso_staff(italy), activity=world.activity, kind="text", text="Q")
    questionnaires.item_move(actor=world.staff, item=text, up=True)
    order = list(QuestionnaireItem.objects.filter(activity=world.activity).values_list("pk", flat=True))
    assert order == [likert.pk, choice.pk, text.pk, choices.pk]
    questionnaires.item_edit(actor=world.staff, item=choice, kind="choices", text="Hours?", options=["A", "B"])
    choice.refresh_from_db()
    assert (choice.kind, choice.options) == ("choices", ["A", "B"])
    questionnaires.item_remove(actor=world.staff, item=choices)
    assert QuestionnaireItem.objects.filter(activity=world.activity).count() == 3
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning.questionnaire_item_added", "learning.questionnaire_items_reordered",
            "learning.questionnaire_item_changed", "learning.questionnaire_item_removed"} <= actions  # fmt: skip


def test_the_end_of_course_evaluation_starts_an_empty_questionnaire_only(greece):
    world = World(greece)
    items = questionnaires.add_default_items(actor=world.staff, activity=world.activity)
    assert len(items) == len(questionnaires.DEFAULT_ITEMS) == 12
    kinds = {i.kind for i in items}
    assert kinds == {"likert", "choice", "choices", "text"}
    assert all(2 <= len(i.options) <= 20 for i in items if i.kind in ("choice", "choices"))
    with pytest.raises(QuestionnaireError):
        questionnaires.add_default_items(actor=world.staff, activity=world.activity)


def test_items_are_locked_once_anyone_answered(greece):
    world = World(greece)
    items = world.items()
    questionnaires.answer(user=world.learners[0][0], activity=world.activity, data=_data(items))
    assert questionnaires.is_locked(world.activity)
    for attempt in (
        lambda: questionnaires.item_add(actor=world.staff, activity=world.activity, kind="text", text="New"),
        lambda: questionnaires.item_edit(actor=world.staff, item=items[0], kind="likert", text="Changed"),
        lambda: questionnaires.item_remove(actor=world.staff, item=items[3]),
        lambda: questionnaires.item_move(actor=world.staff, item=items[1], up=True),
    ):
        with pytest.raises(QuestionnaireError, match="already answered"):
            attempt()
    assert [i.text for i in selectors.items_of(world.activity)] == [i.text for i in items]


# --- answering ----------------------------------------------------------------------------------------------


def test_a_learner_answers_once_with_their_name_when_named(greece):
    world = World(greece)
    items = world.items()
    maria = world.learners[0][0]
    response = questionnaires.answer(user=maria, activity=world.activity, data=_data(items))
    enrolment = Enrolment.objects.get(user=maria)
    assert response.enrolment_id == enrolment.pk and response.group_id == world.groups[0].pk
    assert response.answers == {
        str(items[0].pk): 4,
        str(items[1].pk): "2 to 4",
        str(items[2].pk): ["Videos"],
        str(items[3].pk): "More examples",
    }
    row = ActivityProgress.objects.get(enrolment=enrolment, activity=world.activity)
    assert row.state == ProgressState.COMPLETED
    with pytest.raises(QuestionnaireError, match="already answered"):
        questionnaires.answer(user=maria, activity=world.activity, data=_data(items, likert="1"))
    assert QuestionnaireResponse.objects.count() == 1


def test_an_anonymous_answer_keeps_no_enrolment_and_only_the_day(greece):
    world = World(greece, anonymous=True)
    items = world.items()
    maria = world.learners[0][0]
    response = questionnaires.answer(user=maria, activity=world.activity, data=_data(items))
    stored = QuestionnaireResponse.objects.get(pk=response.pk)
    assert stored.enrolment_id is None and stored.group_id == world.groups[0].pk
    assert type(stored.submitted_at) is date and stored.submitted_at == timezone.localdate()
    # who answered is known from the progress row only; a second answer is still refused
    assert ActivityProgress.objects.get(enrolment__user=maria, activity=world.activity).state == "completed"
    with pytest.raises(QuestionnaireError, match="already answered"):
        questionnaires.answer(user=maria, activity=world.activity, data=_data(items))
    assert QuestionnaireResponse.objects.count() == 1
    assert not AuditEvent.objects.filter(target_type="learning.questionnaireresponse").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"likert": "6"},
        {"likert": "strongly"},
        {"choice": "Forty hours"},
        {"choices": ("Videos", "<script>")},
        {"text": "x" * (questionnaires.TEXT_MAX + 1)},
        {"likert": ""},  # mandatory
        {"choice": ""},  # mandatory
    ],
)
def test_tampered_or_missing_answers_are_refused_and_nothing_written(greece, change):
    world = World(greece)
    items = world.items()
    maria = world.learners[0][0]
    with pytest.raises(QuestionnaireError) as refused:
        questionnaires.answer(user=maria, activity=world.activity, data=_data(items, **change))
    assert refused.value.field and refused.value.field.startswith("item_")
    assert not QuestionnaireResponse.objects.exists() and not ActivityProgress.objects.exists()


def test_optional_items_may_stay_empty(greece):
    world = World(greece)
    items = world.items()
    response = questionnaires.answer(
        user=world.learners[0][0], activity=world.activity, data=_data(items, choices=(), text="  ")
    )
    assert set(response.answers) == {str(items[0].pk), str(items[1].pk)}


def test_closed_questionnaires_and_people_without_a_place_are_refused(greece):
    world = World(greece, closes_at=timezone.now() - timedelta(hours=1))
    items = world.items()
    with pytest.raises(QuestionnaireError, match="closed"):
        questionnaires.answer(user=world.learners[0][0], activity=world.activity, data=_data(items))
    open_world = World(greece)
    open_items = open_world.items()
    with pytest.raises(NotAllowed):
        questionnaires.answer(user=etwinner(greece), activity=open_world.activity, data=_data(open_items))
    with pytest.raises(NotAllowed):
        questionnaires.answer(user=open_world.trainers[0], activity=open_world.activity, data=_data(open_items))
    assert not QuestionnaireResponse.objects.exists()


# --- results ------------------------------------------------------------------------------------------------


def _answer_all(world, items, values=("1", "2", "4", "5", "5", "5", "3", "4", "2", "1")):
    for index, user in enumerate(u for people in world.learners for u in people):
        likert = values[index % len(values)]
        questionnaires.answer(user=user, activity=world.activity, data=_data(items, likert=likert,
                                                                             text=f"Answer {index}"))  # fmt: skip


def test_results_count_levels_mean_choices_and_texts(greece):
    world = World(greece, sizes=(5,))
    items = world.items()
    _answer_all(world, items)  # levels 1, 2, 4, 5, 5
    groups = selectors.visible_groups(world.staff, world.activity, staff=True)
    sc = selectors.scope(world.activity, groups, whole=True, chosen=None)
    assert (sc.responses, sc.invited, sc.shown) == (5, 5, True)
    likert, choice, choices, text = selectors.results(world.activity, sc, names=True)
    assert [b.count for b in likert.bars] == [1, 1, 0, 1, 2] and str(likert.mean) == "3.40"
    assert [b.percent for b in likert.bars] == [20, 20, 0, 20, 40]
    assert [(b.label, b.count, b.percent) for b in choice.bars] == [
        ("Less than 2", 0, 0), ("2 to 4", 5, 100), ("More", 0, 0)
    ]  # fmt: skip
    assert [b.count for b in choices.bars] == [5, 0, 0]
    assert len(text.texts) == 5 and all(name for name, _text in text.texts)  # named: staff see names


def test_anonymous_results_of_fewer_than_five_are_not_shown_nor_found_by_difference(greece):
    world = World(greece, anonymous=True, sizes=(6, 3, 5))
    items = world.items()
    _answer_all(world, items)
    groups = selectors.visible_groups(world.staff, world.activity, staff=True)
    whole = selectors.scope(world.activity, groups, whole=True, chosen=None)
    assert whole.shown and whole.responses == 14
    big, small, middle = world.groups
    # group 2 (3 answers) hidden; hidden total 3 < 5, so the next smallest (group 3, 5 answers) is hidden too
    assert whole.hidden_groups == {small.pk, middle.pk}
    assert not selectors.scope(world.activity, groups, whole=False, chosen=small.pk).shown
    assert not selectors.scope(world.activity, groups, whole=False, chosen=middle.pk).shown
    assert selectors.scope(world.activity, groups, whole=False, chosen=big.pk).shown
    # no names in an anonymous questionnaire's texts, whatever the caller asks
    results = selectors.results(world.activity, whole, names=True)
    assert all(name == "" for name, _text in results[3].texts)
    hidden = selectors.results(world.activity, selectors.scope(world.activity, groups, whole=False, chosen=small.pk),
                               names=False)  # fmt: skip
    assert all(not r.bars and not r.texts for r in hidden)


def test_anonymity_cannot_change_once_someone_answered(greece):
    """The activity's common settings refuse to switch a questionnaire between named and anonymous once
    answers exist (earlier named answers would keep who answered)."""
    from twinning.learning import content
    from twinning.learning.content import ContentError
    from twinning.learning.models import ActivityKind, QuestionnaireResponse

    from .factories import make_activity, make_course, make_cycle, make_module

    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    activity = make_activity(make_module(cycle), ActivityKind.QUESTIONNAIRE)
    content.activity_edit(actor=staff, activity=activity, anonymous=True)  # no answers yet: allowed
    QuestionnaireResponse.objects.create(activity=activity, answers={}, submitted_at=cycle.starts_on)
    with pytest.raises(ContentError):
        content.activity_edit(actor=staff, activity=activity, anonymous=False)
    activity.refresh_from_db()
    assert activity.anonymous is True
