"""The moderation app's entries in the registries: the staff queue (menu and staff card), audit labels,
notification kinds, and profiles as reportable content (with the link on an eTwinner's page)."""

from django.utils.translation import gettext_lazy as _

from twinning.accounts.sections import register_person_section
from twinning.core.registries import (
    DAILY,
    IMMEDIATELY,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
    register_reportable,
    register_staff_card,
)
from twinning.staff.policies import is_support_staff

from . import reporting, selectors

register_nav(
    "moderation.queue", _("Moderation"), "moderation:queue", section=STAFF, visible=is_support_staff, position=30
)
register_staff_card(
    "moderation.reports",
    _("Reported content waiting for a decision"),
    "moderation:queue",
    selectors.queue_state,
    visible=is_support_staff,
    position=30,
)
register_audit_actions(
    {
        "moderation.dismiss": _("report dismissed"),
        "moderation.hide": _("reported content hidden"),
        "moderation.shown_again": _("hidden content shown again"),
        "moderation.warn": _("author warned"),
        "moderation.suspend": _("author suspended after a report"),
        "moderation.hide_profile": _("author's profile hidden after a report"),
    }
)
register_notification_kind("moderation.warning", _("A warning from your NSO"), delivery=IMMEDIATELY)
register_notification_kind("moderation.report_outcome", _("The outcome of a report you sent"), delivery=DAILY)
register_reportable("accounts.profile", _("profile"), reporting.resolve_profile)
register_person_section("report", "moderation/_person_report.html", reporting.person_report_link, position=200)
