"""The learning app's entries in the registries: the catalogue in the main menu, "My learning" for those
enrolled, the staff's courses in the staff menu, the notice of a place given from the waiting list and the
staff's decisions in the audit log."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import (
    IMMEDIATELY,
    MAIN,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)

from . import policies

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
