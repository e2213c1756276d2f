"""Writes on courses: authoring courses and cycles (staff of the course's country, audited), copying a cycle
to the next school year, enrolling (a place if one is free, else the waiting list, first come), withdrawing
(the first person waiting takes the freed place and is told), and marking an enrolment completed.

Enrolling and withdrawing lock the cycle's row (``select_for_update``) and count inside the transaction,
so that parallel requests on PostgreSQL never give more places than the capacity.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import sanitize
from twinning.core.services import audit_record

from . import policies
from .models import TITLE_MAX, Course, Cycle, Eligibility, Enrolment, Kind, Pacing, Status, Topic

TAKING = (Status.ENROLLED, Status.COMPLETED)  # the statuses that hold a place


class LearningError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _code(course: Course) -> str:
    return course.country.code if course.country_id and course.country is not None else ""


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise LearningError(_("Give the course a title."), field="title")
    if len(title) > TITLE_MAX:
        raise LearningError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    return title


def _course_fields(data: dict) -> dict:
    if data.get("topic") not in Topic.values:
        raise LearningError(_("Choose a topic."), field="topic")
    if data.get("kind") not in Kind.values:
        raise LearningError(_("Choose the kind of course."), field="kind")
    pacing = data.get("pacing") or Pacing.COHORT
    if pacing not in Pacing.values:
        raise LearningError(_("Choose the pacing."), field="pacing")
    hours = data.get("hours") or 0
    if not 0 <= hours <= 2000:
        raise LearningError(_("Give the hours as a number from 0 to 2,000."), field="hours")
    return {
        "title": _title(data.get("title", "")),
        "description": sanitize(data.get("description") or ""),
        "audience": " ".join((data.get("audience") or "").split())[:300],
        "hours": hours,
        "language": data.get("language"),
        "topic": data["topic"],
        "kind": data["kind"],
        "pacing": pacing if data["kind"] == Kind.MOOC else Pacing.COHORT,
        "published": bool(data.get("published")),
    }


@transaction.atomic
def course_create(*, actor: Any, country, **data) -> Course:
    """A new course of ``country``'s catalogue: NSO staff of that country or CSS staff."""
    if not policies.can_create_course(actor):
        raise NotAllowed(_("Only NSO and CSS staff can create courses."))
    if country is None or not policies.can_author(actor, country.pk):
        raise LearningError(_("You can create courses for your own country only."), field="country")
    course = Course.objects.create(country=country, created_by=actor, **_course_fields(data))
    audit_record(actor=actor, action="learning.course_created", target=course, country_code=_code(course))
    return course


@transaction.atomic
def course_edit(*, actor: Any, course: Course, **data) -> Course:
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change it."))
    fields = _course_fields(data)
    changed = [name for name, value in fields.items() if getattr(course, name) != value]
    for name in changed:
        setattr(course, name, fields[name])
    if changed:
        course.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action="learning.course_changed", target=course, country_code=_code(course),
            data={"fields": changed},
        )  # fmt: skip
    return course


def _cycle_fields(data: dict) -> dict:
    name = " ".join((data.get("name") or "").split())[:60]
    if not name:
        raise LearningError(_("Give the cycle a name, for example 2026-27."), field="name")
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    opens_at, closes_at = data.get("enrolment_opens_at"), data.get("enrolment_closes_at")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise LearningError(_("The cycle must end on or after the day it starts."), field="ends_on")
    if not opens_at or not closes_at or closes_at <= opens_at:
        raise LearningError(_("Enrolment must close after it opens."), field="enrolment_closes_at")
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise LearningError(_("Give at least one place, or leave it empty for no limit."), field="capacity")
    if data.get("eligibility") not in Eligibility.values:
        raise LearningError(_("Choose who may enrol."), field="eligibility")
    return {
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "enrolment_opens_at": opens_at,
        "enrolment_closes_at": closes_at,
        "capacity": capacity,
        "eligibility": data["eligibility"],
        "not_if_completed": bool(data.get("not_if_completed")),
    }


@transaction.atomic
def cycle_create(*, actor: Any, course: Course, **data) -> Cycle:
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can add cycles."))
    cycle = Cycle.objects.create(course=course, **_cycle_fields(data))
    audit_record(actor=actor, action="learning.cycle_created", target=cycle, country_code=_code(course))
    return cycle


@transaction.atomic
def cycle_edit(*, actor: Any, cycle: Cycle, **data) -> Cycle:
    """Change a cycle; more places promote as many people waiting as the new places allow."""
    course = cycle.course
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its cycles."))
    fields = _cycle_fields(data)
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if fields["capacity"] is not None and fields["capacity"] < locked.enrolled_count:
        raise LearningError(
            _("%(n)s people are enrolled: the places cannot be fewer.") % {"n": locked.enrolled_count},
            field="capacity",
        )
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, fields[name])
    if changed:
        locked.save(update_fields=changed)
        audit_record(
            actor=actor, action="learning.cycle_changed", target=locked, country_code=_code(course),
            data={"fields": changed},
        )  # fmt: skip
    locked.course = course
    _fill(locked, actor=actor)
    return locked


def _next_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _next_name(name: str) -> str:
    """ "2026-27" → "2027-28", "2026" → "2027"; any other name gets the starting year of the copy."""
    match = re.fullmatch(r"(\d{4})([-/–])(\d{2}|\d{4})", name)
    if match:
        first, sep, second = int(match[1]), match[2], match[3]
        return f"{first + 1}{sep}{(int(second) + 1) % (100 if len(second) == 2 else 10_000):0{len(second)}d}"
    if re.fullmatch(r"\d{4}", name):
        return str(int(name) + 1)
    return ""


@transaction.atomic
def cycle_copy(*, actor: Any, cycle: Cycle) -> Cycle:
    """The next school year's cycle: the same settings, every date a year later, no enrolments."""
    course = cycle.course
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can copy its cycles."))
    starts_on = _next_year(cycle.starts_on)
    copy = Cycle.objects.create(
        course=course,
        name=_next_name(cycle.name) or f"{cycle.name} ({starts_on.year})"[:60],
        starts_on=starts_on,
        ends_on=_next_year(cycle.ends_on),
        enrolment_opens_at=_next_year(cycle.enrolment_opens_at),
        enrolment_closes_at=_next_year(cycle.enrolment_closes_at),
        capacity=cycle.capacity,
        eligibility=cycle.eligibility,
        not_if_completed=cycle.not_if_completed,
    )
    audit_record(
        actor=actor, action="learning.cycle_copied", target=copy, country_code=_code(course),
        data={"from_cycle": cycle.pk},
    )  # fmt: skip
    return copy


def has_completed(user: Any, course_id: int) -> bool:
    return Enrolment.objects.filter(user_id=user.pk, cycle__course_id=course_id, status=Status.COMPLETED).exists()


@transaction.atomic
def enrol(*, cycle: Cycle, user: Any) -> Enrolment:
    """Enrol ``user``: a place if one is free, else the end of the waiting list. Refused (nothing written)
    when the person is not eligible, the window is not open, or they are already in the cycle."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=cycle.pk)
    now = timezone.now()
    existing = None
    if getattr(user, "is_authenticated", False):
        existing = Enrolment.objects.filter(cycle=locked, user_id=user.pk).first()
    reason = policies.refusal(
        user,
        locked,
        now=now,
        enrolment=existing,
        completed=locked.not_if_completed and has_completed(user, locked.course_id),
    )
    if reason:
        raise LearningError(reason)
    enrolled = Enrolment.objects.filter(cycle=locked, status__in=TAKING).count()
    enrolment = existing or Enrolment(cycle=locked, user=user)
    enrolment.enrolled_at, enrolment.withdrawn_at, enrolment.promoted_at = now, None, None
    if locked.capacity is None or enrolled < locked.capacity:
        enrolment.status, enrolment.position = Status.ENROLLED, None
    else:
        last = (
            Enrolment.objects.filter(cycle=locked, status=Status.WAITING)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        enrolment.status, enrolment.position = Status.WAITING, (last or 0) + 1
    enrolment.save()
    _recount(locked)
    return enrolment


def _recount(cycle: Cycle) -> None:
    """The cycle's counts, from its rows (called under the cycle's lock)."""
    cycle.enrolled_count = Enrolment.objects.filter(cycle=cycle, status__in=TAKING).count()
    cycle.waiting_count = Enrolment.objects.filter(cycle=cycle, status=Status.WAITING).count()
    Cycle.objects.filter(pk=cycle.pk).update(enrolled_count=cycle.enrolled_count, waiting_count=cycle.waiting_count)


def _fill(cycle: Cycle, *, actor: Any) -> list[Enrolment]:
    """Give the free places of ``cycle`` (locked) to the first people waiting; tell each one."""
    enrolled = Enrolment.objects.filter(cycle=cycle, status__in=TAKING).count()
    free = None if cycle.capacity is None else max(0, cycle.capacity - enrolled)
    waiting = (
        Enrolment.objects.filter(cycle=cycle, status=Status.WAITING).select_related("user").order_by("position", "id")
    )
    chosen = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for enrolment in chosen:
        enrolment.status, enrolment.position, enrolment.promoted_at = Status.ENROLLED, None, now
        enrolment.save(update_fields=["status", "position", "promoted_at"])
        audit_record(
            actor=actor, action="learning.promoted", target=enrolment, country_code=_code(cycle.course),
            data={"user": enrolment.user_id},
        )  # fmt: skip
        transaction.on_commit(partial(_tell_promoted, enrolment, cycle))
    _recount(cycle)
    return chosen


def _tell_promoted(enrolment: Enrolment, cycle: Cycle) -> None:
    course = cycle.course
    notify(
        recipient=enrolment.user,
        kind="learning.promoted",
        title=gettext_lazy("A place is yours: %(course)s") % {"course": course.title},
        body=gettext_lazy("A place freed in the cycle %(cycle)s and you are now enrolled.") % {"cycle": cycle.name},
        url=reverse("learning:course", args=[course.pk]),
    )


@transaction.atomic
def withdraw(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """Leave a cycle (or its waiting list): the person themselves, or the staff of the course's country.
    A freed place goes to the first person waiting, and to no one else."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=enrolment.cycle_id)
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    own = row.user_id == getattr(actor, "pk", None)
    if not own and not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("You can withdraw only your own enrolments."))
    if row.status not in (Status.ENROLLED, Status.WAITING):
        raise LearningError(_("This enrolment is not active."))
    row.status, row.position, row.withdrawn_at = Status.WITHDRAWN, None, timezone.now()
    row.save(update_fields=["status", "position", "withdrawn_at"])
    audit_record(
        actor=actor, action="learning.withdrawn", target=row, country_code=_code(locked.course),
        data={"user": row.user_id},
    )  # fmt: skip
    _fill(locked, actor=actor)
    return row


@transaction.atomic
def enrolment_complete(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """Staff mark an enrolled person as having completed the course (until completion rules exist)."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=enrolment.cycle_id)
    if not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can record completions."))
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if row.status != Status.ENROLLED:
        raise LearningError(_("Only an enrolled person can complete the course."))
    row.status, row.completed_at = Status.COMPLETED, timezone.now()
    row.save(update_fields=["status", "completed_at"])
    audit_record(
        actor=actor, action="learning.completed", target=row, country_code=_code(locked.course),
        data={"user": row.user_id},
    )  # fmt: skip
    _recount(locked)
    return row
