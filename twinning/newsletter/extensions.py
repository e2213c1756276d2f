"""The newsletter's entries in the registries: "Newsletter" in the staff menu, the staff's decisions in the
audit log, and the audiences the newsletter defines itself (the others are registered by their apps)."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import STAFF, register_audit_actions, register_nav

from . import policies

register_nav(
    "newsletter.staff",
    _("Newsletter"),
    "newsletter:staff_list",
    section=STAFF,
    visible=policies.is_newsletter_staff,
    position=60,
)
register_audit_actions(
    {
        "newsletter.created": _("newsletter created"),
        "newsletter.changed": _("newsletter changed"),
        "newsletter.test_sent": _("test of a newsletter sent"),
        "newsletter.send_started": _("sending of a newsletter started"),
        "newsletter.sent": _("newsletter sent"),
    }
)
