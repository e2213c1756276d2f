"""Publishing's entries in the registries: "Read" (magazine, news, publications) in the main menu, the
author's articles, the CMS and the editorial board in the staff menu, the notices authors get and the
decisions in the audit log."""

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

register_nav("publishing.read", _("Magazine and news"), "publishing:read", section=MAIN, position=55)
register_nav(
    "publishing.cms", _("Publishing (CMS)"), "publishing:cms", section=STAFF, visible=policies.may_use_cms, position=70
)
register_nav(
    "publishing.board",
    _("Editorial board"),
    "publishing:board",
    section=STAFF,
    visible=policies.can_manage_board,
    position=71,
)
register_notification_kind(
    "publishing.article_stage", _("News of the articles you proposed to the magazine"), delivery=IMMEDIATELY
)
register_audit_actions(
    {
        "publishing.article_proposed": _("article proposed to the magazine"),
        "publishing.article_revised": _("article revised by its author"),
        "publishing.board_member_added": _("member of the editorial board added"),
        "publishing.board_member_changed": _("role on the editorial board changed"),
        "publishing.board_member_removed": _("member of the editorial board removed"),
    }
)
