"""The staff app's entries in the registries: the staff home and audit log, and its audit labels."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import STAFF, register_audit_actions, register_nav

from . import policies


def _has_a_duty(user) -> bool:
    return policies.is_support_staff(user) or policies.is_ambassador(user)


register_nav("staff.home", _("Staff home"), "staff:home", section=STAFF, visible=_has_a_duty, position=0)
register_nav(
    "staff.rules", _("Platform rules"), "staff:rules", section=STAFF, visible=policies.can_edit_rules, position=95
)
register_nav(
    "staff.audit", _("Audit log"), "staff:audit_log", section=STAFF, visible=policies.is_support_staff, position=85
)
register_nav(
    "staff.embeds",
    _("Embedded videos and tools"),
    "staff:embeds",
    section=STAFF,
    visible=policies.can_edit_rules,
    position=96,
)
register_audit_actions(
    {
        "embeds.allowed": _("embedded site allowed"),
        "embeds.refused": _("embedded site switched off"),
        "embeds.host_added": _("site added to the embeds' list"),
        "embeds.host_removed": _("site taken off the embeds' list"),
        "staff_role.granted": _("staff role given"),
        "staff_role.revoked": _("staff role revoked"),
        "staff_role.changed": _("staff role changed"),
        "rule.changed": _("platform rule changed"),
    }
)
