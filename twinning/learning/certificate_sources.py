"""The learning app's certificate sources (``twinning.certificates.sources``):

- "learning.enrolment": a completed enrolment → a course certificate (the course's title, its hours, the
  cycle's dates, or for a self-paced course the learner's own: enrolled → completed; the course's country).
- "learning.tutoring": a volunteer trainer assigned to a cycle that has ended, who had a group in it → a
  tutoring certificate. Its hours are the course's hours: the trainer accompanies the group for the whole
  course, and a platform-wide rule could not fit courses of 10 and of 40 hours alike.

Completion asks for the certificate at once (``progress`` and ``services.enrolment_complete``); tutoring
certificates are asked for by a daily job once the cycle has ended.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from twinning.certificates.services import request_issue
from twinning.certificates.sources import Facts, register_source

from .models import Cycle, CycleTrainer, Enrolment, LearnerGroup, Pacing, Status

ENROLMENT = "learning.enrolment"
TUTORING = "learning.tutoring"
# Cycles ended within this many days are looked at by the daily job (room for a few days of downtime; ids
# already certified are skipped by the certificates' task with one query).
TUTORING_WINDOW_DAYS = 30


def enrolment_facts(ids: list[int]) -> dict[int, Facts]:
    rows = Enrolment.objects.select_related("cycle__course").filter(pk__in=ids, status=Status.COMPLETED)
    facts: dict[int, Facts] = {}
    for e in rows:
        course = e.cycle.course
        if course.pacing == Pacing.SELF_PACED and e.completed_at:
            started, ended = timezone.localdate(e.enrolled_at), timezone.localdate(e.completed_at)
        else:
            started, ended = e.cycle.starts_on, e.cycle.ends_on
        facts[e.pk] = Facts(
            user_id=e.user_id,
            kind="course",
            title_el=course.title,
            title_en=course.title,
            hours=Decimal(course.hours),
            started_on=started,
            ended_on=ended,
            country_id=course.country_id,
        )
    return facts


def tutoring_facts(ids: list[int]) -> dict[int, Facts]:
    today = timezone.localdate()
    rows = CycleTrainer.objects.select_related("cycle__course", "trainer").filter(pk__in=ids, cycle__ends_on__lt=today)
    pairs = {(r.cycle_id, r.trainer_id) for r in rows}
    with_group = set(
        LearnerGroup.objects.filter(
            cycle_id__in={c for c, _t in pairs}, trainer_id__in={t for _c, t in pairs}
        ).values_list("cycle_id", "trainer_id")
    )
    facts: dict[int, Facts] = {}
    for r in rows:
        if (r.cycle_id, r.trainer_id) not in with_group:
            continue
        course = r.cycle.course
        facts[r.pk] = Facts(
            user_id=r.trainer.user_id,
            kind="tutoring",
            title_el=course.title,
            title_en=course.title,
            hours=Decimal(course.hours),
            started_on=r.cycle.starts_on,
            ended_on=r.cycle.ends_on,
            country_id=course.country_id,
        )
    return facts


def request_tutoring_certificates(*, today=None) -> int:
    """Ask for the certificates of the trainers (with a group) of the cycles that ended yesterday or earlier
    (within the window). Safe to run again: certified ids are skipped."""
    today = today or timezone.localdate()
    cycles = Cycle.objects.filter(ends_on__lt=today, ends_on__gte=today - timedelta(days=TUTORING_WINDOW_DAYS))
    pairs = LearnerGroup.objects.filter(cycle__in=cycles, trainer__isnull=False).values_list("cycle_id", "trainer_id")
    wanted = set(pairs)
    ids = [
        pk
        for pk, cycle_id, trainer_id in CycleTrainer.objects.filter(cycle__in=cycles).values_list(
            "pk", "cycle_id", "trainer_id"
        )
        if (cycle_id, trainer_id) in wanted
    ]
    request_issue(source=TUTORING, source_ids=ids)
    return len(ids)


register_source(ENROLMENT, enrolment_facts)
register_source(TUTORING, tutoring_facts)
