"""Reads on courses: the catalogue (filters, the next cycle of each listed course in one query), a course's
next cycle and the visitor's row in it, a person's enrolments, a cycle's enrolled people and waiting list."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from twinning.discussions.models import Forum
from twinning.schools.models import SchoolMembership

from .models import (
    ApplicationStatus,
    Course,
    Cycle,
    CycleTrainer,
    Enrolment,
    LearnerGroup,
    Status,
    Trainer,
    TrainerApplication,
)


def _open_cycles(now) -> QuerySet[Cycle]:
    return Cycle.objects.filter(enrolment_opens_at__lte=now, enrolment_closes_at__gt=now)


def catalogue(filters: dict | None = None, *, now=None) -> QuerySet[Course]:
    filters = filters or {}
    now = now or timezone.now()
    qs = Course.objects.filter(published=True)
    if filters.get("topic"):
        qs = qs.filter(topic=filters["topic"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("language"):
        qs = qs.filter(language_id=filters["language"])
    if filters.get("open"):
        qs = qs.filter(Exists(_open_cycles(now).filter(course=OuterRef("pk"))))
    return (
        qs.select_related("country", "language")
        .only("id", "title", "audience", "hours", "topic", "kind", "pacing", "published", "country__id",
              "country__code", "country__name_en", "country__name_el", "language__id", "language__name_en",
              "language__name_el")
        .order_by("title", "id")
    )  # fmt: skip


def next_cycles(courses: list[Course], *, now=None) -> dict[int, Cycle]:
    """The next cycle of each course (the open one, else the next to open, else the one running): one query."""
    if not courses:
        return {}
    now = now or timezone.now()
    found: dict[int, Cycle] = {}
    cycles = Cycle.objects.filter(course_id__in=[c.pk for c in courses], ends_on__gte=now.date()).order_by(
        "course_id", "enrolment_opens_at", "id"
    )

    def rank(cycle: Cycle) -> int:
        return 0 if cycle.is_open(now) else 1 if cycle.enrolment_opens_at > now else 2

    for cycle in cycles:  # in opening order: the first of the best rank wins
        best = found.get(cycle.course_id)
        if best is None or rank(cycle) < rank(best):
            found[cycle.course_id] = cycle
    return found


def next_cycle(course: Course, *, now=None) -> Cycle | None:
    cycle = next_cycles([course], now=now).get(course.pk)
    if cycle is not None:
        cycle.course = course
    return cycle


def enrolment_in(user: Any, cycle: Cycle | None) -> Enrolment | None:
    if cycle is None or not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(cycle=cycle, user_id=user.pk).first()


def waiting_rank(enrolment: Enrolment) -> int:
    """The person's place on the waiting list (1 = next to get a place)."""
    ahead = Enrolment.objects.filter(
        cycle_id=enrolment.cycle_id, status=Status.WAITING, position__lt=enrolment.position
    ).count()
    return ahead + 1


def cycles_of(course: Course) -> list[Cycle]:
    return list(Cycle.objects.filter(course=course).order_by("-starts_on", "-id")[:50])


def my_enrolments(user: Any) -> list[Enrolment]:
    """A person's enrolments, the active first; each waiting one with its place on the list."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = list(
        Enrolment.objects.filter(user_id=user.pk)
        .select_related("cycle", "cycle__course")
        .order_by("-cycle__starts_on", "-id")[:200]
    )
    waiting = [e for e in rows if e.status == Status.WAITING]
    if waiting:
        ahead = (
            Enrolment.objects.filter(
                cycle_id=OuterRef("cycle_id"), status=Status.WAITING, position__lt=OuterRef("position")
            )
            .order_by()
            .values("cycle_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        ranks = dict(
            Enrolment.objects.filter(pk__in=[e.pk for e in waiting])
            .annotate(ahead=Coalesce(Subquery(ahead), 0))
            .values_list("pk", "ahead")
        )
        for e in waiting:
            e.rank = ranks.get(e.pk, 0) + 1  # type: ignore[attr-defined]
    return rows


def staff_courses(country_ids: set[int] | None) -> QuerySet[Course]:
    qs = Course.objects.all() if country_ids is None else Course.objects.filter(country_id__in=country_ids)
    return qs.select_related("country").order_by("title", "id")


def cycle_enrolments(cycle: Cycle, status: str) -> QuerySet[Enrolment]:
    """A cycle's enrolled people (by date) or its waiting list (in order)."""
    order = ("position", "id") if status == Status.WAITING else ("enrolled_at", "id")
    statuses = [Status.ENROLLED, Status.COMPLETED] if status == Status.ENROLLED else [status]
    return (
        Enrolment.objects.filter(cycle=cycle, status__in=statuses)
        .select_related("user", "user__country")
        .only("id", "status", "position", "enrolled_at", "promoted_at", "completed_at", "cycle_id", "user__id",
              "user__first_name", "user__last_name", "user__email", "user__country__id", "user__country__name_en",
              "user__country__name_el")
        .order_by(*order)
    )  # fmt: skip


def export_rows(cycle: Cycle):
    """Every enrolment of a cycle, enrolled first then the waiting list, as CSV rows (streamed)."""
    qs = (
        Enrolment.objects.filter(cycle=cycle)
        .exclude(status=Status.WITHDRAWN)
        .select_related("user")
        .order_by("status", "position", "enrolled_at", "id")
        .values_list("user__last_name", "user__first_name", "user__email", "status", "position", "enrolled_at",
                     "promoted_at", "completed_at")
    )  # fmt: skip
    for last, first, email, status, position, enrolled_at, promoted_at, completed_at in qs.iterator(chunk_size=2000):
        yield [
            last,
            first,
            email,
            str(Status(status).label),
            position or "",
            enrolled_at.isoformat() if enrolled_at else "",
            promoted_at.isoformat() if promoted_at else "",
            completed_at.isoformat() if completed_at else "",
        ]


# --- volunteer trainers and learner groups -----------------------------------------------------------------


def _school_name():
    return Subquery(
        SchoolMembership.objects.filter(user_id=OuterRef("user_id"), is_primary=True)
        .order_by("id")
        .values("school__name")[:1]
    )


def latest_application(user: Any) -> TrainerApplication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TrainerApplication.objects.filter(user_id=user.pk).order_by("-created_at", "-id").first()


def trainer_of(user: Any) -> Trainer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Trainer.objects.filter(user_id=user.pk).first()


def applications_queue(country_ids: set[int] | None) -> QuerySet[TrainerApplication]:
    """The applications waiting for a decision, the oldest first."""
    qs = TrainerApplication.objects.filter(status=ApplicationStatus.PENDING)
    if country_ids is not None:
        qs = qs.filter(country_id__in=country_ids)
    return qs.select_related("user", "country").order_by("created_at", "id")


def registry(country_ids: set[int] | None, *, active: bool | None = None) -> QuerySet[Trainer]:
    """The trainers of the staff's countries, with the number of cycles each has tutored."""
    qs = Trainer.objects.all() if country_ids is None else Trainer.objects.filter(country_id__in=country_ids)
    if active is not None:
        qs = qs.filter(active=active)
    cycles = (
        CycleTrainer.objects.filter(trainer_id=OuterRef("pk"))
        .order_by()
        .values("trainer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        qs.select_related("user", "country")
        .annotate(cycles=Coalesce(Subquery(cycles), 0))
        .order_by("user__last_name", "user__first_name", "id")
    )


def trainer_history(trainer: Trainer) -> list[CycleTrainer]:
    """The cycles a trainer tutored (or is assigned to), the latest first."""
    return list(
        CycleTrainer.objects.filter(trainer=trainer)
        .select_related("cycle", "cycle__course")
        .order_by("-cycle__starts_on", "-id")[:200]
    )


def trainer_by_email(country_id: int, email: str) -> Trainer | None:
    return (
        Trainer.objects.filter(country_id=country_id, user__email__iexact=(email or "").strip())
        .select_related("user")
        .first()
    )


def cycle_trainers(cycle: Cycle) -> list[CycleTrainer]:
    return list(CycleTrainer.objects.filter(cycle=cycle).select_related("trainer", "trainer__user").order_by("id"))


def cycle_groups(cycle: Cycle) -> QuerySet[LearnerGroup]:
    return LearnerGroup.objects.filter(cycle=cycle).select_related("trainer", "trainer__user").order_by("number")


def unplaced_count(cycle: Cycle) -> int:
    return Enrolment.objects.filter(
        cycle=cycle, status__in=[Status.ENROLLED, Status.COMPLETED], group__isnull=True
    ).count()


def trainer_groups(user: Any) -> list[LearnerGroup]:
    """The groups a person tutors (theirs only), the latest cycles first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        LearnerGroup.objects.filter(trainer__user_id=user.pk)
        .select_related("cycle", "cycle__course")
        .order_by("-cycle__starts_on", "cycle_id", "number")[:50]
    )


def group_members(groups: list[LearnerGroup]) -> QuerySet[Enrolment]:
    """The enrolled members of the given groups (and of no other), with their school's name."""
    return (
        Enrolment.objects.filter(group__in=[g.pk for g in groups], status__in=[Status.ENROLLED, Status.COMPLETED])
        .select_related("user")
        .only("id", "status", "group_id", "cycle_id", "user__id", "user__first_name", "user__last_name",
              "user__email")
        .annotate(school_name=_school_name())
        .order_by("user__last_name", "user__first_name", "id")
    )  # fmt: skip


def with_members(groups: list[LearnerGroup]) -> list[LearnerGroup]:
    """Each group with its ``learners`` (one query for all of them)."""
    by_group: dict[int, list[Enrolment]] = {g.pk: [] for g in groups}
    if groups:
        for enrolment in group_members(groups):
            if enrolment.group_id is not None:
                by_group[enrolment.group_id].append(enrolment)
    for group in groups:
        group.learners = by_group[group.pk]  # type: ignore[attr-defined]
    return groups


def trainers_rooms(cycle_ids: list[int]) -> dict[int, int]:
    """The trainers' room (forum id) of each cycle."""
    return dict(
        Forum.objects.filter(host="learning.cycle", host_id__in=cycle_ids).order_by("id").values_list("host_id", "id")
    )


def group_export_rows(group: LearnerGroup):
    for e in group_members([group]).iterator(chunk_size=500):
        school = getattr(e, "school_name", "") or ""
        yield [e.user.last_name, e.user.first_name, e.user.email, school, str(Status(e.status).label)]


def staff_context_enrolments(person: Any, agent: Any, *, limit: int = 10) -> dict | None:
    """Beside a helpdesk ticket: the person's latest enrolments, for the staff of the person's country
    (one query)."""
    from twinning.staff.policies import can_act_for_country, is_support_staff

    if person is None or not is_support_staff(agent) or not can_act_for_country(agent, person.country_id):
        return None
    rows = list(
        Enrolment.objects.filter(user_id=person.pk)
        .select_related("cycle", "cycle__course")
        .order_by("-cycle__starts_on", "-id")[:limit]
    )
    return {"enrolments": rows}
