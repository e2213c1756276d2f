"""The learning app's entries in the registries: the catalogue in the main menu, "My learning" for those
enrolled, the staff's courses in the staff menu, the notice of a place given from the waiting list and the
staff's decisions in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.accounts.sections import register_staff_context
from twinning.core.registries import (
    IMMEDIATELY,
    MAIN,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)
from twinning.core.rules import register_rule
from twinning.discussions.hosts import Access, register_host

from . import policies, selectors
from .models import Cycle

register_nav("learning.catalogue", _("Courses"), "learning:catalogue", section=MAIN, position=48)
register_nav(
    "learning.staff",
    _("Online courses"),
    "learning:staff_courses",
    section=STAFF,
    visible=policies.can_create_course,
    position=50,
)
register_notification_kind(
    "learning.promoted", _("A place in a course is yours (from the waiting list)"), delivery=IMMEDIATELY
)
register_audit_actions(
    {
        "learning.course_created": _("online course created"),
        "learning.course_changed": _("online course changed"),
        "learning.cycle_created": _("course cycle created"),
        "learning.cycle_changed": _("course cycle changed"),
        "learning.cycle_copied": _("course cycle copied from the previous one"),
        "learning.withdrawn": _("enrolment withdrawn"),
        "learning.promoted": _("place given from the waiting list"),
        "learning.completed": _("course completion recorded"),
    }
)

# Volunteer trainers and learner groups.
register_notification_kind(
    "learning.trainer_decision", _("The decision on your application to be a volunteer trainer"), delivery=IMMEDIATELY
)
register_audit_actions(
    {
        "learning.enrolled_many": _("people enrolled in a cycle in bulk"),
        "learning.trainer_applied": _("application to be a volunteer trainer"),
        "learning.trainer_approved": _("volunteer trainer approved"),
        "learning.trainer_refused": _("application to be a volunteer trainer refused"),
        "learning.trainer_activated": _("volunteer trainer active again"),
        "learning.trainer_deactivated": _("volunteer trainer no longer active"),
        "learning.trainer_assigned": _("volunteer trainer assigned to a cycle"),
        "learning.groups_balanced": _("groups of trainees formed"),
        "learning.member_moved": _("trainee moved to another group"),
        "learning.group_trainer_changed": _("trainer of a group changed"),
        "learning.signed_off": _("trainer's sign-off of a learner"),
    }
)
register_rule(
    "learning.group_size_min",
    _("Smallest group of trainees"),
    default=15,
    minimum=1,
    maximum=500,
    unit=_("trainees"),
)
register_rule(
    "learning.group_size_max",
    _("Largest group of trainees"),
    default=25,
    minimum=1,
    maximum=500,
    unit=_("trainees"),
)


def trainers_room(user, cycle_id: int) -> Access | None:
    """A cycle's trainers' room: its assigned trainers and the staff of the course's country, nobody else."""
    cycle = Cycle.objects.filter(pk=cycle_id).select_related("course").first()
    if cycle is None:
        return None
    staff = policies.can_author(user, cycle.course.country_id)
    if not staff and not policies.is_cycle_trainer(user, cycle.pk):
        return None
    return Access(
        title=_("Trainers' room: %(cycle)s") % {"cycle": str(cycle)},
        url=reverse("learning:trainer_home") if not staff else reverse("learning:cycle_groups", args=[cycle.pk]),
        read=True,
        start_discussion=staff,
        start_thread=True,
        reply=True,
        moderate=staff,
    )


register_host("learning.cycle", _("trainers' room"), trainers_room)
from . import report_extensions  # noqa: E402, F401 - the reports' rule and background job

register_staff_context(
    "learning", "learning/_staff_context_enrolments.html", selectors.staff_context_enrolments, position=40
)
