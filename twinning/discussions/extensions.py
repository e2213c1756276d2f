"""The discussion engine's entries in the registries: a rule (posts an hour), the notice of replies, the
moderators' decisions in the audit log, and posts as reportable content."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import DAILY, register_audit_actions, register_notification_kind, register_reportable
from twinning.core.rules import register_rule

from . import reporting

register_rule(
    "discussions.posts_per_hour",
    _("Forum posts a person may write in an hour"),
    default=120,
    minimum=1,
    maximum=10000,
    unit=_("posts"),
)
register_notification_kind("discussions.reply", _("New replies in threads you wrote in"), delivery=DAILY)
register_audit_actions(
    {
        "discussions.post_hidden": _("forum post hidden"),
        "discussions.post_shown": _("forum post shown again"),
        "discussions.thread_locked": _("thread closed to replies"),
        "discussions.thread_unlocked": _("thread reopened"),
    }
)
register_reportable("discussions.post", _("forum post"), reporting.resolve_post)
