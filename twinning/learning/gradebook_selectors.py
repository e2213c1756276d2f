"""Gradebooks and progress pages: the reads, each in a fixed number of queries whatever the number of learners
and activities.

- ``group_gradebook``: a group's learners × the cycle's required or graded activities (module order), three
  queries (activities, members, their progress rows); rows come back as plain tuples and strings so that
  the page only prints them.
- ``cycle_summary`` / ``cycle_export_rows``: a cycle's learners with their counters (never their progress
  rows), a page at a time or streamed in chunks for the CSV.
- ``learner_progress``: one learner's required and graded activities with their own dates (three queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import progress
from .models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Cycle,
    Enrolment,
    LearnerGroup,
    Override,
    ProgressState,
    Status,
)
from .schedule import dates_for, module_opens_at

LEARNERS = (Status.ENROLLED, Status.COMPLETED)
EMPTY: tuple[None, None] = (None, None)
EXPORT_CHUNK = 2000


def short_states() -> dict[str | None, str]:
    """Short labels of a cell (the long ones are too wide for 30 columns), in the active language."""
    return {
        ProgressState.COMPLETED: _("Done"),
        ProgressState.FAILED: _("Below the pass mark"),
        ProgressState.SUBMITTED: _("To grade"),
        ProgressState.RESUBMIT: _("Resubmit"),
        ProgressState.STARTED: _("Started"),
        None: _("Not started"),
    }


def points_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return text.rstrip(".")


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{formats.number_format(value, 1)}%"


def average_of(percent_sum: Decimal, graded_count: int) -> Decimal | None:
    """``progress.average`` from the two counters (the export reads values, not rows)."""
    stub = Enrolment(percent_sum=percent_sum, graded_count=graded_count)
    return progress.average(stub)


def status_of(status: str, started_at) -> tuple[str, str]:
    """(code, label) of a learner's completion: completed, in progress or not started."""
    if status == Status.COMPLETED:
        return "completed", _("Completed")
    if started_at is None:
        return "not_started", _("Not started")
    return "in_progress", _("In progress")


def gradebook_activities(cycle_id: int) -> QuerySet[Activity]:
    """The cycle's required or graded activities, in module order."""
    return (
        Activity.objects.filter(cycle_id=cycle_id)
        .filter(Q(required=True) | Q(max_points__gt=0))
        .order_by("module__position", "module_id", "position", "id")
    )


@dataclass
class GroupRow:
    enrolment_id: int
    name: str
    last_name: str
    first_name: str
    email: str
    cells: list[tuple[str, str]]  # (state code for the tag's class, text)
    required_done: int
    average: str
    below_minimum: bool
    status: str
    status_label: str
    signed_off: str  # "" or "name, date"
    may_sign_off: bool
    exceptions_url: str = ""
    sign_off_url: str = ""
    message_url: str = ""


@dataclass
class GroupGradebook:
    activities: list[tuple[int, str, str, str, bool]]  # (id, title, kind label, max points, required)
    rows: list[GroupRow]
    required_total: int
    min_grade: int | None
    progress: dict[tuple[int, int], tuple[str, Decimal | None]]


def group_gradebook(group: LearnerGroup) -> GroupGradebook:
    """Three queries: the activities, the members (with who signed them off), their progress rows."""
    cycle = group.cycle
    activities = list(gradebook_activities(cycle.pk).values_list("id", "title", "kind", "max_points", "required"))
    members = list(
        Enrolment.objects.filter(group_id=group.pk, status__in=LEARNERS)
        .select_related("user", "signed_off_by")
        .only("id", "status", "started_at", "required_done", "graded_count", "percent_sum", "signed_off_at",
              "user__first_name", "user__last_name", "user__email", "signed_off_by__first_name",
              "signed_off_by__last_name", "signed_off_by__email")
        .order_by("user__last_name", "user__first_name", "id")
    )  # fmt: skip
    activity_ids = [a[0] for a in activities]
    found: dict[tuple[int, int], tuple[str, Decimal | None]] = {}
    if members and activity_ids:
        rows = ActivityProgress.objects.filter(
            enrolment_id__in=[m.pk for m in members], activity_id__in=activity_ids
        ).values_list("enrolment_id", "activity_id", "state", "points")
        found = {(e, a): (s, p) for e, a, s, p in rows}
    labels = short_states()
    kinds = {k.value: str(k.label) for k in ActivityKind}
    course = cycle.course
    minimum = course.min_grade_percent
    made: dict[tuple[str | None, Decimal | None], tuple[str, str]] = {}
    result = []
    for member in members:
        cells = []
        for activity_id in activity_ids:
            key = found.get((member.pk, activity_id), EMPTY)
            cell = made.get(key)
            if cell is None:  # few distinct (state, points) pairs: each text is built once
                state, points = key
                text = labels.get(state, "")
                if points is not None:
                    text = f"{text} · {points_text(points)}"
                cell = made[key] = (state or "none", text)
            cells.append(cell)
        average = progress.average(member)
        code, label = status_of(member.status, member.started_at)
        signed = ""
        if member.signed_off_at:
            by = member.signed_off_by.display_name if member.signed_off_by else ""
            signed = ", ".join(p for p in (by, formats.date_format(timezone.localtime(member.signed_off_at))) if p)
        result.append(
            GroupRow(
                enrolment_id=member.pk,
                name=member.user.display_name,
                last_name=member.user.last_name,
                first_name=member.user.first_name,
                email=member.user.email,
                cells=cells,
                required_done=member.required_done,
                average=percent_text(average),
                below_minimum=minimum is not None and (average is None or average < minimum),
                status=code,
                status_label=label,
                signed_off=signed,
                may_sign_off=member.status == Status.ENROLLED and member.signed_off_at is None,
            )
        )
    return GroupGradebook(
        activities=[(a[0], a[1], kinds.get(a[2], a[2]), points_text(a[3]), a[4]) for a in activities],
        rows=result,
        required_total=cycle.required_total,
        min_grade=minimum,
        progress=found,
    )


def group_csv(book: GroupGradebook) -> tuple[list[str], list[list[Any]]]:
    """The gradebook as CSV: per activity its state, and its points when it is graded."""
    header = [_("Last name"), _("First name"), _("E-mail")]
    graded = []
    for _id, title, _kind, max_points, _required in book.activities:
        header.append(title)
        if max_points and max_points != "0":
            header.append(_("%(activity)s – points of %(max)s") % {"activity": title, "max": max_points})
            graded.append(True)
        else:
            graded.append(False)
    header += [_("Required done"), _("Required in all"), _("Average (%)"), _("Status"), _("Signed off")]
    states = {k.value: str(k.label) for k in ProgressState}
    rows = []
    for row in book.rows:
        line: list[Any] = [row.last_name, row.first_name, row.email]
        for (activity_id, *_rest), is_graded in zip(book.activities, graded, strict=True):
            state, points = book.progress.get((row.enrolment_id, activity_id), (None, None))
            line.append(states.get(state, "") if state else "")
            if is_graded:
                line.append(points_text(points))
        line += [row.required_done, book.required_total, row.average.rstrip("%"), row.status_label, row.signed_off]
        rows.append(line)
    return header, rows


# --- a cycle's learners (25,000) ------------------------------------------------------------------------


def filters_of(form) -> dict:
    """The filters of a bound form; a choice that is not one (a group of another cycle) matches nobody, rather
    than everybody (an export of "these learners" must never turn into all of them)."""
    if not form.is_bound:
        return {}
    return dict(form.cleaned_data) if form.is_valid() else {"nobody": True}


def cycle_learners(cycle: Cycle, filters: dict) -> QuerySet[Enrolment]:
    """A cycle's learners (enrolled or completed) in enrolment order (the index ``cycle, enrolled_at, id``),
    filtered by group (its id), status (``in_progress``, ``completed``) and "not started"."""
    qs = Enrolment.objects.filter(cycle_id=cycle.pk, status__in=LEARNERS)
    if filters.get("nobody"):
        return qs.none()
    if filters.get("group"):
        qs = qs.filter(group_id=filters["group"])
    status = filters.get("status")
    if status == "completed":
        qs = qs.filter(status=Status.COMPLETED)
    elif status == "in_progress":
        qs = qs.filter(status=Status.ENROLLED)
    if filters.get("not_started"):
        qs = qs.filter(started_at__isnull=True)
    return qs.order_by("enrolled_at", "id")


def cycle_summary(cycle: Cycle, filters: dict) -> QuerySet[Enrolment]:
    """One page's rows come with the learner and their group in the same query."""
    return (
        cycle_learners(cycle, filters)
        .select_related("user", "group")
        .only("id", "status", "started_at", "completed_at", "required_done", "graded_count", "percent_sum",
              "signed_off_at", "enrolled_at", "group__number", "user__first_name", "user__last_name",
              "user__email")
    )  # fmt: skip


def decorate(rows: list[Enrolment], cycle: Cycle) -> list[Enrolment]:
    """Average and completion status for the page's rows (no query)."""
    minimum = cycle.course.min_grade_percent
    for e in rows:
        value = progress.average(e)
        e.average_text = percent_text(value)  # type: ignore[attr-defined]
        e.below_minimum = minimum is not None and (value is None or value < minimum)  # type: ignore[attr-defined]
        e.state, e.state_label = status_of(e.status, e.started_at)  # type: ignore[attr-defined]
    return rows


def cycle_export_rows(cycle: Cycle, filters: dict | None = None):
    """Every learner of the cycle as CSV rows, read in chunks of values (never all of them at once)."""
    qs = cycle_learners(cycle, filters or {}).values_list(
        "user__last_name", "user__first_name", "user__email", "group__number", "required_done", "graded_count",
        "percent_sum", "status", "started_at", "completed_at", "signed_off_at",
    )  # fmt: skip
    total = cycle.required_total
    for last, first, email, number, done, graded, psum, status, started, completed, signed in qs.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        average = average_of(psum, graded)
        yield [
            last,
            first,
            email,
            number or "",
            done,
            total,
            "" if average is None else str(average),
            status_of(status, started)[1],
            started.isoformat() if started else "",
            completed.isoformat() if completed else "",
            signed.isoformat() if signed else "",
        ]


# --- one learner ------------------------------------------------------------------------------------------


@dataclass
class LearnerLine:
    activity: Activity
    module_title: str
    state: str
    state_label: str
    points: str
    max_points: str
    due_at: Any
    closes_at: Any
    extended: bool
    extra_minutes: int
    extra_attempts: int
    released: bool


def learner_progress(enrolment: Enrolment, cycle: Cycle) -> list[LearnerLine]:
    """The learner's required or graded activities with where they stand and their own dates (an exception
    included): three queries (activities with their module, progress rows, exceptions)."""
    activities = list(gradebook_activities(cycle.pk).select_related("module"))
    rows = {
        a: (s, p)
        for a, s, p in ActivityProgress.objects.filter(enrolment_id=enrolment.pk).values_list(
            "activity_id", "state", "points"
        )
    }
    overrides = {o.activity_id: o for o in Override.objects.filter(enrolment_id=enrolment.pk)}
    states = {k.value: str(k.label) for k in ProgressState}
    now = timezone.now()
    lines = []
    for activity in activities:
        state, points = rows.get(activity.pk, (None, None))
        override = overrides.get(activity.pk)
        dates = dates_for(activity, cycle, enrolment, override)
        opens = module_opens_at(activity.module, cycle, enrolment)
        lines.append(
            LearnerLine(
                activity=activity,
                module_title=activity.module.title,
                state=state or "none",
                state_label=states.get(state, "") if state else _("Not started"),
                points=points_text(points),
                max_points=points_text(activity.max_points) if activity.graded else "",
                due_at=dates.due_at,
                closes_at=dates.closes_at,
                extended=override is not None,
                extra_minutes=dates.extra_minutes,
                extra_attempts=dates.extra_attempts,
                released=opens is None or opens <= now,
            )
        )
    return lines


# --- exceptions ---------------------------------------------------------------------------------------------


def cycle_group_choices(cycle: Cycle) -> list[tuple[int, int]]:
    """The cycle's groups as (id, number), for the filter (a thousand pairs for 25,000 learners: no models)."""
    return list(LearnerGroup.objects.filter(cycle_id=cycle.pk).order_by("number").values_list("pk", "number"))


def exceptions_of(enrolment: Enrolment) -> list[Override]:
    return list(
        Override.objects.filter(enrolment_id=enrolment.pk)
        .select_related("activity", "granted_by")
        .order_by("activity__module__position", "activity__position", "activity_id")
    )


def exception_activities(cycle_id: int) -> QuerySet[Activity]:
    """The activities that take an exception: the cycle's assignments and quizzes, in module order."""
    return Activity.objects.filter(cycle_id=cycle_id, kind__in=(ActivityKind.ASSIGNMENT, ActivityKind.QUIZ)).order_by(
        "module__position", "module_id", "position", "id"
    )


def group_recipients(group: LearnerGroup) -> list[tuple[int, str]]:
    """The members a trainer may write to: (enrolment id, name)."""
    return [
        (e.pk, e.user.display_name)
        for e in Enrolment.objects.filter(group_id=group.pk, status__in=LEARNERS)
        .select_related("user")
        .only("id", "user__first_name", "user__last_name", "user__email")
        .order_by("user__last_name", "user__first_name", "id")
    ]
