"""A person's contacts and messages in their data download, and their erasure: contacts, requests and blocks
go; the text of the messages they sent is blanked (the rows stay, marked erased, so that the other person's
conversation still reads in order)."""

from __future__ import annotations

from django.db.models import Q

from twinning.core import privacy as core_privacy

from .models import Block, Contact, ContactRequest, Message, Participant


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_contacts(user) -> dict:
    return {
        "contacts": [
            {"person_id": other_id, "since": _iso(created)}
            for other_id, created in Contact.objects.filter(owner=user)
            .order_by("created_at")
            .values_list("other_id", "created_at")
        ],
        "requests": [
            {
                "sender_id": r.sender_id,
                "recipient_id": r.recipient_id,
                "message": r.message if r.sender_id == user.pk else "",
                "status": r.status,
                "created_at": _iso(r.created_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in ContactRequest.objects.filter(Q(sender=user) | Q(recipient=user)).order_by("created_at")
        ],
        "blocked": [
            {"person_id": blocked_id, "since": _iso(created)}
            for blocked_id, created in Block.objects.filter(blocker=user).values_list("blocked_id", "created_at")
        ],
    }


def export_messages(user) -> list[dict]:
    """The messages the person sent (the other person's words are theirs, not part of this download)."""
    return [
        {
            "conversation_id": m.conversation_id,
            "sent_at": _iso(m.created_at),
            "body": m.body,
            "about": m.about,
            "hidden_by_nso": m.hidden_at is not None,
        }
        for m in Message.objects.filter(sender=user, erased=False).order_by("created_at", "id").iterator()
    ]


def erase_contacts(user) -> None:
    Contact.objects.filter(Q(owner=user) | Q(other=user)).delete()
    ContactRequest.objects.filter(Q(sender=user) | Q(recipient=user)).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()


def erase_messages(user) -> None:
    Message.objects.filter(sender=user).update(body="", about="", about_url="", hidden_reason="", erased=True)
    # The conversations stay (the other person still reads them); the person's own side has nothing unread.
    Participant.objects.filter(user=user).update(unread_count=0, notice_pending=False)


core_privacy.register_exporter("contacts", export_contacts, position=80)
core_privacy.register_exporter("messages", export_messages, position=81)
core_privacy.register_eraser("contacts", erase_contacts)
core_privacy.register_eraser("messages", erase_messages)
