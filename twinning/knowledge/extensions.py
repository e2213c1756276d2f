"""The knowledge base's entries in the registries: "Help" in the main menu, "Knowledge base" in the staff
menu of those who edit it, and the staff's decisions in the audit log."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import MAIN, STAFF, register_audit_actions, register_nav

from . import policies

register_nav("knowledge.home", _("Help"), "knowledge:home", section=MAIN, position=90)
register_nav(
    "knowledge.staff",
    _("Knowledge base"),
    "knowledge:staff_list",
    section=STAFF,
    visible=policies.is_editor,
    position=90,
)
register_audit_actions(
    {
        "knowledge.article_created": _("help article written"),
        "knowledge.article_changed": _("help article changed"),
        "knowledge.article_published": _("help article published"),
        "knowledge.article_unpublished": _("help article unpublished"),
    }
)
