"""What the group report pages need beyond ``report.build``: the reader's scope (a course's staff, or a
trainer and their groups), the filters they may choose, and the CSV rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from twinning.learning.models import Cycle, LearnerGroup

from . import policies, report
from .models import Area
from .scoring import level_code, level_of


def cycles_for(user: Any) -> QuerySet[Cycle]:
    """Cycles the person reads reports of, newest first: their countries' (staff) or their groups' (trainer)."""
    query = Cycle.objects.select_related("course").order_by("-starts_on", "pk")
    ids = policies.report_country_ids(user)
    if ids is None:
        return query
    if ids:
        return query.filter(course__country_id__in=ids)
    return query.filter(pk__in=LearnerGroup.objects.filter(trainer__user_id=user.pk).values("cycle_id"))


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def csv_header() -> list[str]:
    return [
        _("Slice"), _("Phase"), _("Area"), _("Respondents"), _("Mean level"), _("Mean level as %% of the scale") % {},
        _("Share at or above the chosen level (%)"), _("Pairs"), _("Change (points)"), _("95%% interval from") % {},
        _("95%% interval to") % {},
    ]  # fmt: skip


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_rows(result: report.Report, areas: list[Area]):
    hidden = _("not shown: fewer than 5 people, or a difference would reveal fewer than 5")
    names = {0: _("overall")}
    names.update({a.number: a.name for a in areas})
    slices = [(_("all"), result.before, result.after, result.pairs)]
    slices += [(s.label, s.before, s.after, s.pairs) for s in result.slices]
    for label, before, after, pairs in slices:
        for phase_label, figures in ((_("before"), before), (_("after"), after)):
            if not figures.shown:
                yield [label, phase_label, "", "", hidden, "", "", "", "", "", ""]
                continue
            for fig in figures.areas:
                yield [label, phase_label, names.get(fig.index, ""), figures.n, level_code(level_of(fig.mean)),
                       _num(fig.percent), _num(fig.share), "", "", "", ""]  # fmt: skip
        if not pairs.shown:
            yield [label, _("change"), "", "", hidden, "", "", "", "", "", ""]
            continue
        for index, change in enumerate(pairs.changes):
            if change is None:
                continue
            yield [label, _("change"), names.get(index, ""), "", "", "", "", pairs.n, _num(change.mean),
                   _num(change.low), _num(change.high)]  # fmt: skip


def area_rows(result: report.Report, areas: list[Area]) -> list[dict]:
    """One row per area (overall first) joining the two phases and the paired change."""
    names = [_("Overall"), *[f"{a.number}. {a.name}" for a in areas]]
    rows = []
    for index, name in enumerate(names):
        rows.append({
            "name": name,
            "before": result.before.areas[index] if result.before.shown else None,
            "after": result.after.areas[index] if result.after.shown else None,
            "change": result.pairs.changes[index] if result.pairs.shown else None,
        })  # fmt: skip
    return rows


def chart_rows(rows: list[dict]) -> list[tuple[str, float | None, float | None]]:
    return [(r["name"], r["before"].percent if r["before"] else None, r["after"].percent if r["after"] else None)
            for r in rows]  # fmt: skip
