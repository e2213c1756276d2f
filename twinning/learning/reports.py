"""Reports of a cycle and of a course (issue 11): enrolled, waiting, withdrawn, active, completed and the
completion rate, for the whole cycle and by trainer group, region and country; a course's cycles side by side.

- **Enrolled** means holding a place: enrolled or completed (the people who could complete). The **completion
  rate** is completed / enrolled (none when nobody holds a place).
- **Active**: completed, or holding a place and having worked on an activity (an ``ActivityProgress`` row
  written) in the last ``ACTIVE_DAYS`` days.
- **Region**: the region of the learner's primary school (as the group balancing reads a person's school);
  **country**: the learner's own country (MOOCs are open to other countries).

A cycle's figures come from one query whatever its size: the enrolments counted per *cell* (group, region,
country) in the database, then each breakdown is a sum of cells in Python (a few thousand cells at most,
never the 25,500 rows). The result is a plain dict (``CycleReport.as_dict``) so a large cycle's report is
built in the background (job kind ``learning.cycle_report``), kept as JSON on the job, and rendered from it
exactly as a small cycle's report computed on the page. Labels (group numbers and trainers, region and
country names) are read when the report is shown, in the reader's language: three queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from twinning.reference.models import Country, Region
from twinning.schools.models import SchoolMembership

from .models import ActivityProgress, Cycle, Enrolment, LearnerGroup, Status

ACTIVE_DAYS = 30
VERSION = 1
KINDS = ("groups", "regions", "countries")
STEPS = 1 + len(KINDS)  # the query, then one step per breakdown (a job's progress)
FIGURES = ("enrolled", "completed", "waiting", "withdrawn", "active")
PLACED = (Status.ENROLLED, Status.COMPLETED)


@dataclass
class Figures:
    enrolled: int = 0  # holding a place: enrolled or completed
    completed: int = 0
    waiting: int = 0
    withdrawn: int = 0
    active: int = 0

    def add(self, other: Figures) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rate(self) -> float | None:
        """Completed / enrolled, in %; none when nobody holds a place."""
        return self.completed * 100 / self.enrolled if self.enrolled else None

    @property
    def active_rate(self) -> float | None:
        return self.active * 100 / self.enrolled if self.enrolled else None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Figures:
        return cls(**{name: int(data.get(name) or 0) for name in FIGURES})


@dataclass
class Row:
    key: int | None  # the group's, region's, country's or cycle's id; None: none
    figures: Figures
    label: str = ""  # filled in the reader's language when shown
    detail: str = ""  # a group's trainer


@dataclass
class CycleReport:
    cycle_id: int
    built_at: datetime
    active_days: int
    totals: Figures
    groups: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)
    countries: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable (a job's result)."""

        def rows(items: list[Row]) -> list[dict[str, Any]]:
            return [{"key": r.key, **asdict(r.figures)} for r in items]

        return {
            "version": VERSION,
            "cycle": self.cycle_id,
            "built_at": self.built_at.isoformat(),
            "active_days": self.active_days,
            "totals": asdict(self.totals),
            **{kind: rows(getattr(self, kind)) for kind in KINDS},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CycleReport:
        def rows(items: Iterable[dict[str, Any]]) -> list[Row]:
            return [Row(item.get("key"), Figures.of(item)) for item in items]

        return cls(
            cycle_id=int(data["cycle"]),
            built_at=datetime.fromisoformat(data["built_at"]),
            active_days=int(data.get("active_days") or ACTIVE_DAYS),
            totals=Figures.of(data.get("totals") or {}),
            **{kind: rows(data.get(kind) or []) for kind in KINDS},
        )


def _counts(since: datetime, recent_of: Any) -> dict[str, Any]:
    """The counts of one GROUP BY, each a conditional count (``recent_of``: the enrolments with progress since
    ``since``, a subquery the database runs once)."""
    return {
        "enrolled": Count("id", filter=Q(status__in=PLACED)),
        "completed": Count("id", filter=Q(status=Status.COMPLETED)),
        "waiting": Count("id", filter=Q(status=Status.WAITING)),
        "withdrawn": Count("id", filter=Q(status=Status.WITHDRAWN)),
        "active": Count("id", filter=Q(status=Status.COMPLETED) | Q(status=Status.ENROLLED, pk__in=recent_of)),
    }


def _region_of_learner() -> Subquery:
    """The region of the learner's primary school (none without one)."""
    return Subquery(
        SchoolMembership.objects.filter(user_id=OuterRef("user_id"), is_primary=True)
        .order_by("id")
        .values("school__region_id")[:1]
    )


def _rows(query: Any) -> list[tuple]:
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:  # plain rows: the ORM's converters cost more than the query
        cursor.execute(sql, params)
        return cursor.fetchall()


def cycle_cells(cycle_id: int, *, now: datetime | None = None) -> list[tuple[tuple, Figures]]:
    """The one query: the cycle's enrolments counted per (group, region, country)."""
    since = (now or timezone.now()) - timedelta(days=ACTIVE_DAYS)
    recent = ActivityProgress.objects.filter(activity__cycle_id=cycle_id, updated_at__gte=since).values("enrolment_id")
    query = (
        Enrolment.objects.filter(cycle_id=cycle_id)
        .annotate(region=_region_of_learner())
        .values_list("group_id", "region", "user__country_id")
        .annotate(**_counts(since, recent))
        .order_by()
    )
    return [((g, r, c), Figures(*numbers)) for g, r, c, *numbers in _rows(query)]


def _sum_by(cells: list[tuple[tuple, Figures]], position: int) -> list[Row]:
    sums: dict[Any, Figures] = {}
    for key, figures in cells:
        total = sums.setdefault(key[position], Figures())
        total.add(figures)
    return [Row(key, figures) for key, figures in sums.items()]


def cycle_report(cycle_id: int, *, progress: Callable[..., None] | None = None) -> CycleReport:
    """The figures of a cycle, its totals and its three breakdowns (``progress(done, total, message)`` told
    after each step when given)."""
    report_progress = progress or (lambda *args, **kwargs: None)
    report_progress(0, STEPS, _("Counting the learners"))
    now = timezone.now()
    cells = cycle_cells(cycle_id, now=now)
    totals = Figures()
    for _key, figures in cells:
        totals.add(figures)
    report = CycleReport(cycle_id, now, ACTIVE_DAYS, totals)
    messages = {
        "groups": _("By trainer group"),
        "regions": _("By region"),
        "countries": _("By country"),
    }
    for step, kind in enumerate(KINDS, start=1):
        report_progress(step, STEPS, messages[kind])
        setattr(report, kind, _sum_by(cells, step - 1))
    report_progress(STEPS, STEPS, _("Done"), force=True)
    return report


# Labels, in the reader's language -----------------------------------------------------------------------------


def _sort_key(row: Row) -> tuple:
    return (row.key is None, row.label.casefold())


def label(report: CycleReport) -> CycleReport:
    """Name every row (three queries) and put each breakdown in order: groups by number, regions and countries
    by name, "none" last."""
    group_ids = [r.key for r in report.groups if r.key is not None]
    groups = {
        pk: (number, " ".join(p for p in (first, last) if p) or email)
        for pk, number, first, last, email in LearnerGroup.objects.filter(pk__in=group_ids).values_list(
            "pk", "number", "trainer__user__first_name", "trainer__user__last_name", "trainer__user__email"
        )
    }
    for row in report.groups:
        number, trainer = groups.get(row.key, (None, None)) if row.key is not None else (None, None)
        if row.key is None:
            row.label = _("Not in a group")
            row.detail = _("waiting, withdrawn or not placed yet")
        elif number is None:
            row.label = _("A group since removed")
        else:
            row.label = _("Group %(number)s") % {"number": number}
            row.detail = trainer or _("no trainer yet")
    numbers = {pk: number for pk, (number, _t) in groups.items()}
    report.groups.sort(key=lambda r: (r.key is None, numbers.get(r.key, 0) if r.key is not None else 0))
    for kind, model, none in (
        ("regions", Region, _("No school or no region")),
        ("countries", Country, _("No country")),
    ):
        rows: list[Row] = getattr(report, kind)
        names = {obj.pk: obj.name for obj in model.objects.filter(pk__in=[r.key for r in rows if r.key is not None])}
        for row in rows:
            row.label = none if row.key is None else names.get(row.key, "?")
        rows.sort(key=_sort_key)
    return report


# A course: one row per cycle ---------------------------------------------------------------------------------


@dataclass
class CourseRow:
    cycle: Cycle
    figures: Figures


def course_report(course_id: int) -> list[CourseRow]:
    """Every cycle of the course (newest first) with its figures: two queries whatever the number of
    enrolments."""
    cycles = list(Cycle.objects.filter(course_id=course_id).order_by("-starts_on", "-id"))
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    recent = ActivityProgress.objects.filter(activity__cycle__course_id=course_id, updated_at__gte=since).values(
        "enrolment_id"
    )
    query = (
        Enrolment.objects.filter(cycle__course_id=course_id)
        .values_list("cycle_id")
        .annotate(**_counts(since, recent))
        .order_by()
    )
    found = {cycle_id: Figures(*numbers) for cycle_id, *numbers in _rows(query)}
    return [CourseRow(cycle, found.get(cycle.pk, Figures())) for cycle in cycles]


# Charts: horizontal bars, drawn by the template from these numbers --------------------------------------------

CHART_WIDTH, LABEL_WIDTH, BAR, GAP, ROW_GAP = 300, 170, 14, 3, 10
CHART_MAX_ROWS = 60  # beyond this a chart says less than its table


@dataclass
class Bar:
    kind: str  # "a" or "b": the first or second series
    y: int
    width: int
    text: str


@dataclass
class ChartRow:
    label: str
    y: int
    bars: list[Bar]


@dataclass
class Chart:
    title: str
    description: str
    rows: list[ChartRow]
    height: int
    width: int = LABEL_WIDTH + CHART_WIDTH + 70
    legend: list[tuple[str, str]] = field(default_factory=list)  # (kind, label) for two series
    legend_y: int = 0
    label_width: int = LABEL_WIDTH


def _series_height(series: int) -> int:
    return series * (BAR + GAP) + ROW_GAP


def rate_chart(title: str, rows: list[Row]) -> Chart | None:
    """The completion rate of each row (rows without anyone holding a place left out)."""
    shown = [r for r in rows if r.figures.rate is not None]
    if not shown or len(shown) > CHART_MAX_ROWS:
        return None
    step = _series_height(1)
    chart_rows, described = [], []
    for index, row in enumerate(shown):
        rate = row.figures.rate or 0.0
        y = index * step
        text = f"{rate:.0f}%"
        chart_rows.append(ChartRow(row.label, y, [Bar("a", y, round(CHART_WIDTH * rate / 100), text)]))
        described.append(f"{row.label}: {text}")
    return Chart(title, "; ".join(described), chart_rows, step * len(shown))


def counts_chart(title: str, rows: list[Row], first: str, second: str) -> Chart | None:
    """Enrolled (first series) and completed (second) of each row, to the scale of the largest."""
    shown = [r for r in rows if r.figures.enrolled]
    if not shown or len(shown) > CHART_MAX_ROWS:
        return None
    top = max(r.figures.enrolled for r in shown)
    step = _series_height(2)
    chart_rows, described = [], []
    for index, row in enumerate(shown):
        y = index * step
        bars = [
            Bar("a", y, round(CHART_WIDTH * row.figures.enrolled / top), str(row.figures.enrolled)),
            Bar("b", y + BAR + GAP, round(CHART_WIDTH * row.figures.completed / top), str(row.figures.completed)),
        ]
        chart_rows.append(ChartRow(row.label, y, bars))
        described.append(f"{row.label}: {first} {row.figures.enrolled}, {second} {row.figures.completed}")
    height = step * len(shown)
    return Chart(title, "; ".join(described), chart_rows, height + 24, legend=[("a", first), ("b", second)],
                 legend_y=height + 4)  # fmt: skip


# CSV ---------------------------------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def csv_header(first: str) -> list[str]:
    return [
        first,
        pgettext("learning report", "Enrolled"),
        pgettext("learning report", "Completed"),
        _("Completion rate (%%)") % {},
        pgettext("learning report", "Active"),
        pgettext("learning report", "Waiting"),
        pgettext("learning report", "Withdrawn"),
    ]


def csv_cells(figures: Figures) -> list[Any]:
    return [figures.enrolled, figures.completed, _percent(figures.rate), figures.active, figures.waiting,
            figures.withdrawn]  # fmt: skip
