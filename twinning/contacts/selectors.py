"""Reads on contacts and conversations: each list is one indexed query, whatever the community's size.

The partners and projects apps use ``are_contacts``, ``contacts_of``, ``contact_states`` and
``is_blocked_between`` (the interfaces between the apps).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Value

from twinning.accounts.models import User, ValidationStatus
from twinning.core.counts import count_rows
from twinning.core.text import normalize_search

from .models import Block, Contact, ContactRequest, Conversation, Message, Participant, RequestStatus

CONTACT = "contact"
REQUESTED = "requested"  # the viewer asked
INCOMING = "incoming"  # they asked the viewer
BLOCKED = "blocked"  # either blocked the other

# When two facts hold (a block left over with a contact, which services prevent), the stronger one wins.
_STRENGTH = {BLOCKED: 3, CONTACT: 2, INCOMING: 1, REQUESTED: 0}


def _pk(user_or_id: Any) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.pk


def live_etwinners(queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    """Validated eTwinners whose account is live (not erased) and active (not suspended)."""
    qs = User.objects.all() if queryset is None else queryset
    return qs.filter(validation_status=ValidationStatus.VALIDATED, is_active=True, anonymised_at__isnull=True)


def are_contacts(a: Any, b: Any) -> bool:
    return Contact.objects.filter(owner_id=_pk(a), other_id=_pk(b)).exists()


def contacts_of(user: Any) -> QuerySet[User]:
    """A person's accepted contacts whose accounts are live and active, ordered by name."""
    return live_etwinners(User.objects.filter(contact_rows__other_id=_pk(user))).order_by("search_name", "id")


def contact_ids_of(user: Any) -> set[int]:
    """The ids of a person's contacts (any account state), in one query."""
    return set(Contact.objects.filter(owner_id=_pk(user)).values_list("other_id", flat=True))


def is_blocked_between(a: Any, b: Any) -> bool:
    a_id, b_id = _pk(a), _pk(b)
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def has_blocked(blocker: Any, blocked: Any) -> bool:
    return Block.objects.filter(blocker_id=_pk(blocker), blocked_id=_pk(blocked)).exists()


def contact_states(viewer: Any, person_ids: Iterable[int]) -> dict[int, str]:
    """The viewer's relation to each of these people, in one query: ``"contact"``, ``"requested"`` (the viewer
    asked), ``"incoming"`` (they asked the viewer), ``"blocked"`` (either way); no key when there is none."""
    ids = [i for i in {int(i) for i in person_ids} if i != _pk(viewer)]
    if not ids or not getattr(viewer, "pk", None):
        return {}
    me = viewer.pk
    parts = [
        Contact.objects.filter(owner_id=me, other_id__in=ids).values_list("other_id", Value(CONTACT)),
        ContactRequest.objects.filter(sender_id=me, recipient_id__in=ids, status=RequestStatus.PENDING).values_list(
            "recipient_id", Value(REQUESTED)
        ),
        ContactRequest.objects.filter(recipient_id=me, sender_id__in=ids, status=RequestStatus.PENDING).values_list(
            "sender_id", Value(INCOMING)
        ),
        Block.objects.filter(blocker_id=me, blocked_id__in=ids).values_list("blocked_id", Value(BLOCKED)),
        Block.objects.filter(blocked_id=me, blocker_id__in=ids).values_list("blocker_id", Value(BLOCKED)),
    ]
    states: dict[int, str] = {}
    for person_id, state in parts[0].union(*parts[1:], all=True):
        if person_id not in states or _STRENGTH[state] > _STRENGTH[states[person_id]]:
            states[person_id] = state
    return states


def contact_state(viewer: Any, person: Any) -> str:
    """The relation to one person ("" for none)."""
    return contact_states(viewer, [_pk(person)]).get(_pk(person), "")


def pending_request_between(a: Any, b: Any) -> ContactRequest | None:
    """The waiting request between two people, whoever sent it."""
    a_id, b_id = _pk(a), _pk(b)
    return (
        ContactRequest.objects.filter(status=RequestStatus.PENDING)
        .filter(Q(sender_id=a_id, recipient_id=b_id) | Q(sender_id=b_id, recipient_id=a_id))
        .first()
    )


def contacts_page_queryset(user: Any, *, query: str = "") -> QuerySet[User]:
    """The contacts list, filtered by a name (accent- and case-folded), with what each row shows."""
    qs = (
        contacts_of(user)
        .select_related("country")
        .only("id", "first_name", "last_name", "email", "country__code", "country__name_en", "country__name_el")
    )
    for word in normalize_search(query).split()[:5]:
        qs = qs.filter(search_name__contains=word)
    return qs


def incoming_requests(user: Any, *, limit: int = 50) -> list[ContactRequest]:
    """Requests waiting for this person's answer, from live eTwinners, newest first."""
    return list(
        ContactRequest.objects.filter(recipient_id=_pk(user), status=RequestStatus.PENDING)
        .filter(sender__in=live_etwinners())
        .select_related("sender", "sender__country")
        .order_by("-created_at", "-id")[:limit]
    )


def outgoing_requests(user: Any, *, limit: int = 50) -> list[ContactRequest]:
    return list(
        ContactRequest.objects.filter(sender_id=_pk(user), status=RequestStatus.PENDING)
        .select_related("recipient", "recipient__country")
        .order_by("-created_at", "-id")[:limit]
    )


def requests_sent_since(user: Any, since) -> int:
    return ContactRequest.objects.filter(sender_id=_pk(user), created_at__gte=since).count()


def messages_sent_since(user: Any, since) -> int:
    return Message.objects.filter(sender_id=_pk(user), created_at__gte=since).count()


# --- Conversations ------------------------------------------------------------------------------------


def pair(a: Any, b: Any) -> tuple[int, int]:
    a_id, b_id = _pk(a), _pk(b)
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def conversation_between(a: Any, b: Any) -> Conversation | None:
    low, high = pair(a, b)
    return Conversation.objects.filter(user_low_id=low, user_high_id=high).first()


def conversations_of(user: Any) -> QuerySet[Participant]:
    """A person's conversations, the latest first, each with the other person and the last message."""
    return (
        Participant.objects.filter(user_id=_pk(user), last_message_at__isnull=False)
        .select_related("other", "conversation__last_message")
        .order_by("-last_message_at", "-id")
    )


def unread_conversations(user: Any) -> int:
    """How many conversations have unread messages (the badge on every page: one count on a partial index)."""
    return count_rows(Participant, equal={"user": _pk(user)}, positive=("unread_count",))


def participants_with_conversation() -> QuerySet[Participant]:
    return Participant.objects.select_related("conversation", "other", "other__country")


def blocks_of(user: Any) -> QuerySet[Block]:
    """The people this person blocked, the latest first."""
    return Block.objects.filter(blocker_id=_pk(user)).select_related("blocked").order_by("-created_at", "-id")


def messages_page_queryset(conversation: Conversation) -> QuerySet[Message]:
    """A conversation's messages, the newest first, each with its sender (for one page of them)."""
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .only(
            "id",
            "conversation_id",
            "body",
            "about",
            "about_url",
            "created_at",
            "hidden_at",
            "erased",
            "sender__id",
            "sender__first_name",
            "sender__last_name",
            "sender__email",
        )
        .order_by("-id")
    )


def message_with_conversation(message_id: int) -> Message | None:
    return Message.objects.select_related("sender", "sender__country", "conversation").filter(pk=message_id).first()


def incoming_request_from(viewer: Any, person: Any) -> ContactRequest | None:
    """The request ``person`` sent ``viewer`` that waits for an answer."""
    return ContactRequest.objects.filter(
        sender_id=_pk(person), recipient_id=_pk(viewer), status=RequestStatus.PENDING
    ).first()
