"""Gradebooks, exceptions for one learner and trainer messages: the writes.

- ``exception_grant`` / ``exception_remove``: a trainer (of the learner's own group) or the staff of the
  course's country give one learner a later due or close date, or, in a quiz, extra time or attempts; the
  ``Override`` row is what ``schedule.dates_for`` reads, so every page honours it at once. Audited with the
  values and the reason; the learner is told.
- ``trainer_message``: the trainer writes to one learner of their group or to the whole group (a notice with
  an e-mail copy at once); recipients come only from that group.

Sign-off is ``progress.sign_off``. The audit action labels and notification kinds are registered here, at
import (``apps.ready`` imports this module).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core.errors import NotAllowed
from twinning.core.registries import IMMEDIATELY, register_audit_actions, register_notification_kind
from twinning.core.services import audit_record

from . import policies
from .models import Activity, ActivityKind, Enrolment, LearnerGroup, Override, Status
from .services import LearningError

EXCEPTION_KINDS = (ActivityKind.ASSIGNMENT, ActivityKind.QUIZ)
MAX_EXTRA_MINUTES = 1440
MAX_EXTRA_ATTEMPTS = 20
MESSAGE_MAX_RECIPIENTS = 500  # a group holds at most the configured largest size (≤ 500)

register_audit_actions(
    {
        "learning.exception_granted": gettext_lazy("exception granted to one learner"),
        "learning.exception_removed": gettext_lazy("exception for one learner removed"),
        "learning.trainer_message": gettext_lazy("trainer's message to learners"),
    }
)
register_notification_kind(
    "learning.exception",
    gettext_lazy("An exception granted to you in a course (a later date, extra time or attempts)"),
    delivery=IMMEDIATELY,
)
register_notification_kind(
    "learning.trainer_message", gettext_lazy("A message from your trainer"), delivery=IMMEDIATELY
)


def _code(enrolment: Enrolment) -> str:
    return enrolment.cycle.course.country.code


def _when(value: datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _locked_enrolment(actor: Any, enrolment: Enrolment) -> Enrolment:
    row = (
        Enrolment.objects.select_for_update(of=("self",))  # the group (and its trainer) may be missing: outer joins
        .select_related("user", "group__trainer", "cycle__course__country")
        .get(pk=enrolment.pk)
    )
    if not policies.may_grade(actor, row):
        raise NotAllowed(_("Only the learner's trainer or the staff of the course's country can do this."))
    return row


def check_exception(
    *,
    activity: Activity | None,
    cycle_id: int,
    due_at: datetime | None,
    closes_at: datetime | None,
    extra_minutes: int | None,
    extra_attempts: int | None,
    reason: str,
    now: datetime,
) -> list[tuple[str, str]]:
    """The problems of an exception, as (field, message) pairs ([] when there are none). Shared by the form
    (messages next to the fields) and the service (nothing is written when a caller skips the form)."""
    problems: list[tuple[str, str]] = []
    if activity is None or activity.cycle_id != cycle_id or activity.kind not in EXCEPTION_KINDS:
        problems.append(("activity", _("Choose an assignment or a quiz of this learner's cycle.")))
    if not (reason or "").strip():
        problems.append(("reason", _("Give the reason for the exception.")))
    if due_at is not None and due_at <= now:
        problems.append(("due_at", _("The new due date must be in the future.")))
    if closes_at is not None and closes_at <= now:
        problems.append(("closes_at", _("The new closing date must be in the future.")))
    if due_at is not None and closes_at is not None and closes_at < due_at:
        problems.append(("closes_at", _("The closing date cannot be before the due date.")))
    if extra_minutes is not None and not 0 <= extra_minutes <= MAX_EXTRA_MINUTES:
        problems.append(("extra_minutes", _("Extra minutes: from 0 to %(max)s.") % {"max": MAX_EXTRA_MINUTES}))
    if extra_attempts is not None and not 0 <= extra_attempts <= MAX_EXTRA_ATTEMPTS:
        problems.append(("extra_attempts", _("Extra attempts: from 0 to %(max)s.") % {"max": MAX_EXTRA_ATTEMPTS}))
    if activity is not None and activity.kind != ActivityKind.QUIZ:
        if extra_attempts:
            problems.append(("extra_attempts", _("Extra attempts are for quizzes only.")))
        if extra_minutes:
            problems.append(("extra_minutes", _("Extra time is for quizzes only.")))
    if due_at is None and closes_at is None and not extra_minutes and not extra_attempts:
        problems.append(("", _("Give a new date, extra time or extra attempts.")))
    return problems


@transaction.atomic
def exception_grant(
    *,
    actor: Any,
    enrolment: Enrolment,
    activity: Activity,
    reason: str,
    due_at: datetime | None = None,
    closes_at: datetime | None = None,
    extra_minutes: int | None = None,
    extra_attempts: int | None = None,
) -> Override:
    """Grant (or change) one learner's exception in an assignment or a quiz of their cycle. Only the learner's
    own trainer or the staff of the course's country; only for an enrolled learner; dates in the future; extra
    time and attempts for quizzes only; a reason always. Audited with the values; the learner is told."""
    row = _locked_enrolment(actor, enrolment)
    if row.status != Status.ENROLLED:
        raise LearningError(_("Only an enrolled learner can be given an exception."))
    problems = check_exception(
        activity=activity, cycle_id=row.cycle_id, due_at=due_at, closes_at=closes_at, extra_minutes=extra_minutes,
        extra_attempts=extra_attempts, reason=reason, now=timezone.now(),
    )  # fmt: skip
    if problems:
        field, message = problems[0]
        raise LearningError(message, field=field or None)
    reason = reason.strip()[:500]
    override, created = Override.objects.update_or_create(
        activity=activity,
        enrolment=row,
        defaults={
            "due_at": due_at,
            "closes_at": closes_at,
            "extra_minutes": extra_minutes or None,
            "extra_attempts": extra_attempts or None,
            "reason": reason,
            "granted_by": actor,
        },
    )
    audit_record(
        actor=actor, action="learning.exception_granted", target=override, country_code=_code(row), reason=reason,
        data={"user": row.user_id, "activity": activity.pk, "enrolment": row.pk, "new": created,
              "due_at": _iso(due_at), "closes_at": _iso(closes_at), "extra_minutes": extra_minutes or 0,
              "extra_attempts": extra_attempts or 0, "reason": reason},
    )  # fmt: skip
    title = activity.title

    def body() -> str:
        parts = []
        if due_at:
            parts.append(_("New due date: %(date)s.") % {"date": _when(due_at)})
        if closes_at:
            parts.append(_("New closing date: %(date)s.") % {"date": _when(closes_at)})
        if extra_minutes:
            parts.append(_("Extra time: %(n)s minutes.") % {"n": extra_minutes})
        if extra_attempts:
            parts.append(_("Extra attempts: %(n)s.") % {"n": extra_attempts})
        return " ".join(parts)

    notify(
        recipient=row.user,
        kind="learning.exception",
        title=lambda: _("An exception for you in %(activity)s") % {"activity": title},
        body=body,
        url=reverse_lazy("learning:my_progress", args=[row.cycle_id]),
    )
    return override


@transaction.atomic
def exception_remove(*, actor: Any, enrolment: Enrolment, override: Override) -> None:
    """Remove one learner's exception (their dates go back to the activity's); audited, the learner told."""
    row = _locked_enrolment(actor, enrolment)
    if override.enrolment_id != row.pk:
        raise NotAllowed(_("This exception is not this learner's."))
    activity = override.activity
    data = {"user": row.user_id, "activity": activity.pk, "enrolment": row.pk, "due_at": _iso(override.due_at),
            "closes_at": _iso(override.closes_at), "extra_minutes": override.extra_minutes or 0,
            "extra_attempts": override.extra_attempts or 0, "reason": override.reason}  # fmt: skip
    audit_record(actor=actor, action="learning.exception_removed", target=override, country_code=_code(row), data=data)
    override.delete()
    title = activity.title
    if row.status == Status.ENROLLED:
        notify(
            recipient=row.user,
            kind="learning.exception",
            title=lambda: _("Your exception in %(activity)s was removed") % {"activity": title},
            body=lambda: _("Your dates in this activity are again those of the course."),
            url=reverse_lazy("learning:my_progress", args=[row.cycle_id]),
        )


@transaction.atomic
def trainer_message(
    *, actor: Any, group: LearnerGroup, subject: str, text: str, enrolment_ids: list[int] | None = None
) -> int:
    """Send a message from the group's trainer (or the staff of the course's country) to one or more learners
    of that group (``enrolment_ids``) or to all of it (``None``); anyone outside the group refuses the whole
    message, nothing is sent. Each recipient gets a notice with an e-mail copy; audited with the count."""
    if not policies.may_see_group(actor, group, group.cycle.course.country_id):
        raise NotAllowed(_("Only the group's trainer or the staff of the course's country can write to it."))
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject or not text:
        raise LearningError(_("Write a subject and a text."), field="subject" if not subject else "text")
    members = Enrolment.objects.filter(group_id=group.pk, status__in=(Status.ENROLLED, Status.COMPLETED))
    if enrolment_ids is not None:
        wanted = set(enrolment_ids)
        recipients = list(members.filter(pk__in=wanted).select_related("user"))
        if not wanted or len(recipients) != len(wanted):
            raise LearningError(_("Choose learners of this group."), field="to")
    else:
        recipients = list(members.select_related("user")[: MESSAGE_MAX_RECIPIENTS + 1])
    if not recipients:
        raise LearningError(_("Nobody is in this group yet."), field="to")
    if len(recipients) > MESSAGE_MAX_RECIPIENTS:
        raise LearningError(_("Too many recipients."), field="to")
    sender = actor.display_name
    subject, url = subject[:200], reverse_lazy("learning:my_progress", args=[group.cycle_id])
    # ``notify`` writes one notice at a time (the e-mail copy follows each person's choice); ≤ 500 people.
    for enrolment in recipients:
        notify(
            recipient=enrolment.user,
            kind="learning.trainer_message",
            title=subject,
            body=lambda: _("From %(name)s:") % {"name": sender} + "\n\n" + text,
            url=url,
        )
    audit_record(
        actor=actor, action="learning.trainer_message", target=group, country_code=group.cycle.course.country.code,
        data={"count": len(recipients), "subject": subject, "to": "group" if enrolment_ids is None else
              sorted(e.pk for e in recipients)},
    )  # fmt: skip
    return len(recipients)
