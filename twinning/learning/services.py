"""Writes on courses: authoring courses and cycles (staff of the course's country, audited), copying a cycle
to the next school year, enrolling (a place if one is free, else the waiting list, first come), withdrawing
(the first person waiting takes the freed place and is told), and marking an enrolment completed.

Enrolling and withdrawing lock the cycle's row (``select_for_update``) and count inside the transaction,
so that parallel requests on PostgreSQL never give more places than the capacity.
"""

from __future__ import annotations

import heapq
import re
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import sanitize
from twinning.core.rules import rule
from twinning.core.services import audit_record
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions import services as discussion_services
from twinning.schools.models import SchoolMembership

from . import policies
from .models import (
    TITLE_MAX,
    ApplicationStatus,
    Course,
    Cycle,
    CycleTrainer,
    Eligibility,
    Enrolment,
    Kind,
    LearnerGroup,
    Pacing,
    Status,
    Topic,
    Trainer,
    TrainerApplication,
)

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
        **_completion_fields(data),
    }


def _completion_fields(data: dict) -> dict:
    """The course's completion rules, when given (they were silently dropped before: a course could not be
    made to need the trainer's sign-off or a minimum average through the form or the service)."""
    fields: dict = {}
    if "min_grade_percent" in data:
        value = data["min_grade_percent"]
        if value is not None and not 0 <= value <= 100:
            raise LearningError(_("The pass mark is a percentage from 0 to 100."), field="min_grade_percent")
        fields["min_grade_percent"] = value
    if "needs_signoff" in data:
        fields["needs_signoff"] = bool(data["needs_signoff"])
    return fields


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
        **_cycle_extra_fields(data, starts_on, ends_on),
    }


def _cycle_extra_fields(data: dict, starts_on, ends_on) -> dict:
    """enrolment_extra: an enrolment key required, and the day learners must start by (within the cycle)."""
    start_by = data.get("start_by")
    if start_by is not None and not starts_on <= start_by <= ends_on:
        raise LearningError(_("The day to start by must be within the cycle's dates."), field="start_by")
    return {"key_required": bool(data.get("key_required")), "start_by": start_by}


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
    """The next school year's cycle: the same settings and content, every date a year later, no enrolments."""
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
    # --- content (learning.content): modules and activities, every date moved as the start date moved
    from .content import copy_content

    activities = copy_content(cycle, copy, starts_on - cycle.starts_on)
    # ---
    audit_record(
        actor=actor, action="learning.cycle_copied", target=copy, country_code=_code(course),
        data={"from_cycle": cycle.pk, "activities": activities},
    )  # fmt: skip
    return copy


def has_completed(user: Any, course_id: int) -> bool:
    return Enrolment.objects.filter(user_id=user.pk, cycle__course_id=course_id, status=Status.COMPLETED).exists()


@transaction.atomic
def enrol(*, cycle: Cycle, user: Any, key: str = "") -> Enrolment:
    """Enrol ``user``: a place if one is free, else the end of the waiting list. Refused (nothing written)
    when the person is not eligible, the window is not open, or they are already in the cycle. An enrolment
    ``key`` (required when the cycle says so) places the person in that key's group, even while waiting."""
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
    # enrolment_extra: the group of the enrolment key (refused, nothing written, when it matches none).
    from .enrolment_extra import group_for_key

    keyed = group_for_key(locked, key)
    enrolment = existing or Enrolment(cycle=locked, user=user)
    enrolment.enrolled_at, enrolment.withdrawn_at, enrolment.promoted_at = now, None, None
    enrolment.withdrawn_reason, enrolment.group = "", keyed
    if locked.capacity is None or locked.enrolled_count < locked.capacity:
        enrolment.status, enrolment.position = Status.ENROLLED, None
    else:
        enrolment.status, enrolment.position = Status.WAITING, _last_position(locked) + 1
    enrolment.save()
    if enrolment.status == Status.ENROLLED:
        _bump(locked, enrolled=1)
        if keyed is not None:
            LearnerGroup.objects.filter(pk=keyed.pk).update(size=F("size") + 1)
    else:
        _bump(locked, waiting=1)
    return enrolment


def _last_position(cycle: Cycle) -> int:
    last = (
        Enrolment.objects.filter(cycle=cycle, status=Status.WAITING)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return last or 0


def _bump(cycle: Cycle, *, enrolled: int = 0, waiting: int = 0) -> None:
    """Move the cycle's counts by the given amounts (called under the cycle's row lock, so that the counts
    read from the locked row are exact): one ``UPDATE``, never a recount of the cycle's rows."""
    if not enrolled and not waiting:
        return
    Cycle.objects.filter(pk=cycle.pk).update(
        enrolled_count=F("enrolled_count") + enrolled, waiting_count=F("waiting_count") + waiting
    )
    cycle.enrolled_count += enrolled
    cycle.waiting_count += waiting


def _fill(cycle: Cycle, *, actor: Any) -> list[Enrolment]:
    """Give the free places of ``cycle`` (locked) to the first people waiting; tell each one."""
    free = None if cycle.capacity is None else max(0, cycle.capacity - cycle.enrolled_count)
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
    _bump(cycle, enrolled=len(chosen), waiting=-len(chosen))
    # enrolment_extra: a person placed in a group while waiting (by a key) now counts in its size.
    for group_id in {e.group_id for e in chosen if e.group_id}:
        LearnerGroup.objects.filter(pk=group_id).update(
            size=F("size") + sum(1 for e in chosen if e.group_id == group_id)
        )
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
def withdraw(*, actor: Any, enrolment: Enrolment, reason: str = "", rule_key: str = "") -> Enrolment:
    """Leave a cycle (or its waiting list): the person themselves, or the staff of the course's country
    (``actor`` ``None``: a daily job applying the rule ``rule_key``, with its ``reason``).
    A freed place goes to the first person waiting, and to no one else."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=enrolment.cycle_id)
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    own = row.user_id == getattr(actor, "pk", None)
    if actor is not None and not own and not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("You can withdraw only your own enrolments."))
    if row.status not in (Status.ENROLLED, Status.WAITING):
        raise LearningError(_("This enrolment is not active."))
    was_waiting, group_id = row.status == Status.WAITING, row.group_id
    row.status, row.position, row.withdrawn_at, row.group = Status.WITHDRAWN, None, timezone.now(), None
    row.withdrawn_reason = reason[:200]
    row.save(update_fields=["status", "position", "withdrawn_at", "group", "withdrawn_reason"])
    if group_id and not was_waiting:  # a person waiting in a key's group is not counted in its size
        LearnerGroup.objects.filter(pk=group_id).update(size=F("size") - 1)
    _bump(locked, enrolled=0 if was_waiting else -1, waiting=-1 if was_waiting else 0)
    audit_record(
        actor=actor, action="learning.withdrawn", target=row, country_code=_code(locked.course), reason=reason,
        data={"user": row.user_id, **({"rule": rule_key} if rule_key else {})},
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
    from twinning.certificates.services import request_issue  # the certificate, issued after the commit

    request_issue(source="learning.enrolment", source_ids=[row.pk])
    return row  # enrolled → completed: both hold a place, the counts do not move


# --- bulk enrolment ------------------------------------------------------------------------------------------

BULK_CHUNK = 5000


def _chunks(items: list, size: int = BULK_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def enrol_many(*, cycle: Cycle, users, actor: Any) -> dict:
    """Enrol many people at once (staff of the course's country): one transaction under the cycle's lock,
    eligibility checked for each person (those refused are listed with the reason, nothing written for them),
    the free places given in the order given, then the waiting list; the counts moved by one ``UPDATE``."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=cycle.pk)
    if not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can enrol people in its cycles."))
    people = list({user.pk: user for user in users}.values())
    ids = [user.pk for user in people]
    existing: dict[int, Enrolment] = {}
    completed: set[int] = set()
    for chunk in _chunks(ids):
        existing.update((e.user_id, e) for e in Enrolment.objects.filter(cycle=locked, user_id__in=chunk))
        if locked.not_if_completed:
            completed.update(
                Enrolment.objects.filter(
                    user_id__in=chunk, cycle__course_id=locked.course_id, status=Status.COMPLETED
                ).values_list("user_id", flat=True)
            )
    now = timezone.now()
    free = None if locked.capacity is None else max(0, locked.capacity - locked.enrolled_count)
    position = _last_position(locked)
    new: list[Enrolment] = []
    reused: list[Enrolment] = []
    refused: list[tuple[Any, str]] = []
    enrolled = waiting = 0
    for user in people:
        row = existing.get(user.pk)
        reason = policies.refusal(user, locked, now=now, enrolment=row, completed=user.pk in completed)
        if reason:
            refused.append((user, reason))
            continue
        row = row or Enrolment(cycle=locked, user=user)
        row.enrolled_at, row.withdrawn_at, row.promoted_at, row.group = now, None, None, None
        if free is None or free > 0:
            row.status, row.position = Status.ENROLLED, None
            enrolled += 1
            free = None if free is None else free - 1
        else:
            position += 1
            row.status, row.position = Status.WAITING, position
            waiting += 1
        (reused if row.pk else new).append(row)
    Enrolment.objects.bulk_create(new, batch_size=2000)
    Enrolment.objects.bulk_update(
        reused, ["status", "position", "enrolled_at", "withdrawn_at", "promoted_at", "group"], batch_size=1000
    )
    _bump(locked, enrolled=enrolled, waiting=waiting)
    audit_record(
        actor=actor, action="learning.enrolled_many", target=locked, country_code=_code(locked.course),
        data={"enrolled": enrolled, "waiting": waiting, "refused": len(refused)},
    )  # fmt: skip
    return {"enrolled": enrolled, "waiting": waiting, "refused": refused}


# --- the call for volunteer trainers and their registry -------------------------------------------------------

TEXT_MAX = 3000


def _text(value: str, field: str, empty_message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise LearningError(empty_message, field=field)
    if len(text) > TEXT_MAX:
        raise LearningError(_("This text is too long (at most %(n)s characters).") % {"n": TEXT_MAX}, field=field)
    return text


@transaction.atomic
def trainer_apply(*, actor: Any, motivation: str, experience: str) -> TrainerApplication:
    """A validated eTwinner applies to be a volunteer trainer; the NSO of their country decides."""
    if not policies.can_apply_as_trainer(actor):
        raise NotAllowed(_("Only eTwinners (validated by their National Support Organisation) can apply."))
    if actor.country_id is None:
        raise LearningError(_("Give your country in your profile first."))
    if Trainer.objects.filter(user_id=actor.pk, active=True).exists():
        raise LearningError(_("You are already a volunteer trainer."))
    if TrainerApplication.objects.filter(user_id=actor.pk, status=ApplicationStatus.PENDING).exists():
        raise LearningError(_("Your application is waiting for a decision."))
    application = TrainerApplication.objects.create(
        user=actor,
        country_id=actor.country_id,
        motivation=_text(motivation, "motivation", _("Say why you want to be a volunteer trainer.")),
        experience=_text(experience, "experience", _("Describe your experience in training teachers.")),
    )
    audit_record(
        actor=actor, action="learning.trainer_applied", target=application,
        country_code=actor.country.code if actor.country_id else "",
    )  # fmt: skip
    return application


@transaction.atomic
def application_decide(
    *, actor: Any, application: TrainerApplication, approve: bool, reason: str = ""
) -> Trainer | None:
    """Approve (the applicant joins the registry, or is active in it again) or refuse with a reason; the
    applicant is told either way."""
    row = TrainerApplication.objects.select_for_update().select_related("user", "country").get(pk=application.pk)
    if not policies.can_author(actor, row.country_id):
        raise NotAllowed(_("Only the staff of the applicant's country can decide."))
    if row.status != ApplicationStatus.PENDING:
        raise LearningError(_("This application has already been decided."))
    reason = " ".join((reason or "").split())[:500]
    if not approve and not reason:
        raise LearningError(_("Give the reason for the refusal: the applicant will read it."), field="reason")
    now = timezone.now()
    row.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REFUSED
    row.reason, row.decided_by, row.decided_at = reason, actor, now
    row.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    trainer = None
    if approve:
        trainer, created = Trainer.objects.get_or_create(
            user=row.user, defaults={"country_id": row.country_id, "since": now.date()}
        )
        if not created and not trainer.active:
            trainer.active = True
            trainer.save(update_fields=["active"])
    audit_record(
        actor=actor, action="learning.trainer_approved" if approve else "learning.trainer_refused", target=row,
        country_code=row.country.code, reason=reason, data={"user": row.user_id},
    )  # fmt: skip
    transaction.on_commit(partial(_tell_decision, row))
    return trainer


def _tell_decision(application: TrainerApplication) -> None:
    approved = application.status == ApplicationStatus.APPROVED
    notify(
        recipient=application.user,
        kind="learning.trainer_decision",
        title=gettext_lazy("You are a volunteer trainer")
        if approved
        else gettext_lazy("Your application to be a volunteer trainer was not accepted"),
        body=application.reason,
        url=reverse("learning:trainer_home"),
    )


@transaction.atomic
def trainer_set_active(*, actor: Any, trainer: Trainer, active: bool) -> Trainer:
    row = Trainer.objects.select_for_update().select_related("country").get(pk=trainer.pk)
    if not policies.can_author(actor, row.country_id):
        raise NotAllowed(_("Only the staff of the trainer's country can change the registry."))
    if row.active != active:
        row.active = active
        row.save(update_fields=["active"])
        audit_record(
            actor=actor, action="learning.trainer_activated" if active else "learning.trainer_deactivated",
            target=row, country_code=row.country.code, data={"user": row.user_id},
        )  # fmt: skip
    return row


# --- trainers on cycles, learner groups -------------------------------------------------------------------

FORUM_HOST = "learning.cycle"  # the trainers' room of a cycle


@transaction.atomic
def cycle_trainer_assign(*, actor: Any, cycle: Cycle, trainer: Trainer | None) -> CycleTrainer:
    """Assign a registry trainer to tutor in a cycle (the trainers' room opens with the first one)."""
    course = cycle.course
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can assign trainers."))
    if trainer is None or not trainer.active or trainer.country_id != course.country_id:
        raise LearningError(_("Choose an active trainer of the course's country."), field="trainer")
    row, created = CycleTrainer.objects.get_or_create(cycle=cycle, trainer=trainer)
    if not created:
        raise LearningError(_("This trainer is already assigned to the cycle."), field="trainer")
    if discussion_selectors.forum_of(FORUM_HOST, cycle.pk) is None:
        discussion_services.forum_create(host=FORUM_HOST, host_id=cycle.pk)
    audit_record(
        actor=actor, action="learning.trainer_assigned", target=cycle, country_code=_code(course),
        data={"trainer": trainer.pk, "user": trainer.user_id},
    )  # fmt: skip
    return row


@transaction.atomic
def group_trainer_set(*, actor: Any, group: LearnerGroup, trainer: Trainer | None) -> LearnerGroup:
    """Give a group another volunteer trainer (one who drops out is replaced), or none for now. The trainer
    must be active, of the course's country and free in this cycle (one group each); one not yet assigned
    to the cycle is assigned with it. The new trainer sees the group at once, the former one no longer."""
    locked = LearnerGroup.objects.select_for_update(of=("self",)).select_related("cycle__course").get(pk=group.pk)
    course = locked.cycle.course
    if not policies.can_author(actor, course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change a group's trainer."))
    if trainer is not None:
        if not trainer.active or trainer.country_id != course.country_id:
            raise LearningError(_("Choose an active trainer of the course's country."), field="email")
        if trainer.pk == locked.trainer_id:
            raise LearningError(_("This trainer already tutors this group."), field="email")
        busy = LearnerGroup.objects.filter(cycle_id=locked.cycle_id, trainer=trainer).exclude(pk=locked.pk).first()
        if busy is not None:
            raise LearningError(
                _("This trainer already tutors group %(number)s of this cycle.") % {"number": busy.number},
                field="email",
            )
        if not CycleTrainer.objects.filter(cycle_id=locked.cycle_id, trainer=trainer).exists():
            cycle_trainer_assign(actor=actor, cycle=locked.cycle, trainer=trainer)
    elif locked.trainer_id is None:
        raise LearningError(_("This group has no trainer to remove."), field="email")
    before = locked.trainer.user_id if locked.trainer is not None else None
    locked.trainer = trainer
    locked.save(update_fields=["trainer"])
    audit_record(
        actor=actor, action="learning.group_trainer_changed", target=locked, country_code=_code(course),
        data={"group": locked.number, "from_user": before, "to_user": trainer.user_id if trainer else None},
    )  # fmt: skip
    return locked


def _group_sizes() -> tuple[int, int]:
    """(smallest, largest): the largest wins when the two rules cross."""
    high = rule("learning.group_size_max")
    return min(rule("learning.group_size_min"), high), high


def _primary_school():
    return Subquery(
        SchoolMembership.objects.filter(user_id=OuterRef("user_id"), is_primary=True)
        .order_by("id")
        .values("school_id")[:1]
    )


def _place(newcomers: list[tuple[int, int | None]], rooms: dict[int, int]) -> dict[int, list[int]]:
    """Newcomers (enrolment id, school id) into groups with ``rooms`` free places each: the people of one
    school together in the group with the most room when it can take them all, split over the roomiest
    groups only when none can; people without a school fill what is left, the emptiest groups first."""
    schools: dict[int, list[int]] = {}
    alone: list[int] = []
    for pk, school in newcomers:
        (schools.setdefault(school, []) if school is not None else alone).append(pk)
    heap = [(-room, key) for key, room in rooms.items() if room > 0]
    heapq.heapify(heap)
    placed: dict[int, list[int]] = {}

    def take(people: list[int]) -> None:
        while people and heap:
            room, key = heapq.heappop(heap)
            room = -room
            given, people[:] = people[:room], people[room:]
            placed.setdefault(key, []).extend(given)
            if room - len(given) > 0:
                heapq.heappush(heap, (-(room - len(given)), key))

    for members in sorted(schools.values(), key=len, reverse=True):
        take(members)
    for pk in alone:
        take([pk])
    return placed


@transaction.atomic
def groups_balance(*, cycle: Cycle, actor: Any) -> dict:
    """Split the cycle's enrolled people into groups of the configured size, one trainer each, keeping the
    people of one school together where possible. Idempotent: those already placed stay; newcomers fill the
    groups up to a balanced size and new groups open when needed. ``actor`` ``None`` is the daily job."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=cycle.pk)
    if actor is not None and not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can form the groups."))
    if locked.course.kind == Kind.MOOC:
        raise LearningError(_("A MOOC has no groups of trainees: there is nothing to form."))
    newcomers = list(
        Enrolment.objects.filter(cycle=locked, status__in=TAKING, group__isnull=True)
        .annotate(school=_primary_school())
        .order_by("enrolled_at", "id")
        .values_list("pk", "school")
    )
    groups = {g.pk: g for g in LearnerGroup.objects.filter(cycle=locked).order_by("number")}
    if not newcomers:
        return {"placed": 0, "groups": len(groups), "new_groups": 0}
    _low, high = _group_sizes()
    total = sum(g.size for g in groups.values()) + len(newcomers)
    wanted = max(len(groups), -(-total // high))
    busy = {g.trainer_id for g in groups.values() if g.trainer_id}
    free_trainers = [
        t for t in CycleTrainer.objects.filter(cycle=locked, trainer__active=True)
        .order_by("id").values_list("trainer_id", flat=True) if t not in busy
    ]  # fmt: skip
    for group in groups.values():
        if group.trainer_id is None and free_trainers:
            group.trainer_id = free_trainers.pop(0)
    number = max((g.number for g in groups.values()), default=0)
    fresh = []
    for _index in range(wanted - len(groups)):
        number += 1
        fresh.append(
            LearnerGroup(cycle=locked, number=number, trainer_id=free_trainers.pop(0) if free_trainers else None)
        )
    LearnerGroup.objects.bulk_create(fresh)
    groups.update((g.pk, g) for g in fresh)
    target = -(-total // wanted)
    placed = _place(newcomers, {pk: target - g.size for pk, g in groups.items()})
    for pk, members in placed.items():
        for chunk in _chunks(members):
            Enrolment.objects.filter(pk__in=chunk).update(group_id=pk)
        groups[pk].size += len(members)
    LearnerGroup.objects.bulk_update(list(groups.values()), ["size", "trainer"], batch_size=1000)
    result = {"placed": sum(len(m) for m in placed.values()), "groups": len(groups), "new_groups": len(fresh)}
    audit_record(
        actor=actor, action="learning.groups_balanced", target=locked, country_code=_code(locked.course), data=result
    )
    return result


def balance_closed_cycles(*, now=None) -> int:
    """The daily job: balance every running cycle whose enrolment window has closed and that has people
    without a group. Safe to run twice (balancing is idempotent)."""
    now = now or timezone.now()
    waiting_for_groups = Enrolment.objects.filter(cycle_id=OuterRef("pk"), status__in=TAKING, group__isnull=True)
    cycles = Cycle.objects.filter(
        enrolment_closes_at__lte=now, ends_on__gte=now.date(), course__kind=Kind.TRAINERS
    ).filter(Exists(waiting_for_groups))
    done = 0
    for cycle in cycles:
        groups_balance(cycle=cycle, actor=None)
        done += 1
    return done


@transaction.atomic
def member_move(*, actor: Any, enrolment: Enrolment, group: LearnerGroup | None) -> Enrolment:
    """Staff move one learner to another group of the same cycle (audited)."""
    locked = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=enrolment.cycle_id)
    if not policies.can_author(actor, locked.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can move learners."))
    row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if group is None or group.cycle_id != locked.pk:
        raise LearningError(_("Choose a group of the same cycle."), field="group")
    if row.status not in TAKING:
        raise LearningError(_("Only an enrolled person can be in a group."))
    if row.group_id == group.pk:
        raise LearningError(_("The person is already in this group."), field="group")
    before = row.group_id
    row.group_id = group.pk
    row.save(update_fields=["group"])
    if before:
        LearnerGroup.objects.filter(pk=before).update(size=F("size") - 1)
    LearnerGroup.objects.filter(pk=group.pk).update(size=F("size") + 1)
    audit_record(
        actor=actor, action="learning.member_moved", target=row, country_code=_code(locked.course),
        data={"user": row.user_id, "from_group": before, "to_group": group.pk},
    )  # fmt: skip
    return row
