"""Report pages of a cycle and of a course, for the staff of the course's country (CSS for every country;
staff of another country 404, everyone else 403, trainers included: they have their group's gradebook).

A cycle up to the rule ``learning.report_inline_max`` enrolments is counted on the page; a larger one shows
the newest report built in the background (by any of the staff who see it) and offers to build it again.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from twinning.core import jobs
from twinning.core.csv_export import csv_response
from twinning.core.models import Job, JobState
from twinning.core.rules import rule

from . import policies, reports
from .report_extensions import INLINE_MAX, JOB_KIND, job_key

BREAKDOWNS = {"groups", "regions", "countries"}


def _series() -> tuple[str, str]:
    return pgettext("learning report", "Enrolled"), pgettext("learning report", "Completed")


def _staff_cycle(request, cycle_id):
    if not policies.can_create_course(request.user):
        raise PermissionDenied
    return policies.authored_cycle_or_404(request.user, cycle_id)


def _stored(cycle_id: int) -> tuple[reports.CycleReport | None, Job | None]:
    """The newest finished report of the cycle, built by any of its staff."""
    job = (
        Job.objects.filter(kind=JOB_KIND, key=job_key(cycle_id), state=JobState.DONE, result__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None:
        return None, None
    try:
        return reports.CycleReport.from_dict(job.result), job
    except (KeyError, TypeError, ValueError):  # a result of an older shape: build it again
        return None, job


def _report_of(cycle) -> tuple[reports.CycleReport | None, bool]:
    """(the report, whether it was built in the background)."""
    size = cycle.enrolments.count()
    if size <= rule(INLINE_MAX):
        return reports.cycle_report(cycle.pk), False
    report, _job = _stored(cycle.pk)
    return report, True


@login_required
def cycle_report(request, cycle_id):
    cycle = _staff_cycle(request, cycle_id)
    report, background = _report_of(cycle)
    running = None
    if background:
        own = jobs.latest(owner=request.user, kind=JOB_KIND, key=job_key(cycle.pk))
        running = own if own is not None and not own.finished else None
    context = {"cycle": cycle, "course": cycle.course, "background": background, "running": running,
               "report": None, "active_days": reports.ACTIVE_DAYS}  # fmt: skip
    if report is not None:
        reports.label(report)
        enrolled, completed = _series()
        context.update({
            "report": report,
            "group_chart": reports.rate_chart(_("Completion rate per trainer group"), report.groups),
            "region_chart": reports.rate_chart(_("Completion rate per region"), report.regions),
            "region_counts": reports.counts_chart(_("Enrolled and completed per region"), report.regions,
                                                  enrolled, completed),
            "country_counts": reports.counts_chart(_("Enrolled and completed per country"), report.countries,
                                                   enrolled, completed),
            "chart_max_rows": reports.CHART_MAX_ROWS,
        })  # fmt: skip
    return render(request, "learning/reports/cycle.html", context)


@login_required
@require_POST
def cycle_report_build(request, cycle_id):
    """Start building the cycle's report (or follow the build this person already started)."""
    cycle = _staff_cycle(request, cycle_id)
    key = job_key(cycle.pk)
    job = jobs.latest(owner=request.user, kind=JOB_KIND, key=key)
    if job is None or job.finished:
        job = jobs.start(kind=JOB_KIND, owner=request.user, key=key, params={"cycle": cycle.pk},
                         country_code=cycle.course.country.code, total=reports.STEPS)  # fmt: skip
    return redirect("jobs:job", job.pk)


@login_required
def cycle_report_csv(request, cycle_id, breakdown):
    cycle = _staff_cycle(request, cycle_id)
    if breakdown not in BREAKDOWNS:
        raise Http404
    report, _background = _report_of(cycle)
    if report is None:
        raise Http404
    reports.label(report)
    first = {"groups": _("Trainer group"), "regions": _("Region"), "countries": _("Country")}[breakdown]
    header = reports.csv_header(first)
    if breakdown == "groups":
        header.insert(1, _("Volunteer trainer"))
    rows = []
    for row in getattr(report, breakdown):
        cells = [row.label, *reports.csv_cells(row.figures)]
        if breakdown == "groups":
            cells.insert(1, row.detail)
        rows.append(cells)
    total = [_("All"), *reports.csv_cells(report.totals)]
    if breakdown == "groups":
        total.insert(1, "")
    rows.append(total)
    return csv_response(f"cycle-{cycle.pk}-report-{breakdown}.csv", header, rows)


def _staff_course(request, course_id):
    if not policies.can_create_course(request.user):
        raise PermissionDenied
    return policies.authored_course_or_404(request.user, course_id)


@login_required
def course_report(request, course_id):
    course = _staff_course(request, course_id)
    rows = reports.course_report(course.pk)
    chart_rows = [reports.Row(r.cycle.pk, r.figures, label=r.cycle.name) for r in reversed(rows)]
    context = {
        "course": course,
        "rows": rows,
        "active_days": reports.ACTIVE_DAYS,
        "rate_chart": reports.rate_chart(_("Completion rate per cycle"), chart_rows),
        "counts_chart": reports.counts_chart(_("Enrolled and completed per cycle"), chart_rows, *_series()),
    }
    return render(request, "learning/reports/course.html", context)


@login_required
def course_report_csv(request, course_id):
    course = _staff_course(request, course_id)
    rows = [[r.cycle.name, *reports.csv_cells(r.figures)] for r in reports.course_report(course.pk)]
    return csv_response(f"course-{course.pk}-report.csv", reports.csv_header(_("Cycle")), rows)
