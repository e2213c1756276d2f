"""Questionnaires (e.g. the end-of-course evaluation): the staff of the course's country write the items
(agreement scales, one or several choices, free text), each learner answers once, and the staff and the
trainers read the results.

Rules kept here:
- the items are fixed once anyone has answered (results would otherwise mix answers to different
  questions): no item is added, changed, moved or removed then;
- a learner answers once: the activity's and then the enrolment's rows are locked while the answer is
  written, and a second answer is refused;
- an answer names only the questionnaire's options, an agreement level 1 to 5, or text within its limit;
  mandatory items must be answered; anything else is refused as a whole (nothing half-written);
- an anonymous answer keeps no enrolment and only the day it was given (and the group, for results per
  group); who has answered is known only from the learner's progress row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import ordering
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import register_audit_actions
from twinning.core.services import audit_record

from . import progress
from .content import register_kind
from .models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Enrolment,
    ItemKind,
    ProgressState,
    QuestionnaireItem,
    QuestionnaireResponse,
    Status,
)
from .schedule import learner_dates

TEXT_MAX = 3000  # characters of a free-text answer
ITEM_TEXT_MAX = 1000
OPTION_MAX = 200
OPTIONS_MIN, OPTIONS_MAX = 2, 20
ITEMS_MAX = 60
CHOICE_KINDS = (ItemKind.CHOICE, ItemKind.CHOICES)

LIKERT = (
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
)
LIKERT_VALUES = tuple(value for value, _label in LIKERT)

register_kind(ActivityKind.QUESTIONNAIRE, show="learning:questionnaire", author="learning:questionnaire_author")
register_audit_actions(
    {
        "learning.questionnaire_item_added": gettext_lazy("questionnaire item added"),
        "learning.questionnaire_item_changed": gettext_lazy("questionnaire item changed"),
        "learning.questionnaire_item_removed": gettext_lazy("questionnaire item removed"),
        "learning.questionnaire_items_reordered": gettext_lazy("questionnaire items reordered"),
        "learning.questionnaire_default_items": gettext_lazy("end-of-course evaluation items added to a questionnaire"),
        "learning.questionnaire_exported": gettext_lazy("questionnaire responses downloaded"),
    }
)


class QuestionnaireError(DomainError):
    """A questionnaire rule was not met; ``field`` names the form field it is about, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- the end-of-course evaluation: a default set of items -------------------------------------------------

# (kind, text, options, mandatory); English msgids, translated when the items are written.
DEFAULT_ITEMS = (
    (ItemKind.LIKERT, gettext_lazy("The course met its stated aims."), (), True),
    (ItemKind.LIKERT, gettext_lazy("The content was relevant to my teaching."), (), True),
    (ItemKind.LIKERT, gettext_lazy("The activities helped me learn."), (), True),
    (ItemKind.LIKERT, gettext_lazy("The workload was reasonable for the time available."), (), True),
    (ItemKind.LIKERT, gettext_lazy("My trainer gave useful and timely support."), (), True),
    (ItemKind.LIKERT, gettext_lazy("The platform was easy to use."), (), True),
    (ItemKind.LIKERT, gettext_lazy("I will use what I learnt in my classroom."), (), True),
    (
        ItemKind.CHOICE,
        gettext_lazy("How many hours a week did you spend on the course?"),
        (
            gettext_lazy("Less than 2 hours"),
            gettext_lazy("2 to 4 hours"),
            gettext_lazy("5 to 7 hours"),
            gettext_lazy("More than 7 hours"),
        ),
        True,
    ),
    (
        ItemKind.CHOICES,
        gettext_lazy("Which parts of the course were most useful to you?"),
        (
            gettext_lazy("Reading material"),
            gettext_lazy("Videos"),
            gettext_lazy("Assignments"),
            gettext_lazy("Quizzes"),
            gettext_lazy("Discussions with other learners"),
            gettext_lazy("Feedback from my trainer"),
        ),
        False,
    ),
    (ItemKind.LIKERT, gettext_lazy("I would recommend this course to a colleague."), (), True),
    (ItemKind.TEXT, gettext_lazy("What did you like most about the course?"), (), False),
    (ItemKind.TEXT, gettext_lazy("What should we improve?"), (), False),
)


# --- authoring ----------------------------------------------------------------------------------------------


def is_locked(activity: Activity) -> bool:
    """The items are fixed once anyone has answered (the settings form of the activity should ask this too
    before "anonymous" is changed)."""
    return QuestionnaireResponse.objects.filter(activity_id=activity.pk).exists()


def _locked_activity(activity: Activity) -> Activity:
    """The activity's row, locked, with the items still open to change."""
    row = Activity.objects.select_for_update().select_related("cycle__course__country").get(pk=activity.pk)
    if row.kind != ActivityKind.QUESTIONNAIRE:
        raise QuestionnaireError(_("This activity is not a questionnaire."))
    if is_locked(row):
        raise QuestionnaireError(_("Learners have already answered: the questions can no longer change."))
    return row


def _may_author(actor: Any, activity: Activity) -> None:
    from . import policies

    if not policies.can_author(actor, activity.cycle.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its questionnaire."))


def clean_options(kind: str, options) -> list[str]:
    """The options of a choice item: 2 to 20, none empty or repeated; none for the other kinds."""
    if kind not in CHOICE_KINDS:
        return []
    values = [" ".join(str(o).split()) for o in options]
    values = [v for v in values if v]
    if len(values) < OPTIONS_MIN or len(values) > OPTIONS_MAX:
        raise QuestionnaireError(
            _("Give between %(min)s and %(max)s options, one a line.") % {"min": OPTIONS_MIN, "max": OPTIONS_MAX},
            "options",
        )
    if any(len(v) > OPTION_MAX for v in values):
        raise QuestionnaireError(_("An option is at most %(max)s characters long.") % {"max": OPTION_MAX}, "options")
    if len({v.casefold() for v in values}) != len(values):
        raise QuestionnaireError(_("Each option may be given only once."), "options")
    return values


def _clean_item(kind: str, text: str, options) -> tuple[str, str, list[str]]:
    if kind not in ItemKind.values:
        raise QuestionnaireError(_("Choose the kind of question."), "kind")
    text = (text or "").strip()
    if not text:
        raise QuestionnaireError(_("Write the question."), "text")
    if len(text) > ITEM_TEXT_MAX:
        raise QuestionnaireError(_("A question is at most %(max)s characters long.") % {"max": ITEM_TEXT_MAX}, "text")
    return kind, text, clean_options(kind, options or [])


def _audit(actor: Any, action: str, activity: Activity, data: dict) -> None:
    audit_record(
        actor=actor, action=action, target=activity, country_code=activity.cycle.course.country.code, data=data
    )


@transaction.atomic
def item_add(
    *, actor: Any, activity: Activity, kind: str, text: str, options=(), mandatory: bool = True
) -> QuestionnaireItem:
    """Add an item at the end of the questionnaire (while nobody has answered)."""
    _may_author(actor, activity)
    row = _locked_activity(activity)
    kind, text, options = _clean_item(kind, text, options)
    items = list(QuestionnaireItem.objects.filter(activity_id=row.pk).values_list("position", flat=True))
    if len(items) >= ITEMS_MAX:
        raise QuestionnaireError(_("A questionnaire has at most %(max)s questions.") % {"max": ITEMS_MAX})
    item = QuestionnaireItem.objects.create(
        activity=row, kind=kind, text=text, options=options, mandatory=mandatory, position=max(items, default=0) + 1
    )
    _audit(actor, "learning.questionnaire_item_added", row, {"item": item.pk, "kind": kind, "text": text[:200]})
    return item


@transaction.atomic
def item_edit(*, actor: Any, item: QuestionnaireItem, kind: str, text: str, options=(), mandatory: bool = True):
    _may_author(actor, item.activity)
    row = _locked_activity(item.activity)
    kind, text, options = _clean_item(kind, text, options)
    item = QuestionnaireItem.objects.get(pk=item.pk, activity_id=row.pk)
    item.kind, item.text, item.options, item.mandatory = kind, text, options, mandatory
    item.save(update_fields=["kind", "text", "options", "mandatory"])
    _audit(actor, "learning.questionnaire_item_changed", row, {"item": item.pk, "kind": kind, "text": text[:200]})
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: QuestionnaireItem) -> None:
    _may_author(actor, item.activity)
    row = _locked_activity(item.activity)
    deleted, _rows = QuestionnaireItem.objects.filter(pk=item.pk, activity_id=row.pk).delete()
    if deleted:
        _audit(actor, "learning.questionnaire_item_removed", row, {"item": item.pk, "text": item.text[:200]})


@transaction.atomic
def item_move(*, actor: Any, item: QuestionnaireItem, up: bool) -> None:
    """Move an item one place up or down (positions renumbered 1, 2, 3…)."""
    _may_author(actor, item.activity)
    row = _locked_activity(item.activity)
    items = ordering.move(QuestionnaireItem.objects.filter(activity_id=row.pk), item, up=up)
    if items is None:
        return
    _audit(actor, "learning.questionnaire_items_reordered", row, {"order": [it.pk for it in items]})


@transaction.atomic
def add_default_items(*, actor: Any, activity: Activity) -> list[QuestionnaireItem]:
    """Start an empty questionnaire from the end-of-course evaluation (written in the active language)."""
    _may_author(actor, activity)
    row = _locked_activity(activity)
    if QuestionnaireItem.objects.filter(activity_id=row.pk).exists():
        raise QuestionnaireError(
            _("The questionnaire already has questions: the evaluation is added only to an empty one.")
        )
    items = QuestionnaireItem.objects.bulk_create(
        QuestionnaireItem(
            activity=row,
            kind=kind,
            text=str(text),
            options=[str(o) for o in options],
            mandatory=mandatory,
            position=position,
        )  # fmt: skip
        for position, (kind, text, options, mandatory) in enumerate(DEFAULT_ITEMS, start=1)
    )
    _audit(actor, "learning.questionnaire_default_items", row, {"count": len(items)})
    return items


# --- answering ----------------------------------------------------------------------------------------------


def has_answered(enrolment: Enrolment | None, activity: Activity) -> bool:
    """From the progress row (an anonymous answer names nobody), or a named answer."""
    if enrolment is None:
        return False
    done = ActivityProgress.objects.filter(
        enrolment_id=enrolment.pk, activity_id=activity.pk, state=ProgressState.COMPLETED
    ).exists()
    return done or QuestionnaireResponse.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk).exists()


def clean_answers(items: list[QuestionnaireItem], data: dict) -> dict[str, Any]:
    """The answers as they are kept, ``{item id: value}``; refuses values that are not among the options, an
    agreement level outside 1–5, text too long, and a mandatory item left empty (``field`` = ``item_<id>``)."""
    answers: dict[str, Any] = {}
    for item in items:
        field = f"item_{item.pk}"
        raw = data.get(field)
        value: Any = None
        if item.kind == ItemKind.LIKERT:
            if raw not in (None, ""):
                try:
                    value = int(raw)
                except (TypeError, ValueError):
                    value = 0
                if value not in LIKERT_VALUES:
                    raise QuestionnaireError(_("Choose one of the levels of agreement."), field)
        elif item.kind == ItemKind.CHOICE:
            if raw not in (None, ""):
                if not isinstance(raw, str) or raw not in item.options:
                    raise QuestionnaireError(_("Choose one of the options given."), field)
                value = raw
        elif item.kind == ItemKind.CHOICES:
            chosen = list(raw or [])
            if any(not isinstance(c, str) or c not in item.options for c in chosen):
                raise QuestionnaireError(_("Choose only among the options given."), field)
            # kept in the options' order, each once
            value = [o for o in item.options if o in chosen] or None
        else:
            text = (raw or "").strip() if isinstance(raw, str | type(None)) else None
            if text is None:
                raise QuestionnaireError(_("Write your answer as text."), field)
            if len(text) > TEXT_MAX:
                raise QuestionnaireError(_("An answer is at most %(max)s characters long.") % {"max": TEXT_MAX}, field)
            value = text or None
        if value is None:
            if item.mandatory:
                raise QuestionnaireError(_("Answer this question."), field)
            continue
        answers[str(item.pk)] = value
    return answers


@transaction.atomic
def answer(*, user: Any, activity: Activity, data: dict) -> QuestionnaireResponse:
    """A learner's answers, once. Locks the activity (the items cannot change meanwhile) and the learner's
    enrolment (two answers at once: the second waits, then is refused)."""
    row = Activity.objects.select_for_update().select_related("cycle__course").get(pk=activity.pk)
    if row.kind != ActivityKind.QUESTIONNAIRE:
        raise QuestionnaireError(_("This activity is not a questionnaire."))
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(cycle_id=row.cycle_id, user_id=user.pk, status__in=(Status.ENROLLED, Status.COMPLETED))
        .first()
    )
    if enrolment is None:
        raise NotAllowed(_("Only the cycle's enrolled learners answer its questionnaires."))
    if has_answered(enrolment, row):
        raise QuestionnaireError(_("You have already answered this questionnaire."))
    dates = learner_dates(row, row.cycle, enrolment)
    if not dates.is_open(timezone.now()):
        raise QuestionnaireError(_("This questionnaire is closed."))
    items = list(QuestionnaireItem.objects.filter(activity_id=row.pk).order_by("position", "id"))
    if not items:
        raise QuestionnaireError(_("This questionnaire has no questions yet."))
    answers = clean_answers(items, data)
    response = QuestionnaireResponse.objects.create(
        activity=row,
        enrolment=None if row.anonymous else enrolment,
        group_id=enrolment.group_id,
        answers=answers,
        submitted_at=timezone.localdate(),
    )
    progress.record(enrolment=enrolment, activity=row, state=ProgressState.COMPLETED)
    return response


def record_export(*, actor: Any, activity: Activity, group_ids: list[int] | None, rows: int) -> None:
    """The download of responses is audited (whose answers left the platform, and how many)."""
    _audit(actor, "learning.questionnaire_exported", activity, {"groups": group_ids, "rows": rows})
