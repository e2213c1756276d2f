"""Reads of questionnaires: the items, who may see the results of which groups, and the results themselves.

Results are computed in one pass over the responses of the chosen groups (their answers come in one query),
so a page costs the same number of queries for 10 or 10,000 answers.

Anonymity of small groups: for an anonymous questionnaire, results of fewer than ``MIN_SHOWN`` answers are
not shown. A group's results would otherwise also be found by difference (the whole minus the groups shown),
so when the answers hidden that way (small groups and answers without a group) number 1 to 4, the next
smallest group is hidden too, until they are none or at least ``MIN_SHOWN``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from .models import (
    Activity,
    Enrolment,
    ItemKind,
    LearnerGroup,
    QuestionnaireItem,
    QuestionnaireResponse,
    Status,
)
from .questionnaires import LIKERT

MIN_SHOWN = 5


def items_of(activity: Activity) -> list[QuestionnaireItem]:
    return list(QuestionnaireItem.objects.filter(activity_id=activity.pk).order_by("position", "id"))


def visible_groups(user: Any, activity: Activity, *, staff: bool) -> list[LearnerGroup]:
    """The cycle's groups whose results the person sees: all for the staff of the course's country, their
    own for a trainer (``policies.may_see_group`` decides each)."""
    from . import policies

    query = LearnerGroup.objects.filter(cycle_id=activity.cycle_id).select_related("trainer__user").order_by("number")
    if not staff:
        query = query.filter(trainer__user_id=user.pk)
    country_id = activity.cycle.course.country_id
    return [g for g in query if policies.may_see_group(user, g, country_id)]


@dataclass
class Scope:
    """What the person looks at: every group (``whole``, staff only: answers without a group included) or
    some groups; the counts per group; which groups' results may be shown."""

    whole: bool
    group_ids: list[int]
    responses: int
    invited: int
    shown: bool
    hidden_groups: set[int | None] = field(default_factory=set)  # groups whose answers are not shown alone


def _hidden(counts: dict[int | None, int], anonymous: bool) -> set[int | None]:
    """Groups (``None``: no group) whose results cannot be shown alone: small ones, and the next smallest
    until what is hidden cannot be found by difference."""
    if not anonymous:
        return set()
    hidden = {g for g, n in counts.items() if n < MIN_SHOWN or g is None}
    shown = sorted((n, g) for g, n in counts.items() if g not in hidden)
    hidden_total = sum(counts[g] for g in hidden)
    while shown and 0 < hidden_total < MIN_SHOWN:
        n, g = shown.pop(0)
        hidden.add(g)
        hidden_total += n
    return hidden


def scope(activity: Activity, groups: list[LearnerGroup], *, whole: bool, chosen: int | None) -> Scope:
    """Two queries: answers and enrolled learners counted per group."""
    visible = [g.pk for g in groups]
    responses: dict[int | None, int] = dict(
        QuestionnaireResponse.objects.filter(activity_id=activity.pk)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    invited = dict(
        Enrolment.objects.filter(cycle_id=activity.cycle_id, status__in=(Status.ENROLLED, Status.COMPLETED))
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    universe: dict[int | None, int] = {g: responses.get(g, 0) for g in visible}
    if whole:
        universe.update(responses)  # answers of groups since removed or of no group count in the whole
    hidden = _hidden({g: n for g, n in universe.items() if n}, activity.anonymous)
    if chosen is not None:
        ids = [chosen]
        count = universe.get(chosen, 0)
        shown = chosen not in hidden and (count >= MIN_SHOWN or not activity.anonymous)
        return Scope(False, ids, count, invited.get(chosen, 0), shown, hidden)
    count = sum(universe.values())
    people = sum(invited.values()) if whole else sum(invited.get(g, 0) for g in visible)
    shown = count >= MIN_SHOWN or not activity.anonymous
    return Scope(whole, visible, count, people, shown, hidden)


def _responses(activity: Activity, sc: Scope):
    query = QuestionnaireResponse.objects.filter(activity_id=activity.pk)
    return query if sc.whole else query.filter(group_id__in=sc.group_ids)


def _mixed(activity: Activity, value: Any) -> str:
    """A stable order that says nothing of when an anonymous answer was given (not the row's id)."""
    return hashlib.sha256(f"{activity.pk}:{json.dumps(value, sort_keys=True)}".encode()).hexdigest()


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    y: int = 0
    width: int = 0


@dataclass
class ItemResult:
    item: QuestionnaireItem
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (name or "", text)

    @property
    def chart_height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP)


CHART_WIDTH = 300  # the longest bar, in the SVG's units
BAR_HEIGHT, BAR_GAP = 22, 8


def _bars(labels: list[str], counts: list[int], base: int) -> list[Bar]:
    top = max(counts, default=0) or 1
    bars = []
    for index, (label, count) in enumerate(zip(labels, counts, strict=True)):
        pct = int((Decimal(count * 100) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if base else 0
        bars.append(Bar(label, count, pct, y=index * (BAR_HEIGHT + BAR_GAP), width=round(CHART_WIDTH * count / top)))
    return bars


def results(activity: Activity, sc: Scope, *, names: bool) -> list[ItemResult]:
    """Per item: counts per level with the mean (agreement), counts and % (choices), the answers (text).
    One query for the answers (with the learners' names when ``names``: a named questionnaire)."""
    items = items_of(activity)
    if not sc.shown:
        return [ItemResult(item=i) for i in items]
    query = _responses(activity, sc)
    if names and not activity.anonymous:
        rows = [(r.answers, r.enrolment.user.display_name if r.enrolment else "") for r in
                query.select_related("enrolment__user").order_by("id")]  # fmt: skip
    else:
        rows = [(answers, "") for answers in query.values_list("answers", flat=True)]
    tallies: dict[str, dict] = {str(i.pk): {} for i in items}
    texts: dict[str, list[tuple[str, str]]] = {str(i.pk): [] for i in items if i.kind == ItemKind.TEXT}
    answered = dict.fromkeys(tallies, 0)
    for answers, name in rows:
        for key, value in (answers or {}).items():
            if key not in tallies:
                continue
            answered[key] += 1
            if isinstance(value, list):
                for v in value:
                    tallies[key][v] = tallies[key].get(v, 0) + 1
            elif isinstance(value, str) and key in texts:
                texts[key].append((name, value))
                tallies[key][value] = tallies[key].get(value, 0) + 1
            else:
                tallies[key][value] = tallies[key].get(value, 0) + 1
    out = []
    for item in items:
        key = str(item.pk)
        result = ItemResult(item=item, answered=answered[key])
        tally = tallies[key]
        if item.kind == ItemKind.LIKERT:
            counts = [tally.get(v, 0) for v, _label in LIKERT]
            result.bars = _bars([str(label) for _v, label in LIKERT], counts, result.answered)
            total = sum(v * n for (v, _label), n in zip(LIKERT, counts, strict=True))
            if result.answered:
                result.mean = (Decimal(total) / result.answered).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        elif item.kind in (ItemKind.CHOICE, ItemKind.CHOICES):
            result.bars = _bars(list(item.options), [tally.get(o, 0) for o in item.options], result.answered)
        else:
            found = texts[key]
            if activity.anonymous or not names:
                found.sort(key=lambda pair: _mixed(activity, pair[1]))
            result.texts = found
        out.append(result)
    return out


def export_rows(activity: Activity, sc: Scope, items: list[QuestionnaireItem], *, names: bool, groups: dict):
    """Rows of the CSV: for a named questionnaire the learner and the day; for an anonymous one only the
    group (blank where it could not be shown alone) and the day, in an order that says nothing of when."""
    query = _responses(activity, sc)
    named = names and not activity.anonymous
    if named:
        responses = list(query.select_related("enrolment__user").order_by("id"))
        data = [(r.answers, r.group_id, r.submitted_at, r.enrolment.user.display_name if r.enrolment else "",
                 r.enrolment.user.email if r.enrolment else "") for r in responses]  # fmt: skip
    else:
        data = [(a, g, d, "", "") for a, g, d in query.values_list("answers", "group_id", "submitted_at")]
        data.sort(key=lambda row: _mixed(activity, [row[0], row[1], str(row[2])]))
    rows = []
    for answers, group_id, day, name, email in data:
        group = "" if group_id in sc.hidden_groups else groups.get(group_id, "")
        answers = answers or {}
        cells = [_cell(answers.get(str(i.pk))) for i in items]
        rows.append(([name, email] if named else []) + [group, day.isoformat()] + cells)
    return rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value
