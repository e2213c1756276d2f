"""Writes on contacts and conversations: the contact life cycle (request, accept, decline, withdraw, remove,
block, unblock) and one-to-one messages (start, reply, read, hide).

Only validated eTwinners with live, active accounts take part. A block stops requests and messages both
ways; the blocked person only ever meets a neutral refusal (the same words as for an account that cannot be
reached). Blocks are decisions and are audited; requests and their answers are not (they would flood the
log) but keep their timestamps. The partners and projects apps call ``contact_request``,
``contact_accept`` and ``conversation_start``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts import policies as account_policies
from twinning.accounts.models import User
from twinning.accounts.services import notify
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import Notification
from twinning.core.net import local_path
from twinning.core.rules import rule
from twinning.core.services import audit_record
from twinning.staff.policies import can_act_for_country, is_support_staff

from . import selectors
from .models import (
    MESSAGE_MAX,
    REQUEST_MESSAGE_MAX,
    Block,
    Contact,
    ContactRequest,
    Conversation,
    Message,
    Participant,
    RequestStatus,
)


class ContactError(DomainError):
    """A contact or message rule was not met; ``field`` names the form field it is about."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _is_live_etwinner(user: Any) -> bool:
    return bool(getattr(user, "pk", None) and user.is_etwinner and user.is_active and user.anonymised_at is None)


def _country_code(user: User) -> str:
    return user.country.code if user.country is not None else ""


def _neutral_refusal() -> ContactError:
    # The same words whether the person blocked you, you blocked them, or their account cannot be reached:
    # a blocked person learns nothing more than that.
    return ContactError(_("You cannot contact this person."))


def _require_etwinner(user: Any) -> None:
    if not _is_live_etwinner(user):
        raise NotAllowed(_("Only validated eTwinners can use contacts and messages."))


def _check_reachable(sender: User, recipient: User) -> None:
    _require_etwinner(sender)
    if sender.pk == recipient.pk:
        raise ContactError(_("You cannot contact yourself."))
    if not _is_live_etwinner(recipient) or selectors.is_blocked_between(sender, recipient):
        raise _neutral_refusal()


def contacts_url() -> Any:
    return reverse_lazy("contacts:list")


# --- Contact requests ---------------------------------------------------------------------------------


@transaction.atomic
def contact_request(*, sender: User, recipient: User, message: str = "") -> ContactRequest:
    """Ask ``recipient`` to become a contact; they are told. A request they had already sent to ``sender`` is
    answered by accepting it (the returned request is theirs, accepted: the caller says so)."""
    _check_reachable(sender, recipient)
    if not account_policies.can_see_profile(sender, recipient):
        raise _neutral_refusal()
    message = (message or "").strip()
    if len(message) > REQUEST_MESSAGE_MAX:
        raise ContactError(
            _("Keep the message under %(max)d characters.") % {"max": REQUEST_MESSAGE_MAX}, field="message"
        )
    if selectors.are_contacts(sender, recipient):
        raise ContactError(_("You are already contacts."))
    waiting = selectors.pending_request_between(sender, recipient)
    if waiting is not None:
        if waiting.sender_id == sender.pk:
            raise ContactError(_("You have already asked this person; the request is waiting for an answer."))
        return contact_accept(by=sender, request=waiting)
    since = timezone.now() - timedelta(days=1)
    limit = rule("contacts.requests_per_day")
    if selectors.requests_sent_since(sender, since) >= limit:
        raise ContactError(
            _("You have sent %(limit)d contact requests in the last 24 hours, the most allowed. Try again tomorrow.")
            % {"limit": limit}
        )
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(sender=sender, recipient=recipient, message=message)
    except IntegrityError:
        # The other person asked at the same moment: one request waits, the other is refused.
        raise ContactError(_("A request between you is already waiting for an answer.")) from None
    notify(
        recipient=recipient,
        kind="contacts.request_received",
        title=format_lazy(gettext_lazy("{name} asks to become your contact"), name=sender.display_name),
        body=message,
        url=contacts_url(),
    )
    return request


def _pending_for_update(request: ContactRequest) -> ContactRequest:
    locked = (
        ContactRequest.objects.select_for_update(of=("self",))
        .select_related("sender", "recipient")
        .filter(pk=request.pk)
        .first()
    )
    if locked is None or locked.status != RequestStatus.PENDING:
        raise ContactError(_("This request is no longer waiting for an answer."))
    return locked


def _close(request: ContactRequest, status: str) -> ContactRequest:
    request.status = status
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


def _link(a: User, b: User) -> None:
    Contact.objects.bulk_create([Contact(owner=a, other=b), Contact(owner=b, other=a)], ignore_conflicts=True)


@transaction.atomic
def contact_accept(*, by: User, request: ContactRequest) -> ContactRequest:
    """The recipient accepts: both become contacts and the sender is told."""
    _require_etwinner(by)
    request = _pending_for_update(request)
    if request.recipient_id != by.pk:
        raise NotAllowed(_("Only the person asked can accept this request."))
    sender = request.sender
    if not _is_live_etwinner(sender) or selectors.is_blocked_between(sender, by):
        raise _neutral_refusal()
    _close(request, RequestStatus.ACCEPTED)
    _link(sender, by)
    notify(
        recipient=sender,
        kind="contacts.request_accepted",
        title=format_lazy(gettext_lazy("{name} accepted your contact request"), name=by.display_name),
        url=reverse_lazy("accounts:person", args=[by.pk]),
    )
    return request


@transaction.atomic
def contact_decline(*, by: User, request: ContactRequest) -> ContactRequest:
    """The recipient declines (the sender is not told; the request leaves their waiting list)."""
    request = _pending_for_update(request)
    if request.recipient_id != by.pk:
        raise NotAllowed(_("Only the person asked can decline this request."))
    return _close(request, RequestStatus.DECLINED)


@transaction.atomic
def contact_withdraw(*, by: User, request: ContactRequest) -> ContactRequest:
    """The sender takes back a request still waiting."""
    request = _pending_for_update(request)
    if request.sender_id != by.pk:
        raise NotAllowed(_("Only the person who asked can withdraw this request."))
    return _close(request, RequestStatus.WITHDRAWN)


@transaction.atomic
def contact_remove(*, by: User, other: User) -> int:
    """Either person ends the contact (both rows go; the other is not told)."""
    removed, _detail = Contact.objects.filter(Q(owner=by, other=other) | Q(owner=other, other=by)).delete()
    if not removed:
        raise ContactError(_("This person is not among your contacts."))
    return removed


@transaction.atomic
def contact_block(*, by: User, other: User) -> Block:
    """Block a person: the contact and any waiting request between you end, and neither can ask or message
    the other. The blocked person is not told. Audited (a decision)."""
    _require_etwinner(by)
    if by.pk == other.pk:
        raise ContactError(_("You cannot block yourself."))
    try:
        with transaction.atomic():
            block = Block.objects.create(blocker=by, blocked=other)
    except IntegrityError:
        raise ContactError(_("You have already blocked this person.")) from None
    Contact.objects.filter(Q(owner=by, other=other) | Q(owner=other, other=by)).delete()
    ContactRequest.objects.filter(status=RequestStatus.PENDING).filter(
        Q(sender=by, recipient=other) | Q(sender=other, recipient=by)
    ).update(status=RequestStatus.CANCELLED, decided_at=timezone.now())
    audit_record(
        actor=by, action="contacts.blocked", target=block, country_code=_country_code(by), data={"person_id": other.pk}
    )
    return block


@transaction.atomic
def contact_unblock(*, by: User, other: User) -> None:
    """Lift one's own block (the contact is not restored: either may ask again). Audited."""
    block = Block.objects.select_for_update().filter(blocker=by, blocked=other).first()
    if block is None:
        raise ContactError(_("You have not blocked this person."))
    audit_record(
        actor=by,
        action="contacts.unblocked",
        target=block,
        country_code=_country_code(by),
        data={"person_id": other.pk},
    )
    block.delete()


# --- Messages -----------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ContactError(_("Write a message."), field="body")
    if len(body) > MESSAGE_MAX:
        raise ContactError(
            _("Keep the message under %(max)d characters (it has %(count)d).")
            % {"max": MESSAGE_MAX, "count": len(body)},
            field="body",
        )
    return body


def _check_message_rate(sender: User) -> None:
    limit = rule("contacts.messages_per_hour")
    if selectors.messages_sent_since(sender, timezone.now() - timedelta(hours=1)) >= limit:
        raise ContactError(
            _("You have sent %(limit)d messages in the last hour, the most allowed. Try again a little later.")
            % {"limit": limit},
            field="body",
        )


def _safe_about_url(url: str) -> str:
    """Only an address on this platform (a path), never a scheme a link could run."""
    return local_path(url)


def _conversation_for(a: User, b: User) -> Conversation:
    low, high = selectors.pair(a, b)
    conversation = Conversation.objects.filter(user_low_id=low, user_high_id=high).first()
    if conversation is not None:
        return conversation
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(user_low_id=low, user_high_id=high)
            Participant.objects.bulk_create(
                [
                    Participant(conversation=conversation, user_id=low, other_id=high),
                    Participant(conversation=conversation, user_id=high, other_id=low),
                ]
            )
    except IntegrityError:
        # Both wrote the first message at the same moment: the other transaction made the conversation.
        conversation = Conversation.objects.get(user_low_id=low, user_high_id=high)
    return conversation


def conversation_url(conversation: Conversation) -> str:
    return reverse("contacts:conversation", args=[conversation.pk])


def _post(*, conversation: Conversation, sender: User, recipient: User, body: str, about="", about_url="") -> Message:
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        body=body,
        about=(about or "").strip()[:200],
        about_url=_safe_about_url(about_url) if about else "",
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message=message)
    conversation.last_message = message
    Participant.objects.filter(conversation=conversation, user=sender).update(
        last_message_at=now, last_read_at=now, unread_count=0, notice_pending=False
    )
    Participant.objects.filter(conversation=conversation, user=recipient).update(
        last_message_at=now, unread_count=F("unread_count") + 1
    )
    # One notice (and one e-mail) per conversation until the person reads it: the flag changes only once.
    first_unread = Participant.objects.filter(conversation=conversation, user=recipient, notice_pending=False).update(
        notice_pending=True
    )
    if first_unread:
        notify(
            recipient=recipient,
            kind="contacts.message_received",
            title=format_lazy(gettext_lazy("New message from {name}"), name=sender.display_name),
            body=gettext_lazy("Open the conversation to read it. Further messages will not be e-mailed until you do."),
            url=conversation_url(conversation),
        )
    return message


@transaction.atomic
def conversation_start(
    *,
    sender: User,
    recipient: User,
    body: str,
    about: str = "",
    about_url: str = "",
    allow_non_contact: bool = False,
) -> Conversation:
    """Send a message to a person: starts the one-to-one conversation, or adds to the existing one.

    Refused when either blocked the other, and when they are not contacts unless ``allow_non_contact``
    (answering a partner-finding post may reach its author). ``about``/``about_url``: what the message
    answers (a post's title and its address on the platform), shown above the message.
    """
    _check_reachable(sender, recipient)
    body = _clean_body(body)
    if not allow_non_contact and not selectors.are_contacts(sender, recipient):
        raise ContactError(_("You can write only to your contacts. Send a contact request first."))
    _check_message_rate(sender)
    conversation = _conversation_for(sender, recipient)
    _post(conversation=conversation, sender=sender, recipient=recipient, body=body, about=about, about_url=about_url)
    return conversation


@transaction.atomic
def message_send(*, sender: User, conversation: Conversation, body: str) -> Message:
    """A reply in an existing conversation (its participants only; not when either blocked the other)."""
    if sender.pk not in (conversation.user_low_id, conversation.user_high_id):
        raise NotAllowed(_("You do not take part in this conversation."))
    other_id = conversation.user_high_id if sender.pk == conversation.user_low_id else conversation.user_low_id
    recipient = User.objects.get(pk=other_id)
    _check_reachable(sender, recipient)
    body = _clean_body(body)
    _check_message_rate(sender)
    return _post(conversation=conversation, sender=sender, recipient=recipient, body=body)


def conversation_read(*, user: User, conversation: Conversation) -> bool:
    """Opening a conversation marks it read (and its notice); a write only when something was unread."""
    changed = (
        Participant.objects.filter(conversation=conversation, user=user)
        .filter(Q(unread_count__gt=0) | Q(notice_pending=True))
        .update(unread_count=0, notice_pending=False, last_read_at=timezone.now())
    )
    if changed:
        Notification.objects.filter(
            recipient=user, kind="contacts.message_received", url=conversation_url(conversation), read_at__isnull=True
        ).update(read_at=timezone.now())
    return bool(changed)


# --- Moderation of messages (through the reportable registry) -----------------------------------------


def _require_staff_for(actor: Any, author: User) -> None:
    if not (is_support_staff(actor) and can_act_for_country(actor, author.country_id)):
        raise NotAllowed(_("Only staff of the author's country can take this decision."))


@transaction.atomic
def message_hide(*, actor: User, message: Message, reason: str) -> bool:
    """Hide a message from the other participant (its author still sees it, marked). Audited."""
    message = Message.objects.select_for_update(of=("self",)).select_related("sender__country").get(pk=message.pk)
    _require_staff_for(actor, message.sender)
    if message.hidden_at is not None:
        return False
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = (reason or "").strip()
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor,
        action="contacts.message_hidden",
        target=message,
        country_code=_country_code(message.sender),
        reason=message.hidden_reason,
    )
    return True


@transaction.atomic
def message_unhide(*, actor: User, message: Message, reason: str) -> bool:
    message = Message.objects.select_for_update(of=("self",)).select_related("sender__country").get(pk=message.pk)
    _require_staff_for(actor, message.sender)
    if message.hidden_at is None:
        return False
    message.hidden_at = None
    message.hidden_by = None
    message.hidden_reason = ""
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor,
        action="contacts.message_unhidden",
        target=message,
        country_code=_country_code(message.sender),
        reason=(reason or "").strip(),
    )
    return True
