"""The helpdesk's entries in the registries: "Helpdesk" in the staff menu (with the number of open tickets
for the agent), "My requests" in the main menu for those who have some, the staff card of tickets waiting
for a first reply, the notices, the audit trail's words, the files attached to tickets and the previous
tickets beside a ticket (the requester's context)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from twinning.accounts.sections import register_staff_context
from twinning.core import upload_check
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.registries import (
    IMMEDIATELY,
    STAFF,
    QueueState,
    register_audit_actions,
    register_nav,
    register_notification_kind,
    register_staff_card,
)

from . import policies, selectors
from .models import Ticket

TICKET_QUOTA_BYTES = 50 * 1024 * 1024
HOST = "support.ticket"


def first_reply_state(user) -> QueueState:
    waiting, oldest = selectors.waiting_first_reply(user)
    return QueueState(waiting=waiting, oldest=oldest)


def ticket_files(user: Any, ticket_id: int) -> FileAccess | None:
    """A ticket's files: read and added by its requester and the agents who handle it; nobody else."""
    if not getattr(user, "is_authenticated", False):
        return None
    ticket = Ticket.objects.filter(pk=ticket_id).only("id", "requester_id", "route", "country_id", "region_id").first()
    if ticket is None:
        return None
    if ticket.requester_id != user.pk and not policies.can_handle(user, ticket):
        return None
    return FileAccess(read=True, upload=True, quota_bytes=TICKET_QUOTA_BYTES, allowed=upload_check.MATERIALS)


def previous_tickets_context(person, agent) -> dict | None:
    if person is None or not policies.is_agent(agent):
        return None
    rows = list(
        policies.tickets_for_agent(agent, Ticket.objects.filter(requester=person).select_related("category")).order_by(
            "-created_at"
        )[:11]
    )
    return {"tickets": rows}


register_nav(
    "support.staff",
    _("Helpdesk"),
    "support:staff_queue",
    section=STAFF,
    visible=policies.is_agent,
    position=15,
    badge=selectors.badge_count,
    badge_label=_("open tickets for you"),
)
register_staff_card(
    "support.first_reply",
    _("Tickets waiting for a first reply"),
    "support:staff_queue",
    first_reply_state,
    visible=policies.is_agent,
    position=15,
)
register_notification_kind("support.new_ticket", _("A new ticket in your helpdesk queue"), delivery=IMMEDIATELY)
register_notification_kind("support.reply", _("A reply on a helpdesk request"), delivery=IMMEDIATELY)
register_notification_kind("support.transferred", _("Your helpdesk request is handled by someone else"))
register_audit_actions(
    {
        "support.ticket_opened": _("helpdesk ticket opened"),
        "support.requester_replied": _("requester replied on a ticket"),
        "support.agent_replied": _("agent replied on a ticket"),
        "support.note_added": _("internal note added to a ticket"),
        "support.status_changed": _("ticket status changed"),
        "support.priority_changed": _("ticket priority changed"),
        "support.assigned": _("ticket assigned"),
        "support.transferred": _("ticket transferred to another NSO"),
        "support.escalated": _("ticket escalated to the Central Support Service"),
        "support.merged": _("duplicate ticket merged"),
        "support.rated": _("answer to a ticket rated"),
        "support.canned_saved": _("canned reply saved"),
        "support.canned_deleted": _("canned reply deleted"),
        "support.requester_anonymised": _("requester of tickets anonymised"),
    }
)
register_attachment_host(HOST, ticket_files)
register_staff_context("support", "support/_staff_context_tickets.html", previous_tickets_context, position=90)
