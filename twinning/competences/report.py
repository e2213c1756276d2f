"""Group impact reports: per course, cycle, trainer group, role and region, for each area and overall — the
mean level, the distribution over A1..C2, the share at or above a chosen level, and the before → after change
paired over the teachers who answered both (95% interval, number of pairs); who was invited and answered;
the drop-outs' starting level; the headline of a cycle.

How it is computed (for 25,500 participants × 2 phases in well under the 2 s target):
- Two queries read a course's completed reflections as *cells*, one per (cycle, group, region, role): per
  phase the number of respondents, the sums of their area scores and their counts per level; per cell the
  pairs (named answers of the same pseudonymous key in both phases, placed by their "before" answer) with the
  sums of their differences and squared differences. Answers are never read: each completed reflection
  carries its scores (``scoring``).
- Any slice is a sum of cells, so a page's filters and breakdown cost no more queries. Sums of squares give
  the standard deviation of the differences, hence the interval (``stats.paired_change``).
- Anonymity (``visible``): a figure is shown only about 5 people or more; never when a larger slice someone
  may see (any other filters, or none, over the same cells) differs from it by 1 to 4 people; and never when
  it is the rest of a breakdown (the whole minus the other slices would reveal a slice under 5). The same
  rule decides a slice wherever it appears, so two pages cannot be subtracted either.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from twinning.learning.models import Cycle, Enrolment, LearnerGroup
from twinning.reference.models import Region

from . import stats
from .models import AREAS, Invitation, OfficialResult, Phase, Reflection, Role
from .scoring import level_code, percent_of_scale

DIMS = ("cycle", "group", "region", "role")
SCORES = ("overall", *(f"area_{n}" for n in AREAS))  # index 0: overall, 1..6: the areas
LEVELS = ("level_overall", *(f"level_{n}" for n in AREAS))
MULTI = object()
HEADLINE_ROLES = {Role.TRAINEE: lambda: _("Trainees"), Role.TRAINER: lambda: _("Volunteer trainers")}

PAIRS_SQL = """
SELECT b.cycle_id, b.group_id, b.region_id, b.role, COUNT(*), {diffs}, SUM(b.overall), SUM(a.overall)
FROM competences_reflection b
JOIN competences_reflection a
  ON a.pseudonym = b.pseudonym AND a.cycle_id = b.cycle_id AND a.role = b.role
 AND a.phase = %s AND a.completed_at IS NOT NULL AND a.anonymous = %s
WHERE b.phase = %s AND b.completed_at IS NOT NULL AND b.anonymous = %s AND b.pseudonym <> ''
  AND b.cycle_id IN ({cycles})
GROUP BY b.cycle_id, b.group_id, b.region_id, b.role
"""


def _pairs_sql(cycle_ids: list[int]) -> tuple[str, list]:
    diffs = ", ".join(f"SUM(a.{c} - b.{c}), SUM((a.{c} - b.{c}) * (a.{c} - b.{c}))" for c in SCORES)
    sql = PAIRS_SQL.format(diffs=diffs, cycles=", ".join(["%s"] * len(cycle_ids)))
    return sql, [Phase.AFTER, False, Phase.BEFORE, False, *cycle_ids]


def _phase_query(cycle_ids: list[int]):
    aggregates: dict[str, Any] = {
        "n": Count("id"),
        "named": Count("id", filter=Q(anonymous=False)),
        "named_sum": Sum("overall", filter=Q(anonymous=False)),
    }
    for index, column in enumerate(SCORES):
        aggregates[f"s{index}"] = Sum(column)
    for index, column in enumerate(LEVELS):
        for level in range(1, 7):
            aggregates[f"d{index}_{level}"] = Count("id", filter=Q(**{column: level}))
    return (
        Reflection.objects.filter(
            cycle_id__in=cycle_ids, completed_at__isnull=False, phase__in=(Phase.BEFORE, Phase.AFTER)
        )  # fmt: skip
        .values_list("cycle_id", "group_id", "region_id", "role", "phase")
        .annotate(**aggregates)
        .order_by()
    )


class Measure:
    """One measure's cells (key → vector, ``vector[0]`` the number of people) and, computed when first asked
    and kept, its projections on any set of dimensions: counts (for the anonymity rule), full sums (for the
    figures shown), the values every person of a slice shares, and which slices of a breakdown are hidden."""

    def __init__(self, cells: dict[tuple, list[float]]):
        self.cells = {k: v for k, v in cells.items() if v and v[0] > 0}
        self._counts: dict[tuple, dict[tuple, int]] = {}
        self._sums: dict[tuple, dict[tuple, list[float]]] = {}
        self._common: dict[tuple, dict[tuple, dict[str, Any]]] = {}
        self._hidden: dict[tuple, set] = {}
        self._children: dict[tuple, dict[tuple, dict[Any, int]]] = {}

    @staticmethod
    def _key(flt: dict[str, Any]) -> tuple[tuple[str, ...], tuple]:
        dims = tuple(d for d in DIMS if d in flt)
        return dims, tuple(flt[d] for d in dims)

    @staticmethod
    def _values(dims: tuple[str, ...]):
        positions = [DIMS.index(d) for d in dims]
        return lambda key: tuple(key[p] for p in positions)

    def counts(self, dims: tuple[str, ...]) -> dict[tuple, int]:
        found = self._counts.get(dims)
        if found is None:
            values_of = self._values(dims)
            found = defaultdict(int)
            for key, vector in self.cells.items():
                found[values_of(key)] += int(vector[0])
            self._counts[dims] = found
        return found

    def sums(self, dims: tuple[str, ...]) -> dict[tuple, list[float]]:
        found = self._sums.get(dims)
        if found is None:
            values_of = self._values(dims)
            found = {}
            for key, vector in self.cells.items():
                values = values_of(key)
                total = found.get(values)
                found[values] = list(vector) if total is None else [a + b for a, b in zip(total, vector, strict=True)]
            self._sums[dims] = found
        return found

    def common(self, dims: tuple[str, ...]) -> dict[tuple, dict[str, Any]]:
        """Per slice of ``dims``, the other dimensions' values that all its cells share (``MULTI`` if not)."""
        found = self._common.get(dims)
        if found is None:
            values_of = self._values(dims)
            others = [(i, d) for i, d in enumerate(DIMS) if d not in dims]
            found = {}
            for key in self.cells:
                values = values_of(key)
                seen = found.get(values)
                if seen is None:
                    found[values] = {d: key[i] for i, d in others}
                    continue
                for i, d in others:
                    if seen[d] is not MULTI and seen[d] != key[i]:
                        seen[d] = MULTI
            self._common[dims] = found
        return found

    def children(self, parent: dict[str, Any], dim: str) -> dict[Any, int]:
        """The people of the slice ``parent`` counted per value of ``dim`` (one pass, kept)."""
        child_dims, _values = self._key({**parent, dim: None})
        position = child_dims.index(dim)
        index = self._children.get((child_dims, position))
        if index is None:
            index = defaultdict(dict)
            for child, n in self.counts(child_dims).items():
                index[child[:position] + child[position + 1 :]][child[position]] = n
            self._children[(child_dims, position)] = index
        return index.get(self._key(parent)[1], {})

    def hidden(self, parent: dict[str, Any], dim: str) -> set:
        """The slices of ``parent`` by ``dim`` that cannot be shown (``stats.hidden_slices``)."""
        dims, values = self._key(parent)
        cache_key = (dims, values, dim)
        found = self._hidden.get(cache_key)
        if found is None:
            found = stats.hidden_slices(self.children(parent, dim))
            self._hidden[cache_key] = found
        return found

    def total(self, flt: dict[str, Any]) -> list[float] | None:
        dims, values = self._key(flt)
        return self.sums(dims).get(values)

    def count(self, flt: dict[str, Any]) -> int:
        dims, values = self._key(flt)
        return self.counts(dims).get(values, 0)

    def values_of(self, flt: dict[str, Any], dim: str) -> set:
        """The values of ``dim`` among the people of the slice ``flt``."""
        return set(self.children(flt, dim))

    def visible(self, flt: dict[str, Any]) -> bool:
        """The anonymity rule (module docstring) for the slice ``flt``."""
        n = self.count(flt)
        if n < stats.MIN_SHOWN:
            return False
        dims, values = self._key(flt)
        fixed = dict(flt)
        fixed.update({d: v for d, v in self.common(dims).get(values, {}).items() if v is not MULTI})
        names = [d for d in DIMS if d in fixed]
        containing = []
        for size in range(len(names)):
            for kept in itertools.combinations(names, size):
                containing.append(self.count({d: fixed[d] for d in kept}))
        if not stats.safe(n, containing):
            return False
        return all(flt[d] not in self.hidden({k: v for k, v in flt.items() if k != d}, d) for d in flt)


@dataclass
class Cells:
    before: Measure
    after: Measure
    pairs: Measure
    dropouts: Measure
    cycle_ids: list[int]


def load_cells(cycle_ids: list[int]) -> Cells:
    """The two queries."""
    phases: dict[str, dict[tuple, list[float]]] = {Phase.BEFORE: {}, Phase.AFTER: {}}
    pairs: dict[tuple, list[float]] = {}
    if cycle_ids:
        sql, params = _phase_query(cycle_ids).query.sql_with_params()
        with connection.cursor() as cursor:  # plain rows: the ORM's converters cost more than the query
            cursor.execute(sql, params)
            phase_rows = cursor.fetchall()
        for cycle_id, group_id, region_id, role, phase, *numbers in phase_rows:
            phases[phase][(cycle_id, group_id, region_id, role)] = [x if x is not None else 0 for x in numbers]
        sql, params = _pairs_sql(cycle_ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for cycle_id, group_id, region_id, role, *numbers in cursor.fetchall():
                pairs[(cycle_id, group_id, region_id, role)] = [float(x or 0) for x in numbers]
    dropouts = {}
    for key, vector in phases[Phase.BEFORE].items():
        paired = pairs.get(key)
        n = vector[1] - (paired[0] if paired else 0)
        dropouts[key] = [n, vector[2] - (paired[-2] if paired else 0)]
    return Cells(Measure(phases[Phase.BEFORE]), Measure(phases[Phase.AFTER]), Measure(pairs), Measure(dropouts),
                 list(cycle_ids))  # fmt: skip


# Figures ------------------------------------------------------------------------------------------------------


@dataclass
class AreaFigure:
    index: int  # 0: overall
    mean: float  # mean level 1..6
    distribution: list[int]  # people per level 1..6
    share: float | None  # % at or above the threshold

    @property
    def percent(self) -> float:
        return percent_of_scale(self.mean)

    @property
    def distribution_percent(self) -> list[float]:
        total = sum(self.distribution) or 1
        return [n / total * 100 for n in self.distribution]


@dataclass
class PhaseFigures:
    n: int
    shown: bool
    areas: list[AreaFigure] = field(default_factory=list)  # overall first

    @property
    def overall(self) -> AreaFigure | None:
        return self.areas[0] if self.areas else None


def _phase(measure: Measure, flt: dict[str, Any], threshold: int) -> PhaseFigures:
    n = measure.count(flt)
    if not measure.visible(flt):
        return PhaseFigures(n, False)
    vector = measure.total(flt) or []
    figures = []
    for index in range(len(SCORES)):
        start = 3 + len(SCORES) + index * 6
        distribution = [int(x) for x in vector[start : start + 6]]
        counted = sum(distribution)
        mean = vector[3 + index] / counted if counted else 1.0
        figures.append(AreaFigure(index, mean, distribution, stats.share_at_least(distribution, threshold)))
    return PhaseFigures(n, True, figures)


@dataclass
class PairFigures:
    n: int
    shown: bool
    changes: list[stats.Change | None] = field(default_factory=list)  # overall first
    before_percent: float | None = None
    after_percent: float | None = None

    @property
    def overall(self) -> stats.Change | None:
        return self.changes[0] if self.changes else None


def _pairs(cells: Cells, flt: dict[str, Any]) -> PairFigures:
    n = cells.pairs.count(flt)
    shown = cells.pairs.visible(flt)
    if shown:
        # The pairs are part of each phase's respondents: the rest must not be a handful either.
        for phase in (cells.before, cells.after):
            rest = phase.count(flt) - n
            shown = shown and (rest == 0 or rest >= stats.MIN_SHOWN)
    if not shown:
        return PairFigures(n, False)
    vector = cells.pairs.total(flt) or []
    changes = [stats.paired_change(n, vector[1 + 2 * i], vector[2 + 2 * i]) for i in range(len(SCORES))]
    return PairFigures(n, True, changes, percent_of_scale(vector[-2] / n), percent_of_scale(vector[-1] / n))


@dataclass
class Dropouts:
    n: int
    shown: bool
    start_percent: float | None = None


def _dropouts(cells: Cells, flt: dict[str, Any], pairs: PairFigures) -> Dropouts:
    n = cells.dropouts.count(flt)
    if not (pairs.shown and cells.dropouts.visible(flt)):
        return Dropouts(n, False)
    vector = cells.dropouts.total(flt) or [0, 0]
    return Dropouts(n, True, percent_of_scale(vector[1] / n))


@dataclass
class Slice:
    label: str
    value: Any
    before: PhaseFigures
    after: PhaseFigures
    pairs: PairFigures


@dataclass
class Report:
    filters: dict[str, Any]
    threshold: int
    before: PhaseFigures
    after: PhaseFigures
    pairs: PairFigures
    dropouts: Dropouts
    invited: dict[str, int | None]
    breakdown: str
    slices: list[Slice]
    headline: list[dict]
    official: list[OfficialResult]

    @property
    def official_headline(self) -> list[dict]:
        """Per role, the official tool's overall figure before → after, when both were imported: shown under
        the platform's own headline, never mixed with it."""
        overall = {(o.role, o.phase): o.percent for o in self.official if o.area == 0}
        lines = []
        for role in (Role.TRAINEE, Role.TRAINER):
            before, after = overall.get((role, Phase.BEFORE)), overall.get((role, Phase.AFTER))
            if before is not None and after is not None:
                lines.append({"role": role, "label": HEADLINE_ROLES[role](), "before": round(before),
                              "after": round(after), "points": round(after) - round(before)})  # fmt: skip
        return lines

    @property
    def threshold_code(self) -> str:
        return level_code(self.threshold)


def _labels(dim: str, values: Iterable[Any]) -> dict[Any, str]:
    values = [v for v in values if v is not None]
    if dim == "cycle":
        return {c.pk: c.name for c in Cycle.objects.filter(pk__in=values)}
    if dim == "group":
        return {g.pk: _("Group %(number)s") % {"number": g.number} for g in LearnerGroup.objects.filter(pk__in=values)}
    if dim == "region":
        return {r.pk: str(r) for r in Region.objects.filter(pk__in=values)}
    return {value: str(Role(value).label) for value in values}


def _invited(cells: Cells, flt: dict[str, Any]) -> dict[str, int | None]:
    """Invited to each phase (not known per region: invitations are per person, not per school)."""
    if "region" in flt:
        return {Phase.BEFORE: None, Phase.AFTER: None}
    query = Invitation.objects.filter(cycle_id__in=[flt["cycle"]] if "cycle" in flt else cells.cycle_ids)
    if "role" in flt:
        query = query.filter(role=flt["role"])
    if "group" in flt:
        members = Enrolment.objects.filter(group_id=flt["group"]).values("user_id")
        query = query.filter(person_id__in=members, role=Role.TRAINEE)
    counts = dict(query.values_list("phase").annotate(n=Count("id")).order_by())
    return {Phase.BEFORE: counts.get(Phase.BEFORE, 0), Phase.AFTER: counts.get(Phase.AFTER, 0)}


def _headline(cells: Cells, flt: dict[str, Any], threshold: int) -> list[dict]:
    """Per role, the mean level as % of the scale before → after (every respondent of each phase), when both
    may be shown; with the paired change."""
    lines = []
    roles = [flt["role"]] if "role" in flt else [Role.TRAINEE, Role.TRAINER]
    for role in roles:
        sub = {**flt, "role": role}
        before, after = _phase(cells.before, sub, threshold), _phase(cells.after, sub, threshold)
        if not (before.shown and after.shown and before.overall and after.overall):
            continue
        pairs = _pairs(cells, sub)
        lines.append({
            "role": role, "label": HEADLINE_ROLES[role](), "before": round(before.overall.percent),
            "after": round(after.overall.percent),
            "points": round(after.overall.percent) - round(before.overall.percent),
            "n_before": before.n, "n_after": after.n, "pairs": pairs,
        })  # fmt: skip
    return lines


def build(course_cycle_ids: list[int], flt: dict[str, Any], *, breakdown: str = "", threshold: int = 4,
          cells: Cells | None = None) -> Report:  # fmt: skip
    """The report of the slice ``flt`` (keys among ``DIMS``) of a course whose cycles are given."""
    cells = cells or load_cells(course_cycle_ids)
    before, after = _phase(cells.before, flt, threshold), _phase(cells.after, flt, threshold)
    pairs = _pairs(cells, flt)
    slices: list[Slice] = []
    if breakdown in DIMS and breakdown not in flt:
        values: set[Any] = set()
        for measure in (cells.before, cells.after):
            values |= measure.values_of(flt, breakdown)
        labels = _labels(breakdown, values)
        for value in sorted(values, key=lambda v: (v is None, labels.get(v, ""), str(v))):
            sub = {**flt, breakdown: value}
            slices.append(Slice(labels.get(value) or _("none"), value, _phase(cells.before, sub, threshold),
                                _phase(cells.after, sub, threshold), _pairs(cells, sub)))  # fmt: skip
    official = []
    if "cycle" in flt:
        official = list(OfficialResult.objects.filter(cycle_id=flt["cycle"]).order_by("role", "area", "phase"))
    return Report(flt, threshold, before, after, pairs, _dropouts(cells, flt, pairs), _invited(cells, flt),
                  breakdown, slices, _headline(cells, flt, threshold) if "cycle" in flt else [], official)  # fmt: skip
