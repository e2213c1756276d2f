"""A person's helpdesk requests in their data download, and their erasure.

Erasure keeps the tickets (the NSO's record of the support it gave, and its figures) but nothing that
points to the person: the requester's link, name and e-mail address are blanked, the texts the person wrote
are replaced by a mark, their rating's comment is removed and open tickets are closed. The agents' answers
stay (they are the NSO's words); a staff member who is erased keeps their answers without their name.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from twinning.core import privacy as core_privacy

from .models import OPEN_STATUSES, MessageKind, Status, Ticket, TicketMessage, VisitorRequest

ERASED_TEXT = "[…]"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_tickets(user) -> list[dict]:
    tickets = list(Ticket.objects.filter(requester=user).select_related("category").order_by("created_at", "pk"))
    messages: dict[int, list[dict]] = {}
    for m in (
        TicketMessage.objects.filter(ticket__in=tickets).exclude(kind=MessageKind.NOTE).order_by("created_at", "pk")
    ):
        messages.setdefault(m.ticket_id, []).append(
            {"at": _iso(m.created_at), "from_agent": m.from_agent, "kind": m.kind, "body": m.body}
        )
    return [
        {
            "reference": t.reference,
            "subject": t.subject,
            "category": t.category.key,
            "status": t.status,
            "created_at": _iso(t.created_at),
            "rating": t.satisfaction,
            "rating_comment": t.satisfaction_comment,
            "messages": messages.get(t.pk, []),
        }
        for t in tickets
    ]


def erase_tickets(user) -> None:
    mine = Ticket.objects.filter(Q(requester=user) | Q(requester_email__iexact=user.email))
    ids = list(mine.values_list("pk", flat=True))
    now = timezone.now()
    TicketMessage.objects.filter(ticket_id__in=ids, from_agent=False).update(
        body=ERASED_TEXT, author=None, author_email="", author_name=""
    )
    open_ones = Ticket.objects.filter(pk__in=ids, status__in=OPEN_STATUSES)
    open_ones.update(status=Status.CLOSED, closed_at=now, next_due=None)
    Ticket.objects.filter(pk__in=ids).update(
        requester=None, requester_name="", requester_email="", satisfaction_comment="", email_verified=False
    )
    TicketMessage.objects.filter(author=user).update(author=None, author_name="", author_email="")
    VisitorRequest.objects.filter(email__iexact=user.email).delete()


core_privacy.register_exporter("support_tickets", export_tickets, position=92)
core_privacy.register_eraser("support_tickets", erase_tickets)
