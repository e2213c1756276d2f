"""The contacts app's entries in the registries: navigation (contacts, messages with the unread badge), the
person-page section, rules, notification kinds, audit labels and the reportable messages."""

from django.utils.translation import gettext_lazy as _

from twinning.accounts.policies import is_etwinner
from twinning.accounts.sections import register_person_section
from twinning.core.registries import (
    DAILY,
    IMMEDIATELY,
    MAIN,
    register_audit_actions,
    register_nav,
    register_notification_kind,
    register_reportable,
)
from twinning.core.rules import register_rule

from . import reporting, sections, selectors

register_nav("contacts.list", _("Contacts"), "contacts:list", section=MAIN, visible=is_etwinner, position=37)
register_nav(
    "contacts.messages",
    _("Messages"),
    "contacts:conversations",
    section=MAIN,
    visible=is_etwinner,
    position=38,
    badge=selectors.unread_conversations,
    badge_label=_("conversations with unread messages"),
)
register_person_section("contacts", "contacts/_person_contact.html", sections.person_contact, position=5)
register_rule(
    "contacts.requests_per_day",
    _("Contact requests a person may send in 24 hours"),
    default=20,
    minimum=1,
    maximum=1000,
    unit=_("requests"),
)
register_rule(
    "contacts.messages_per_hour",
    _("Messages a person may send in an hour"),
    default=60,
    minimum=1,
    maximum=10000,
    unit=_("messages"),
)
register_notification_kind("contacts.request_received", _("Someone asks to become your contact"), delivery=DAILY)
register_notification_kind("contacts.request_accepted", _("Your contact request was accepted"), delivery=DAILY)
register_notification_kind("contacts.message_received", _("New messages"), delivery=IMMEDIATELY)
register_audit_actions(
    {
        "contacts.blocked": _("person blocked"),
        "contacts.unblocked": _("block lifted"),
        "contacts.message_hidden": _("message hidden by the NSO"),
        "contacts.message_unhidden": _("message shown again by the NSO"),
    }
)
register_reportable("contacts.message", _("message"), reporting.resolve_message)
