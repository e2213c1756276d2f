"""Every write of self-reflection: starting, answering (saved as you go), completing; invitations to a cycle's
phases and their reminders. Answering never touches a course's progress or completion.

Anonymous answers: the teacher chooses before the first answer. While in progress the reflection is held
with their account (so that they can come back to it); when they complete it, its answers move to a new row
with no person, no key and only the day, and the draft goes. Nothing in the database then ties those
answers to them (their invitation only records that they answered, on which day). Completing is not a
decision of anyone's and is not audited (an audit event would tie the row to the person).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.models import NotificationPreference, User
from twinning.accounts.services import notify
from twinning.core.errors import DomainError
from twinning.core.models import Notification
from twinning.core.registries import DAILY, IMMEDIATELY, NEVER
from twinning.core.rules import rule
from twinning.learning.models import Cycle, CycleTrainer, Enrolment, Status
from twinning.schools.models import SchoolMembership

from . import framework, scoring
from .models import Answer, Invitation, Item, Phase, Reflection, Role

OPEN_DAYS = "competences.phase_days"
REMIND_DAYS = "competences.reminder_days"


def _midnight(moment: datetime) -> datetime:
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.combine(day, time.min))


def _region_id(person_id: int | None) -> int | None:
    if person_id is None:
        return None
    return (
        SchoolMembership.objects.filter(user_id=person_id, school__region__isnull=False)
        .order_by("-is_primary", "id")
        .values_list("school__region_id", flat=True)
        .first()
    )


def phase_open(invitation: Invitation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return invitation.answered_at is None and invitation.invited_at <= now < invitation.closes_at


@transaction.atomic
def reflection_start(*, person: User, anonymous: bool, invitation: Invitation | None = None) -> Reflection:
    """A new reflection, or the one already in progress for the same invitation (one per person, cycle,
    phase and role). Free-standing ones may be started again once completed."""
    if invitation is not None:
        if invitation.person_id != person.pk:
            raise DomainError(_("This invitation is not yours."))
        existing = Reflection.objects.filter(
            person=person, cycle_id=invitation.cycle_id, phase=invitation.phase, role=invitation.role
        ).first()
        if existing is not None:
            return existing
        if not phase_open(invitation):
            raise DomainError(_("This phase of the self-reflection is closed."))
        cycle = Cycle.objects.select_related("course").get(pk=invitation.cycle_id)
        country_id = cycle.course.country_id
        phase, role, cycle_id = invitation.phase, invitation.role, invitation.cycle_id
    else:
        draft = Reflection.objects.filter(person=person, phase=Phase.FREE, completed_at__isnull=True).first()
        if draft is not None:
            return draft
        if person.country_id is None:
            raise DomainError(_("Choose your country in your profile first."))
        country_id, phase, role, cycle_id = person.country_id, Phase.FREE, Role.TRAINEE, None
    try:
        with transaction.atomic():
            return Reflection.objects.create(
                version=framework.current(), person=person, anonymous=anonymous, phase=phase, role=role,
                cycle_id=cycle_id, country_id=country_id, started_at=timezone.now(),
                pseudonym="" if anonymous else scoring.pseudonym(person.pk, cycle_id, role),
            )  # fmt: skip
    except IntegrityError:  # started at the same moment in another tab
        same: dict[str, Any] = {"cycle_id": cycle_id}
        return Reflection.objects.get(person=person, phase=phase, role=role, **same)


def _check_open(reflection: Reflection) -> None:
    if reflection.completed_at is not None:
        raise DomainError(_("This self-reflection is completed: its answers can no longer change."))
    if reflection.cycle_id is not None and reflection.person_id is not None:
        invitation = Invitation.objects.filter(
            person_id=reflection.person_id, cycle_id=reflection.cycle_id, phase=reflection.phase, role=reflection.role
        ).first()
        if invitation is not None and timezone.now() >= invitation.closes_at:
            raise DomainError(_("This phase of the self-reflection is closed."))


def _level(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 6:
        raise DomainError(_("Choose one of the six statements."))
    return level


def _recount(reflection: Reflection) -> None:
    count = Answer.objects.filter(reflection_id=OuterRef("pk")).order_by().values("reflection_id")
    Reflection.objects.filter(pk=reflection.pk).update(answered=Subquery(count.annotate(n=Count("id")).values("n")[:1]))
    reflection.refresh_from_db(fields=["answered"])


@transaction.atomic
def answers_save(*, reflection: Reflection, levels: dict[Any, Any]) -> int:
    """Save answers ({item id: level}) of an open reflection; an answer given again replaces the earlier
    one. Every item must belong to the reflection's version and every level be 1..6, else nothing is saved.
    Returns how many items are now answered."""
    _check_open(reflection)
    if not levels:
        return reflection.answered
    try:
        ids = {int(key) for key in levels}
    except (TypeError, ValueError):
        raise DomainError(_("This question is not part of this self-reflection.")) from None
    known = set(Item.objects.filter(version_id=reflection.version_id, pk__in=ids).values_list("pk", flat=True))
    if known != ids:
        raise DomainError(_("This question is not part of this self-reflection."))
    rows = [Answer(reflection=reflection, item_id=int(key), level=_level(value)) for key, value in levels.items()]
    Answer.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["reflection", "item"], update_fields=["level"]
    )
    _recount(reflection)
    return reflection.answered


def answer_save(*, reflection: Reflection, item_id: Any, level: Any) -> int:
    return answers_save(reflection=reflection, levels={item_id: level})


def _group_id(reflection: Reflection) -> int | None:
    if reflection.cycle_id is None or reflection.person_id is None or reflection.role != Role.TRAINEE:
        return None
    return (
        Enrolment.objects.filter(cycle_id=reflection.cycle_id, user_id=reflection.person_id)
        .values_list("group_id", flat=True)
        .first()
    )


@transaction.atomic
def reflection_complete(*, reflection: Reflection) -> Reflection:
    """Complete a reflection once every item is answered: its scores are written (and, for an anonymous
    one, its answers are moved to a row that names nobody). Returns the completed row."""
    reflection = Reflection.objects.select_for_update(of=("self",)).get(pk=reflection.pk)
    _check_open(reflection)
    total = Item.objects.filter(version_id=reflection.version_id).count()
    answers = list(Answer.objects.filter(reflection=reflection).values_list("item__area_number", "level"))
    if len(answers) < total:
        raise DomainError(_("%(missing)s statements are still to choose.") % {"missing": total - len(answers)})
    now = timezone.now()
    fields = scoring.scores(answers)
    group_id, region_id = _group_id(reflection), _region_id(reflection.person_id)
    person_id = reflection.person_id
    if reflection.cycle_id is not None:
        Invitation.objects.filter(
            person_id=person_id, cycle_id=reflection.cycle_id, phase=reflection.phase, role=reflection.role
        ).update(answered_at=_midnight(now))
    if reflection.anonymous:
        kept = Reflection.objects.create(
            version_id=reflection.version_id, person=None, pseudonym="", anonymous=True, phase=reflection.phase,
            role=reflection.role, cycle_id=reflection.cycle_id, group_id=group_id, country_id=reflection.country_id,
            region_id=region_id, started_at=None, completed_at=_midnight(now), answered=len(answers), **fields,
        )  # fmt: skip
        levels = list(Answer.objects.filter(reflection=reflection).values_list("item_id", "level"))
        Answer.objects.bulk_create(Answer(reflection=kept, item_id=i, level=lv) for i, lv in levels)
        reflection.delete()
        return kept
    for name, value in fields.items():
        setattr(reflection, name, value)
    reflection.completed_at, reflection.group_id, reflection.region_id = now, group_id, region_id
    reflection.answered = len(answers)
    reflection.save(update_fields=[*fields, "completed_at", "group", "region", "answered"])
    return reflection


@transaction.atomic
def reflection_discard(*, reflection: Reflection) -> None:
    """Throw away a reflection in progress (the teacher starts again)."""
    _check_open(reflection)
    reflection.delete()


# Invitations ------------------------------------------------------------------------------------------------


def _members(cycle: Cycle) -> list[tuple[int, Role]]:
    """(person id, role) of everyone a cycle's phase asks: learners with a place, and its trainers."""
    learners = Enrolment.objects.filter(cycle=cycle, status__in=(Status.ENROLLED, Status.COMPLETED)).values_list(
        "user_id", flat=True
    )
    trainers = CycleTrainer.objects.filter(cycle=cycle).values_list("trainer__user_id", flat=True)
    return [(pk, Role.TRAINEE) for pk in learners] + [(pk, Role.TRAINER) for pk in trainers]


def _tell(person_ids: list[int], kind: str, cycle: Cycle, phase: str) -> int:
    """One notice each (bulk, in each person's language); e-mail as each chose."""
    if not person_ids:
        return 0
    url = reverse("competences:home")
    people = list(User.objects.filter(pk__in=person_ids, is_active=True, anonymised_at__isnull=True))
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=person_ids, kind=kind).values_list("user_id", "delivery")
    )
    notices, at_once = [], []
    for person in people:
        delivery = chosen.get(person.pk, DAILY)
        with translation.override(person.preferred_language or "el"):
            if kind == "competences.reminder":
                title = _("Reminder: your self-reflection for %(course)s") % {"course": cycle.course.title}
            else:
                title = _("Self-reflection %(phase)s: %(course)s") % {
                    "phase": Phase(phase).label,
                    "course": cycle.course.title,
                }
            body = _("About 20 minutes, in any order, saved as you go. It does not count for your course.")
        if delivery == IMMEDIATELY:
            at_once.append((person, title, body))
            continue
        notices.append(Notification(recipient=person, kind=kind, title=str(title)[:200], body=str(body), url=url,
                                    email_delivery="" if delivery == NEVER else delivery))  # fmt: skip
    Notification.objects.bulk_create(notices, batch_size=1000)
    for person, title, body in at_once:
        notify(recipient=person, kind=kind, title=title, body=body, url=url)
    return len(notices) + len(at_once)


def _invite(cycle: Cycle, phase: str, start: datetime, now: datetime) -> int:
    closes = start + timedelta(days=rule(OPEN_DAYS))
    if now >= closes:
        return 0
    members = _members(cycle)
    have = set(Invitation.objects.filter(cycle=cycle, phase=phase).values_list("person_id", "role"))
    new = [
        Invitation(person_id=pk, cycle=cycle, phase=phase, role=role, invited_at=now, closes_at=closes)
        for pk, role in members
        if (pk, role) not in have
    ]
    Invitation.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    _tell(sorted({i.person_id for i in new}), "competences.invited", cycle, phase)
    return len(new)


def invite_due(*, now: datetime | None = None) -> dict:
    """Invite each cycle's participants to the phase that has begun: "before" from the cycle's first day,
    "after" from its last, each open for the rule's days. Idempotent: nobody is invited twice to a phase;
    learners who got their place after the first run are invited on the next."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    window = timedelta(days=rule(OPEN_DAYS))
    counts = {"before": 0, "after": 0}
    starting = Cycle.objects.filter(starts_on__lte=today, starts_on__gt=today - window).select_related("course")
    for cycle in starting:
        start = timezone.make_aware(datetime.combine(cycle.starts_on, time.min))
        counts["before"] += _invite(cycle, Phase.BEFORE, start, now)
    ending = Cycle.objects.filter(ends_on__lte=today, ends_on__gt=today - window).select_related("course")
    for cycle in ending:
        start = timezone.make_aware(datetime.combine(cycle.ends_on, time.min))
        counts["after"] += _invite(cycle, Phase.AFTER, start, now)
    return counts


def remind_due(*, now: datetime | None = None) -> int:
    """One reminder, the rule's days after the invitation, to those who have not answered and still can."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        answered_at__isnull=True, reminded_at__isnull=True, closes_at__gt=now,
        invited_at__lte=now - timedelta(days=rule(REMIND_DAYS)),
    ).select_related("cycle__course")  # fmt: skip
    by_cycle: dict[tuple[int, str], list[Invitation]] = {}
    for invitation in due:
        by_cycle.setdefault((invitation.cycle_id, invitation.phase), []).append(invitation)
    sent = 0
    for (_cycle_id, phase), rows in by_cycle.items():
        with transaction.atomic():
            ids = [r.pk for r in rows]
            Invitation.objects.filter(pk__in=ids, reminded_at__isnull=True).update(reminded_at=now)
            sent += _tell(sorted({r.person_id for r in rows}), "competences.reminder", rows[0].cycle, phase)
    return sent


def sweep(*, now: datetime | None = None) -> dict:
    """The daily job: new invitations, then reminders."""
    counts = invite_due(now=now)
    counts["reminded"] = remind_due(now=now)
    return counts
