"""Messages as reportable content (``core.registries.register_reportable``): the moderation app finds a
message's author, shows its text to the NSO and hides it through these functions, without importing us."""

from __future__ import annotations

from typing import Any

from twinning.core.registries import ReportTarget

from . import selectors, services

EXCERPT_MAX = 1000


def resolve_message(object_id: int) -> ReportTarget | None:
    message = selectors.message_with_conversation(object_id)
    if message is None or message.erased:
        return None
    conversation = message.conversation

    def visible_to(user: Any) -> bool:
        # Only the other participant reports a message (its author has nothing to report).
        user_id = getattr(user, "pk", None)
        return user_id in (conversation.user_low_id, conversation.user_high_id) and user_id != message.sender_id

    return ReportTarget(
        author=message.sender,
        excerpt=message.body[:EXCERPT_MAX],
        url="",  # a conversation is private: staff read the message on the report page
        hidden=message.is_hidden,
        hide=lambda actor, reason: services.message_hide(actor=actor, message=message, reason=reason),
        unhide=lambda actor, reason: services.message_unhide(actor=actor, message=message, reason=reason),
        visible_to=visible_to,
    )
