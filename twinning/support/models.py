"""The helpdesk (domain §11): tickets from every channel (the web form, e-mail, a phone call logged by an agent),
routed to the NSO staff of the requester's country, to the ambassadors of their region (pedagogical questions)
or up to the Central Support Service, with first-reply and resolution targets counted in business hours
(`support.sla`).

A ticket keeps its own due times and counters (written by the services), so the queues sort and flag
overdue tickets from indexed columns without joining the messages.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX = 200
BODY_MAX = 20_000


class Route(models.TextChoices):
    NSO = "nso", _("NSO staff of the requester's country")
    AMBASSADORS = "ambassadors", _("Ambassadors of the requester's region")
    CSS = "css", _("Central Support Service")


class Category(models.Model):
    """What a ticket is about; it decides the route and the targets (in business hours)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_el = models.CharField(_("name (Greek)"), max_length=100)
    route = models.CharField(_("route"), max_length=12, choices=Route.choices, default=Route.NSO)
    first_reply_hours = models.PositiveIntegerField(_("first reply within (business hours)"), default=8)
    resolution_hours = models.PositiveIntegerField(_("resolution within (business hours)"), default=40)
    position = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_el if (get_language() or "").startswith("el") and self.name_el else self.name_en


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for the requester")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")


_DUE_INPUTS = frozenset({"status", "first_reply_due", "first_replied_at", "resolution_due"})


def next_due(status, first_replied_at, first_reply_due, resolution_due):
    """What an open ticket waits for next: the first reply until there is one, then the resolution; None once
    it is resolved or closed (the queue's sort key, ``Ticket.next_due``)."""
    if status not in OPEN_STATUSES:
        return None
    if first_replied_at is None:
        return first_reply_due or resolution_due
    return resolution_due


def _thread_token() -> str:
    return secrets.token_urlsafe(18)


class Ticket(models.Model):
    # Who asks: a signed-in person, or a visitor / unknown sender known only by an e-mail address.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_email = models.EmailField(_("e-mail"), max_length=254)
    requester_name = models.CharField(_("name"), max_length=150, blank=True)
    # False for a ticket that came from an address no account has (or a visitor who has not yet confirmed
    # it): the agent sees that the sender is not verified before saying anything about an account.
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)

    # Who handles it now: a route, the country (NSO / ambassadors) or region (ambassadors), an agent.
    route = models.CharField(_("handled by"), max_length=12, choices=Route.choices, default=Route.NSO)
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("reference.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_reply_due = models.DateTimeField(null=True, blank=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)
    # What the queue sorts by: while the ticket is open, the first reply's due time until there is one, then
    # the resolution's; none once it is resolved or closed. Kept by save() (see _DUE_INPUTS), so that the
    # queue reads it from an index instead of computing it for every ticket of the scope.
    next_due = models.DateTimeField(null=True, blank=True, editable=False)

    # A duplicate merged into another ticket keeps its messages visible there and is closed.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The requester saw knowledge-base suggestions while typing it (for the share of tickets deflected).
    suggestions_shown = models.BooleanField(default=False)

    satisfaction = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)  # 1–5
    satisfaction_comment = models.CharField(_("comment on the rating"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    # The secret in the reply-to address (support+<token>@…) and in the Message-ID of every e-mail sent about
    # the ticket, so that replies by e-mail thread into it.
    thread_token = models.CharField(max_length=32, unique=True, default=_thread_token, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["country", "route", "status", "-created_at"], name="support_ticket_queue"),
            models.Index(fields=["region", "route", "status"], name="support_ticket_region"),
            models.Index(fields=["assignee", "status"], name="support_ticket_assignee"),
            models.Index(fields=["requester", "-created_at"], name="support_ticket_requester"),
            models.Index(fields=["requester_email"], name="support_ticket_email"),
            models.Index(
                fields=["first_reply_due"], name="support_ticket_reply_due", condition=Q(first_replied_at=None)
            ),
            models.Index(fields=["resolution_due"], name="support_ticket_resolve_due", condition=Q(resolved_at=None)),
            # The queue's order within a country (the one due next first, the finished ones last, newest first):
            # a page of the queue reads a few index entries whatever the country's number of tickets.
            models.Index(fields=["country", "next_due", "-created_at", "-id"], name="support_ticket_next_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction=None) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="support_ticket_rating_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def save(self, *args, **kwargs):
        self.next_due = self.compute_next_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and _DUE_INPUTS.intersection(update_fields):
            kwargs["update_fields"] = {*update_fields, "next_due"}
        super().save(*args, **kwargs)

    def compute_next_due(self):
        return next_due(self.status, self.first_replied_at, self.first_reply_due, self.resolution_due)

    @property
    def reference(self) -> str:
        """What people quote on the phone and what e-mail subjects carry: #1234."""
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Reply")  # seen by the requester
    NOTE = "note", _("Internal note")  # seen by agents only
    EVENT = "event", _("Change")  # a change of status, route, agent… recorded in the ticket's history


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.REPLY)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_email = models.EmailField(max_length=254, blank=True)
    author_name = models.CharField(max_length=150, blank=True)
    # True when written by an agent (NSO, CSS, ambassador) for the ticket, False when by the requester.
    from_agent = models.BooleanField(default=False)
    via = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    # Plain text; links are made clickable when shown, never raw HTML.
    body = models.TextField(max_length=BODY_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    # E-mail threading: the Message-ID of an e-mail that brought this message (a resent e-mail is taken once).
    email_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="support_message_ticket")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:40]}"


class CannedReply(models.Model):
    """A prepared answer, in both languages, with placeholders ({name}, {ticket}, {agent}) filled when used.
    A country's NSO keeps its own; those without a country are offered everywhere (CSS)."""

    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body_en = models.TextField(_("text (English)"), max_length=BODY_MAX)
    body_el = models.TextField(_("text (Greek)"), max_length=BODY_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class VisitorRequest(models.Model):
    """A visitor's ticket waits here until they open the link e-mailed to the address they gave (the e-mail is
    verified first); then it becomes a ticket and this row is deleted. Unconfirmed rows expire."""

    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=150)
    country = models.ForeignKey("reference.Country", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=SUBJECT_MAX)
    body = models.TextField(max_length=BODY_MAX)
    language = models.CharField(max_length=8, default="el")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.email}: {self.subject}"


class InboundEmail(models.Model):
    """Every e-mail the support mailbox received, with what became of it (threaded, new ticket, refused…), so
    that a loop or a refused sender can be explained, and an e-mail fetched twice is taken once."""

    class Outcome(models.TextChoices):
        THREADED = "threaded", _("added to a ticket")
        CREATED = "created", _("new ticket")
        REFUSED = "refused", _("refused")
        IGNORED = "ignored", _("ignored (automatic reply or loop)")

    message_id = models.CharField(max_length=255, unique=True)
    sender = models.EmailField(max_length=254, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=255, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    size = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["sender", "-received_at"], name="support_inbound_sender")]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.outcome})"
