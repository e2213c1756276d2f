"""The events app's entries in the registries: "Events" in the main menu and the staff menu, the notices a
registrant may get, the staff's decisions in the audit log and the rule of when the joining link shows."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import (
    IMMEDIATELY,
    MAIN,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)
from twinning.core.rules import register_rule

from . import policies

register_nav("events.list", _("Events"), "events:list", section=MAIN, position=49)
register_nav(
    "events.staff", _("Events"), "events:staff_list", section=STAFF, visible=policies.is_events_staff, position=51
)
register_notification_kind("events.registered", _("Your registration for an event"), delivery=IMMEDIATELY)
register_notification_kind(
    "events.promoted", _("A place at an event is yours (from the waiting list)"), delivery=IMMEDIATELY
)
register_notification_kind("events.reminder", _("Reminders of the events you registered for"), delivery=IMMEDIATELY)
register_notification_kind(
    "events.changed", _("An event you registered for is cancelled or has a new time"), delivery=IMMEDIATELY
)
register_audit_actions(
    {
        "events.created": _("event created"),
        "events.changed": _("event changed"),
        "events.cancelled": _("event cancelled"),
        "events.promoted": _("place at an event given from the waiting list"),
        "events.registration_cancelled": _("registration for an event cancelled by staff"),
        "events.attendance_recorded": _("attendance at an event recorded"),
        "events.attendance_imported": _("attendance report of an event imported"),
    }
)
register_rule(
    "events.link_minutes_before",
    _("Minutes before an event's start when registered people see its joining link"),
    default=30,
    minimum=0,
    maximum=7 * 24 * 60,
    unit=_("minutes"),
)
