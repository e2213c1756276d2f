"""The reports' entries in the registries (imported from ``extensions``): the rule that says up to how many
enrolments a cycle's report is computed on the page, and the background job that builds a larger one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.jobs import JobError, register_job
from twinning.core.rules import register_rule

from . import reports
from .models import Cycle

INLINE_MAX = "learning.report_inline_max"
JOB_KIND = "learning.cycle_report"

register_rule(
    INLINE_MAX,
    _("Largest cycle whose report is computed on the page"),
    default=2000,
    minimum=0,
    maximum=1_000_000,
    unit=_("enrolments"),
    help_text=_("Reports of larger cycles are built in the background, with their progress shown."),
)


def job_key(cycle_id: int) -> str:
    return f"cycle:{cycle_id}"


def _build(job: Any, progress: Any) -> dict[str, Any]:
    cycle_id = job.params.get("cycle")
    if not isinstance(cycle_id, int) or not Cycle.objects.filter(pk=cycle_id).exists():
        raise JobError(gettext("This cycle no longer exists."))
    return reports.cycle_report(cycle_id, progress=progress).as_dict()


def _result_url(job: Any) -> str:
    return reverse("learning:cycle_report", args=[job.params.get("cycle")])


register_job(JOB_KIND, title=_("Report of a course cycle"), run=_build, result_url=_result_url)
