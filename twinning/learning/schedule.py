"""A learner's own dates for an activity: the activity's dates for a cohort; for a self-paced course, the
same distances from the day the learner got their place; then any exception granted to them (a later due
or close date, extra time or attempts) on top. Every page and check that reads a date for one learner goes
through ``dates_for``, so an extension is honoured everywhere at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Activity, Cycle, Enrolment, Module, Override, Pacing


@dataclass(frozen=True)
class Dates:
    opens_at: datetime | None
    due_at: datetime | None
    closes_at: datetime | None
    extra_minutes: int = 0
    extra_attempts: int = 0
    override: Override | None = None

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def is_late(self, now: datetime) -> bool:
        return self.due_at is not None and now > self.due_at

    def days_late(self, now: datetime) -> int:
        if not self.is_late(now):
            return 0
        return max(1, -(-int((now - self.due_at).total_seconds()) // 86400))  # a day begun counts


def cycle_start(cycle: Cycle) -> datetime:
    return timezone.make_aware(datetime.combine(cycle.starts_on, time.min))


def _self_paced(cycle: Cycle) -> bool:
    return cycle.course.pacing == Pacing.SELF_PACED


def personal_start(enrolment: Enrolment | None) -> datetime | None:
    """When a self-paced learner's clock started: the day their place was given."""
    if enrolment is None:
        return None
    return enrolment.promoted_at or enrolment.enrolled_at


def shift(value: datetime | None, cycle: Cycle, enrolment: Enrolment | None) -> datetime | None:
    """A date of the cycle's content as it applies to ``enrolment`` (moved for a self-paced course)."""
    if value is None or enrolment is None or not _self_paced(cycle):
        return value
    start = personal_start(enrolment)
    return value + (start - cycle_start(cycle)) if start is not None else value


def module_opens_at(module: Module, cycle: Cycle, enrolment: Enrolment | None) -> datetime | None:
    return shift(module.opens_at, cycle, enrolment)


def dates_for(activity: Activity, cycle: Cycle, enrolment: Enrolment | None, override: Override | None = None) -> Dates:
    """``cycle`` is the activity's cycle with its course loaded (no query here); ``override`` the learner's
    exception for the activity if the caller has it (it is not looked up here, so a page of many learners
    reads them all at once)."""
    opens = shift(activity.opens_at, cycle, enrolment)
    due = shift(activity.due_at, cycle, enrolment)
    closes = shift(activity.closes_at, cycle, enrolment)
    if override is None:
        return Dates(opens, due, closes)
    if override.due_at is not None:
        due = override.due_at
    if override.closes_at is not None:
        closes = override.closes_at
    if closes is not None and due is not None and closes < due:
        closes = due  # an extension past the closing date opens the activity until the new due date
    return Dates(opens, due, closes, override.extra_minutes or 0, override.extra_attempts or 0, override)


def override_of(activity: Activity, enrolment: Enrolment | None) -> Override | None:
    if enrolment is None:
        return None
    return Override.objects.filter(activity_id=activity.pk, enrolment_id=enrolment.pk).first()


def learner_dates(activity: Activity, cycle: Cycle, enrolment: Enrolment | None) -> Dates:
    """``dates_for`` with the learner's exception looked up (one query): for one learner's pages."""
    return dates_for(activity, cycle, enrolment, override_of(activity, enrolment))


def deadline_for_attempt(started_at: datetime, activity: Activity, dates: Dates) -> datetime | None:
    """When a quiz attempt started now must be finished: the time limit (plus any extra minutes), and never
    after the quiz closes for this learner."""
    ends = None
    if activity.time_limit_minutes:
        ends = started_at + timedelta(minutes=activity.time_limit_minutes + dates.extra_minutes)
    if dates.closes_at is not None and (ends is None or dates.closes_at < ends):
        ends = dates.closes_at
    return ends
