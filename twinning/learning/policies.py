"""Who may do what with courses: the staff of a course's country (NSO) and CSS staff author its courses and
cycles and see its enrolment lists; a person sees and withdraws only their own enrolments; and
``refusal`` says, in the person's words, why they may not enrol in a cycle (or nothing when they may)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from twinning.accounts.models import CommunityRole
from twinning.accounts.policies import is_etwinner
from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil
from twinning.staff.policies import can_act_for_country, is_css_staff, is_support_staff, nso_country_ids

from .models import (
    Course,
    Cycle,
    CycleTrainer,
    Eligibility,
    Enrolment,
    LearnerGroup,
    Status,
    Trainer,
    TrainerApplication,
)


def can_author(user: Any, country_id: int | None) -> bool:
    """NSO staff of the course's country and CSS staff."""
    return bool(
        getattr(user, "is_authenticated", False) and is_support_staff(user) and can_act_for_country(user, country_id)
    )


def can_create_course(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (is_css_staff(user) or bool(nso_country_ids(user)))


def authorable_country_ids(user: Any) -> set[int] | None:
    """The countries whose courses the person authors (``None``: every country)."""
    return None if is_css_staff(user) else nso_country_ids(user)


def refusal(user: Any, cycle: Cycle, *, now, enrolment: Enrolment | None, completed: bool) -> str:
    """Why ``user`` may not enrol in ``cycle`` now, in their words; "" when they may. ``enrolment`` is their
    row in this cycle (if any), ``completed`` whether they have completed the course in an earlier cycle."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to enrol.")
    if enrolment is not None and enrolment.status == Status.ENROLLED:
        return _("You are enrolled in this cycle.")
    if enrolment is not None and enrolment.status == Status.WAITING:
        return _("You are on the waiting list of this cycle.")
    if enrolment is not None and enrolment.status == Status.COMPLETED:
        return _("You have completed this course.")
    if now < cycle.enrolment_opens_at:
        return _("Enrolment is not open yet: it opens on %(date)s.") % {
            "date": formats.date_format(cycle.enrolment_opens_at, "DATE_FORMAT")
        }
    if now >= cycle.enrolment_closes_at:
        return _("Enrolment is closed.")
    if not user.is_active or is_pupil(user):
        return _("This account cannot enrol in courses.")
    course = cycle.course
    if cycle.eligibility == Eligibility.ETWINNERS and not is_etwinner(user):
        return _("Only eTwinners (validated by their National Support Organisation) may enrol in this cycle.")
    if cycle.eligibility == Eligibility.COUNTRY and user.country_id != course.country_id:
        return _("This cycle is for teachers of %(country)s only.") % {"country": course.country.name}
    if cycle.eligibility == Eligibility.ITE and user.community_role != CommunityRole.ITE_STUDENT:
        return _("This cycle is for student teachers (Initial Teacher Education) only.")
    if cycle.not_if_completed and completed:
        return _("You have already completed this course.")
    return ""


def course_or_404(user: Any, course_id: Any) -> Course:
    """A published course, or an unpublished one for the staff who author it."""
    course = get_or_404(Course.objects.select_related("country", "language"), pk=course_id)
    if not course.published and not can_author(user, course.country_id):
        raise Http404
    return course


def authored_course_or_404(user: Any, course_id: Any) -> Course:
    course = get_or_404(Course.objects.select_related("country", "language"), pk=course_id)
    if not can_author(user, course.country_id):
        raise Http404
    return course


def authored_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    cycle = get_or_404(Cycle.objects.select_related("course", "course__country"), pk=cycle_id)
    if not can_author(user, cycle.course.country_id):
        raise Http404
    return cycle


def open_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    """A cycle of a course the person may see."""
    cycle = get_or_404(Cycle.objects.select_related("course", "course__country"), pk=cycle_id)
    if not cycle.course.published and not can_author(user, cycle.course.country_id):
        raise Http404
    return cycle


def own_enrolment_or_404(user: Any, enrolment_id: Any) -> Enrolment:
    """The person's own enrolment; another person's answers 404 (as a missing one)."""
    return get_or_404(
        Enrolment.objects.select_related("cycle", "cycle__course", "cycle__course__country").filter(user_id=user.pk),
        pk=enrolment_id,
    )


def authored_enrolment_or_404(user: Any, enrolment_id: Any) -> Enrolment:
    enrolment = get_or_404(
        Enrolment.objects.select_related("cycle", "cycle__course", "cycle__course__country", "user"), pk=enrolment_id
    )
    if not can_author(user, enrolment.cycle.course.country_id):
        raise Http404
    return enrolment


# --- volunteer trainers and learner groups -----------------------------------------------------------------
# The first-class rule: a trainer sees (and later grades and messages) the learners of their own groups and
# of no other group; the staff of the course's country see every group of its cycles; learners see no
# group page. Every group page and export goes through ``group_or_404``.


def can_apply_as_trainer(user: Any) -> bool:
    """Validated eTwinners (not pupils) answer the call for trainers."""
    return bool(getattr(user, "is_authenticated", False) and is_etwinner(user) and not is_pupil(user))


def may_see_group(user: Any, group: LearnerGroup, course_country_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_author(user, course_country_id):
        return True
    return group.trainer is not None and group.trainer.user_id == user.pk


def group_or_404(user: Any, group_id: Any) -> LearnerGroup:
    """A learner group for its own trainer or the staff of the course's country; 404 for anyone else."""
    group = get_or_404(
        LearnerGroup.objects.select_related("cycle", "cycle__course", "cycle__course__country", "trainer"),
        pk=group_id,
    )
    if not may_see_group(user, group, group.cycle.course.country_id):
        raise Http404
    return group


def application_or_404(user: Any, application_id: Any) -> TrainerApplication:
    """An application, for the staff of the applicant's country."""
    application = get_or_404(TrainerApplication.objects.select_related("user", "country"), pk=application_id)
    if not can_author(user, application.country_id):
        raise Http404
    return application


def trainer_or_404(user: Any, trainer_id: Any) -> Trainer:
    trainer = get_or_404(Trainer.objects.select_related("user", "country"), pk=trainer_id)
    if not can_author(user, trainer.country_id):
        raise Http404
    return trainer


def is_cycle_trainer(user: Any, cycle_id: int) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and CycleTrainer.objects.filter(cycle_id=cycle_id, trainer__user_id=user.pk, trainer__active=True).exists()
    )


def is_trainer(user: Any) -> bool:
    """An active volunteer trainer (the menu entry to their groups)."""
    return bool(
        getattr(user, "is_authenticated", False) and Trainer.objects.filter(user_id=user.pk, active=True).exists()
    )


# --- content: who takes, tutors and authors a cycle's activities ---------------------------------------------


def may_grade(user: Any, enrolment: Enrolment) -> bool:
    """The learner's own trainer (the trainer of their group) or the staff of the course's country; never
    another group's trainer. ``enrolment`` comes with ``group__trainer`` and ``cycle__course`` loaded."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_author(user, enrolment.cycle.course.country_id):
        return True
    group = enrolment.group
    return group is not None and group.trainer is not None and group.trainer.user_id == user.pk


def learner_enrolment(user: Any, cycle_id: int) -> Enrolment | None:
    """The person's enrolment in the cycle when it gives them its content (enrolled or completed)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Enrolment.objects.filter(cycle_id=cycle_id, user_id=user.pk, status__in=(Status.ENROLLED, Status.COMPLETED))
        .select_related("group")
        .first()
    )


@dataclass
class Seat:
    """Who is looking at a cycle's content: a learner (with their enrolment), the cycle's trainer or the
    staff of the course's country (``enrolment`` is then ``None``)."""

    cycle: Cycle
    enrolment: Enrolment | None
    staff: bool
    trainer: bool

    @property
    def learner(self) -> bool:
        return self.enrolment is not None


def seat_or_404(user: Any, cycle: Cycle) -> Seat:
    """``cycle`` with ``course`` loaded. Learners (enrolled or completed), the cycle's trainers and the staff
    of the course's country; 404 for anyone else (a person on the waiting list included)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    staff = can_author(user, cycle.course.country_id)
    enrolment = None if staff else learner_enrolment(user, cycle.pk)
    trainer = not staff and enrolment is None and is_cycle_trainer(user, cycle.pk)
    if not (staff or trainer or enrolment is not None):
        raise Http404
    return Seat(cycle=cycle, enrolment=enrolment, staff=staff, trainer=trainer)


def cycle_seat_or_404(user: Any, cycle_id: Any) -> Seat:
    cycle = get_or_404(Cycle.objects.select_related("course", "course__country"), pk=cycle_id)
    return seat_or_404(user, cycle)


def activity_or_404(user: Any, activity_id: Any, kind: str | None = None):
    """An activity and the seat of the person looking: for a learner only once its module is released for
    them (404 before, as for anyone outside the cycle). ``kind``: the activity must be of this kind."""
    from django.utils import timezone

    from .models import Activity
    from .schedule import module_opens_at

    query = Activity.objects.select_related("module", "cycle", "cycle__course", "cycle__course__country")
    activity = get_or_404(query.filter(kind=kind) if kind else query, pk=activity_id)
    seat = seat_or_404(user, activity.cycle)
    if seat.learner:
        opens = module_opens_at(activity.module, activity.cycle, seat.enrolment)
        if opens is not None and opens > timezone.now():
            raise Http404
    return activity, seat


def authored_activity_or_404(user: Any, activity_id: Any, kind: str | None = None):
    """An activity for the staff of the course's country (authoring pages); 404 for anyone else."""
    from .models import Activity

    query = Activity.objects.select_related("module", "cycle", "cycle__course", "cycle__course__country")
    activity = get_or_404(query.filter(kind=kind) if kind else query, pk=activity_id)
    if not can_author(user, activity.cycle.course.country_id):
        raise Http404
    return activity


def gradable_enrolment_or_404(user: Any, enrolment_id: Any) -> Enrolment:
    """A learner's enrolment for their own trainer or the staff of the course's country (grading, exceptions,
    sign-off, messages); 404 for another group's trainer and anyone else."""
    enrolment = get_or_404(
        Enrolment.objects.select_related("user", "group", "group__trainer", "cycle", "cycle__course",
                                         "cycle__course__country"),
        pk=enrolment_id,
    )  # fmt: skip
    if not may_grade(user, enrolment):
        raise Http404
    return enrolment
