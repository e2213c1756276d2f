"""Self-reflection's entries in the registries: "Self-reflection" in the main menu for teachers, the impact
reports in the staff menu (and for trainers), the invitations and reminders a person may be told of, the
rules of the phases, and the words of its audited decisions."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import (
    DAILY,
    MAIN,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)
from twinning.core.rules import register_rule

from . import policies
from .services import OPEN_DAYS, REMIND_DAYS

register_nav(
    "competences.home", _("Self-reflection"), "competences:home", section=MAIN, visible=policies.can_reflect,
    position=52,
)  # fmt: skip
register_nav(
    "competences.reports", _("Digital competence reports"), "competences:reports", section=STAFF,
    visible=policies.is_report_staff, position=54,
)  # fmt: skip
register_notification_kind(
    "competences.invited", _("An invitation to a self-reflection before or after a course"), delivery=DAILY
)
register_notification_kind(
    "competences.reminder", _("A reminder of a self-reflection not yet answered"), delivery=DAILY
)
register_rule(
    OPEN_DAYS,
    _("Days a self-reflection phase stays open"),
    default=30,
    minimum=1,
    maximum=365,
    unit=_("days"),
)
register_rule(
    REMIND_DAYS,
    _("Days before a self-reflection reminder"),
    default=7,
    minimum=1,
    maximum=60,
    unit=_("days"),
)
register_audit_actions({"competences.version_created": _("new version of the self-reflection questionnaire")})
