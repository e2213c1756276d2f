"""Contacts between eTwinners (requests, accepted contacts, blocks) and their one-to-one conversations.

Every table here is per-person data kept off the user row (docs/architecture.md). Reads are shaped so that
each list is one indexed query whatever the size of the community:

- an accepted contact is two rows (``owner → other`` and ``other → owner``): "my contacts" is one index
  range, never an OR over two columns;
- a contact request keeps its row after the answer (its timestamps, and the daily limit counts it); only
  one request between two people may wait at a time, whoever sent it (a unique index on the pair);
- a conversation has one ``Participant`` row per person carrying what that person's list shows (the other
  person, when the last message came, how many are unread): the list and the unread badge read only it.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

REQUEST_MESSAGE_MAX = 500
MESSAGE_MAX = 5000


class Contact(models.Model):
    """One side of an accepted contact: ``owner`` has ``other`` among their contacts (and the reverse row)."""

    # Indexes that a composite index already covers are left out (cheaper writes at population scale).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_rows", db_index=False
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "other"], name="contact_pair_unique")]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"contact {self.owner_id}→{self.other_id}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")  # by a block, or an account that went


class ContactRequest(models.Model):
    """Someone asks to become another person's contact, with an optional short message."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=REQUEST_MESSAGE_MAX, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One waiting request between two people, whichever of them sent it.
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                condition=models.Q(status="pending"),
                name="contact_request_pending_pair_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"], condition=models.Q(status="pending"), name="contact_request_in_idx"
            ),
            models.Index(fields=["sender", "created_at"], name="contact_request_sender_idx"),
        ]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return f"contact request #{self.pk}"


class Block(models.Model):
    """``blocker`` blocked ``blocked``: neither can message or ask the other (the blocked one is not told)."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_pair_unique")]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        # No names: the label is copied into the audit log, which erasure does not rewrite for this type.
        return f"block #{self.pk}"


class Conversation(models.Model):
    """The one conversation between two people (``user_low`` has the smaller id)."""

    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message = models.ForeignKey("Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="conversation_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(user_low__lt=models.F("user_high")), name="conversation_pair_ordered"
            ),
        ]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"conversation #{self.pk}"


class Participant(models.Model):
    """A person's side of a conversation: what their list of conversations and their unread badge show."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_message_at = models.DateTimeField(null=True, blank=True)
    unread_count = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # A notice (and its e-mail) went out since the person last read: further messages add no new one.
    notice_pending = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="participant_unique")]
        indexes = [
            models.Index(fields=["user", "-last_message_at", "-id"], name="participant_list_idx"),
            # The unread badge on every page: a count over this person's unread conversations only.
            models.Index(fields=["user"], condition=models.Q(unread_count__gt=0), name="participant_unread_idx"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"participant {self.user_id} of #{self.conversation_id}"


class Message(models.Model):
    """A plain-text message. Hidden by the NSO: its author still sees it, the other person sees a note.
    Its author erased: the text is gone, the row stays so that the conversation still reads in order."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    # What the first message answers (a partner-finding post): its title and its address on the platform.
    about = models.CharField(max_length=200, blank=True)
    about_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    erased = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["conversation", "-id"], name="message_conversation_idx"),
            models.Index(fields=["sender", "created_at"], name="message_sender_idx"),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"message #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def shown_as(self, viewer_id: int | None) -> str:
        """How the message reads for this participant: "erased" (its author's account went), "hidden" (the NSO
        hid it: only its author still reads it) or "body"."""
        if self.erased:
            return "erased"
        if self.hidden_at is not None and self.sender_id != viewer_id:
            return "hidden"
        return "body"
