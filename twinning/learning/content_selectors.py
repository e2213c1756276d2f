"""Reads of a cycle's content: the staff's authoring page and the learner's outline (modules in order, each
released or not for this learner, with each activity's status and the learner's own dates). Each page reads
a fixed number of queries whatever the number of modules and activities: the modules, the activities, the
learner's progress rows and exceptions, the latest announcements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from twinning.core.models import Attachment

from . import content, progress
from .models import Activity, ActivityProgress, Announcement, Cycle, Enrolment, Module, Override, ProgressState
from .schedule import Dates, dates_for, module_opens_at

# The status a learner reads on the outline, with the tag's CSS class.
NOT_STARTED = ("not_started", _("Not started"), "status-registered")
STATES: dict[str, tuple] = {
    ProgressState.STARTED: ("started", _("Started"), "status-pending"),
    ProgressState.SUBMITTED: ("submitted", _("Submitted"), "status-proposed"),
    ProgressState.RESUBMIT: ("resubmit", _("A new submission asked for"), "status-pending"),
    ProgressState.COMPLETED: ("completed", _("Completed"), "status-validated"),
    ProgressState.FAILED: ("failed", _("Below the pass mark"), "status-rejected"),
}


@dataclass
class ActivityLine:
    activity: Activity
    url: str | None
    dates: Dates
    status: tuple | None = None  # (code, label, css) for a learner; None in a preview

    @property
    def status_code(self) -> str:
        return self.status[0] if self.status else ""

    @property
    def status_label(self):
        return self.status[1] if self.status else ""

    @property
    def status_css(self) -> str:
        return self.status[2] if self.status else ""


@dataclass
class ModuleLine:
    module: Module
    opens_at: datetime | None
    released: bool
    activities: list[ActivityLine] = field(default_factory=list)


@dataclass
class Outline:
    cycle: Cycle
    enrolment: Enrolment | None
    modules: list[ModuleLine]
    announcements: list[Announcement]
    required_done: int = 0
    required_total: int = 0
    average: Decimal | None = None
    missing: list[str] = field(default_factory=list)


def _activities_by_module(cycle: Cycle) -> dict[int, list[Activity]]:
    by_module: dict[int, list[Activity]] = defaultdict(list)
    for activity in Activity.objects.filter(cycle_id=cycle.pk).defer("body").order_by("position", "id"):
        by_module[activity.module_id].append(activity)
    return by_module


def outline(cycle: Cycle, enrolment: Enrolment | None, *, now: datetime) -> Outline:
    """``cycle`` with its course loaded; ``enrolment`` the learner's (None: a trainer's or staff's preview,
    every module shown, no progress)."""
    modules = list(Module.objects.filter(cycle_id=cycle.pk).order_by("position", "id"))
    by_module = _activities_by_module(cycle)
    states: dict[int, str] = {}
    overrides: dict[int, Override] = {}
    if enrolment is not None:
        states = dict(ActivityProgress.objects.filter(enrolment_id=enrolment.pk).values_list("activity_id", "state"))
        overrides = {o.activity_id: o for o in Override.objects.filter(enrolment_id=enrolment.pk)}
    lines = []
    for module in modules:
        opens = module_opens_at(module, cycle, enrolment)
        released = enrolment is None or opens is None or opens <= now
        line = ModuleLine(module=module, opens_at=opens, released=released)
        if released:
            for activity in by_module.get(module.pk, []):
                status = None
                if enrolment is not None:
                    state = states.get(activity.pk)
                    status = STATES.get(state, NOT_STARTED) if state else NOT_STARTED
                line.activities.append(
                    ActivityLine(
                        activity=activity,
                        url=content.show_url(activity),
                        dates=dates_for(activity, cycle, enrolment, overrides.get(activity.pk)),
                        status=status,
                    )
                )
        lines.append(line)
    result = Outline(
        cycle=cycle,
        enrolment=enrolment,
        modules=lines,
        announcements=list(Announcement.objects.filter(cycle_id=cycle.pk).order_by("-created_at", "-id")[:3]),
        required_total=cycle.required_total,
    )
    if enrolment is not None:
        result.required_done = enrolment.required_done
        result.average = progress.average(enrolment)
        result.missing = progress.missing(enrolment, cycle)
    return result


def authoring(cycle: Cycle) -> list[Module]:
    """The cycle's modules in order, each with ``lines`` (its activities) and each activity with
    ``learners`` (how many learners have progress in it): three queries."""
    modules = list(Module.objects.filter(cycle_id=cycle.pk).order_by("position", "id"))
    counts = dict(
        ActivityProgress.objects.filter(activity__cycle_id=cycle.pk)
        .values("activity_id")
        .annotate(n=Count("id"))
        .values_list("activity_id", "n")
    )
    by_module = _activities_by_module(cycle)
    for module in modules:
        module.lines = by_module.get(module.pk, [])  # type: ignore[attr-defined]
        for activity in module.lines:  # type: ignore[attr-defined]
            activity.learners = counts.get(activity.pk, 0)
    return modules


def progress_state(enrolment: Enrolment | None, activity: Activity) -> str | None:
    if enrolment is None:
        return None
    return (
        ActivityProgress.objects.filter(enrolment_id=enrolment.pk, activity_id=activity.pk)
        .values_list("state", flat=True)
        .first()
    )


def activity_files(activity: Activity) -> list[Attachment]:
    return list(
        Attachment.objects.filter(host=content.ACTIVITY_FILES, host_id=activity.pk).order_by("created_at", "id")
    )


def learner_count_with_progress(activity: Activity) -> int:
    return content.learners_with_progress(activity)


def posts_written(user: Any, activity: Activity) -> int:
    return content.posts_in_task(user, activity.pk)
