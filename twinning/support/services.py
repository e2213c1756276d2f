"""Writes on the helpdesk: opening a ticket from any channel (routed and given its due times), replies of the
requester and of agents, internal notes, status and priority, assignment, transfer to another country's NSO,
escalation to the CSS, merging duplicates, the requester's rating, canned replies and visitors' requests.

Every decision is audited in the same transaction; the e-mails of the e-mail helper (``support.email``) go
after the commit. A change of handler, status or agent is also written in the ticket's history (a message of
kind EVENT, in the requester's language), so that the ticket tells its own story.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify, notify_many
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record

from . import policies
from .models import (
    BODY_MAX,
    SUBJECT_MAX,
    CannedReply,
    Category,
    Channel,
    MessageKind,
    Priority,
    Route,
    Status,
    Ticket,
    TicketMessage,
    VisitorRequest,
)
from .selectors import handler_label

# The Central Support Service counts its business hours in Brussels.
CSS_COUNTRY_CODE = "BE"
VISITOR_REQUEST_HOURS = 48
RATING_COMMENT_MAX = 1000


class SupportError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- helpers ------------------------------------------------------------------------------------------------


def _clean_body(body: str, *, field: str = "body") -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise SupportError(_("Write your message."), field=field)
    if len(text) > BODY_MAX:
        raise SupportError(
            _("The message is too long (at most %(n)s characters).") % {"n": f"{BODY_MAX:,}"}, field=field
        )
    return text


def _clean_subject(subject: str) -> str:
    text = " ".join((subject or "").split())
    if not text:
        raise SupportError(_("Give your request a subject."), field="subject")
    if len(text) > SUBJECT_MAX:
        raise SupportError(
            _("The subject is too long (at most %(n)s characters).") % {"n": SUBJECT_MAX}, field="subject"
        )
    return text


def _code(ticket: Ticket) -> str:
    return ticket.country.code if ticket.country_id and ticket.country is not None else ""


def _sla_code(ticket: Ticket) -> str:
    if ticket.route == Route.CSS or not ticket.country_id or ticket.country is None:
        return CSS_COUNTRY_CODE
    return ticket.country.code


def _language(ticket: Ticket) -> str:
    requester = ticket.requester
    return (
        (getattr(requester, "preferred_language", "") or settings.LANGUAGE_CODE)
        if requester
        else settings.LANGUAGE_CODE
    )


def _event(ticket: Ticket, text, *, author: Any = None, **params) -> TicketMessage:
    """A line of the ticket's history, written in the requester's language."""
    with translation.override(_language(ticket)):
        body = str(text) % params if params else str(text)
    return TicketMessage.objects.create(
        ticket=ticket,
        kind=MessageKind.EVENT,
        author=author if getattr(author, "pk", None) else None,
        author_name=_name(author),
        from_agent=author is not None,
        body=body,
    )


def _name(person: Any) -> str:
    if person is None or not getattr(person, "pk", None):
        return ""
    return str(getattr(person, "display_name", "") or person)[:150]


def _requester_url(ticket: Ticket) -> str:
    return reverse("support:ticket", args=[ticket.pk])


def _agent_url(ticket: Ticket) -> str:
    return reverse("support:staff_ticket", args=[ticket.pk])


def _later(module_function: str, *args: Any) -> None:
    """Call ``support.email.<function>(*args)`` after the commit, if the e-mail helper offers it."""

    def run() -> None:
        try:
            from . import email as support_email
        except ImportError:
            return
        function = getattr(support_email, module_function, None)
        if function is not None:
            function(*args)

    transaction.on_commit(run)


def _tell_queue(ticket: Ticket, *, kind: str = "support.new_ticket") -> None:
    from twinning.accounts.models import User

    ids = policies.queue_agent_ids(ticket)
    if ticket.assignee_id:
        ids = [ticket.assignee_id]
    recipients = list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    if not recipients:
        return
    reference, subject, url = ticket.reference, ticket.subject, _agent_url(ticket)
    notify_many(
        recipients=recipients,
        kind=kind,
        title=lambda r: gettext_lazy("Helpdesk %(ref)s: %(subject)s") % {"ref": reference, "subject": subject},
        url=lambda r: url,
    )


def _touch(ticket: Ticket, *, count: bool, fields: list[str]) -> None:
    ticket.last_activity_at = timezone.now()
    if count:
        ticket.message_count = F("message_count") + 1
        fields = [*fields, "message_count"]
    ticket.save(update_fields=[*fields, "last_activity_at", "updated_at"])
    if count:
        ticket.refresh_from_db(fields=["message_count"])


def _require_handler(agent: Any, ticket: Ticket) -> None:
    if not policies.can_handle(agent, ticket):
        raise NotAllowed(_("This ticket is not in your queue."))


def _locked(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))  # country, region and requester may be missing: outer joins
        .select_related("country", "region", "category", "requester")
        .get(pk=ticket.pk)
    )


# --- opening ------------------------------------------------------------------------------------------------


def requester_region(requester: Any) -> Any:
    """The region of the requester's school (the primary one first)."""
    from twinning.schools.models import SchoolMembership

    membership = (
        SchoolMembership.objects.filter(user=requester, school__region__isnull=False)
        .select_related("school__region")
        .order_by("-is_primary", "pk")
        .first()
    )
    return membership.school.region if membership else None


def route_for(category: Category, country: Any, region: Any) -> str:
    """Pedagogical questions go to the region's ambassadors if it has one in office today; the rest to the
    country's NSO if it works here; a country not hosted here (or none) goes to the CSS."""
    if country is None or not country.hosted_here:
        return Route.CSS
    if category.route == Route.CSS:
        return Route.CSS
    if category.route == Route.AMBASSADORS and region is not None and policies.region_has_ambassador(region.pk):
        return Route.AMBASSADORS
    return Route.NSO


@transaction.atomic
def open_ticket(
    *,
    email: str,
    name: str = "",
    category: Category,
    subject: str,
    body: str,
    requester: Any = None,
    email_verified: bool = True,
    channel: str = Channel.WEB,
    country: Any = None,
    region: Any = None,
    logged_by: Any = None,
    suggestions_shown: bool = False,
    email_message_id: str | None = None,
    priority: str = Priority.NORMAL,
) -> Ticket:
    """A new ticket from any channel, routed (see ``route_for``) and given its due times in business hours."""
    if category is None or not isinstance(category, Category) or not category.active:
        raise SupportError(_("Choose what your request is about."), field="category")
    if channel not in Channel.values:
        raise SupportError(_("Unknown channel."))
    if priority not in Priority.values:
        raise SupportError(_("Choose a priority from the list."), field="priority")
    subject, body = _clean_subject(subject), _clean_body(body)
    email = (email or (requester.email if requester is not None else "")).strip()
    if not email or "@" not in email:
        raise SupportError(_("Give an e-mail address."), field="email")
    if logged_by is not None and not policies.is_agent(logged_by):
        raise NotAllowed(_("Only helpdesk agents log phone calls."))
    if requester is not None:
        name = name or _name(requester)
        if country is None and requester.country_id:
            country = requester.country
        if region is None:
            region = requester_region(requester)
    if region is not None and country is not None and region.country_id != country.pk:
        region = None
    route = route_for(category, country, region)
    now = timezone.now()
    ticket = Ticket(
        requester=requester,
        requester_email=email[:254],
        requester_name=" ".join((name or "").split())[:150],
        email_verified=email_verified,
        channel=channel,
        category=category,
        subject=subject,
        priority=priority,
        route=route,
        country=country,
        region=region,
        last_activity_at=now,
        message_count=1,
        suggestions_shown=bool(suggestions_shown),
    )
    from . import sla

    code = _sla_code(ticket)
    ticket.first_reply_due = sla.due_at(now, category.first_reply_hours, code)
    ticket.resolution_due = sla.due_at(now, category.resolution_hours, code)
    ticket.save()
    TicketMessage.objects.create(
        ticket=ticket,
        kind=MessageKind.REPLY,
        author=logged_by if logged_by is not None else requester,
        author_email=email[:254],
        author_name=ticket.requester_name,
        from_agent=False,
        via=channel,
        body=body,
        email_message_id=email_message_id or None,
    )
    if logged_by is not None:
        _event(ticket, gettext_lazy("Logged by %(agent)s from a phone call."), author=logged_by, agent=_name(logged_by))
    audit_record(
        actor=logged_by or requester,
        action="support.ticket_opened",
        target=ticket,
        country_code=_code(ticket),
        data={"route": route, "channel": channel, "category": category.key},
    )
    _tell_queue(ticket)
    _later("send_acknowledgement", ticket)
    return ticket


# --- replies and notes --------------------------------------------------------------------------------------


@transaction.atomic
def requester_reply(
    *,
    ticket: Ticket,
    body: str,
    via: str = Channel.WEB,
    author: Any = None,
    author_email: str = "",
    email_message_id: str | None = None,
) -> TicketMessage:
    """The requester answers: a ticket waiting for them, or resolved, opens again; a closed one refuses."""
    body = _clean_body(body)
    ticket = _locked(ticket)
    if ticket.status == Status.CLOSED:
        raise SupportError(_("This ticket is closed; open a new one."))
    message = TicketMessage.objects.create(
        ticket=ticket,
        kind=MessageKind.REPLY,
        author=author if getattr(author, "pk", None) else None,
        author_email=(author_email or (author.email if author is not None else ticket.requester_email))[:254],
        author_name=_name(author) or ticket.requester_name,
        from_agent=False,
        via=via,
        body=body,
        email_message_id=email_message_id or None,
    )
    fields: list[str] = []
    if ticket.status in (Status.WAITING, Status.RESOLVED):
        ticket.status, ticket.resolved_at = Status.OPEN, None
        fields += ["status", "resolved_at"]
    _touch(ticket, count=True, fields=fields)
    audit_record(actor=author, action="support.requester_replied", target=ticket, country_code=_code(ticket))
    _tell_queue(ticket, kind="support.reply")
    return message


@transaction.atomic
def agent_reply(*, ticket: Ticket, agent: Any, body: str, status: str = Status.WAITING) -> TicketMessage:
    """An agent answers the requester; the first answer stops the first-reply clock. An unassigned ticket
    becomes the answering agent's."""
    _require_handler(agent, ticket)
    body = _clean_body(body)
    if status not in (Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED):
        raise SupportError(_("Choose the ticket's status after your reply."), field="status")
    ticket = _locked(ticket)
    if ticket.merged_into_id:
        raise SupportError(_("This ticket was merged into another one: answer there."))
    now = timezone.now()
    message = TicketMessage.objects.create(
        ticket=ticket,
        kind=MessageKind.REPLY,
        author=agent,
        author_email=agent.email[:254],
        author_name=_name(agent),
        from_agent=True,
        via=Channel.WEB,
        body=body,
    )
    fields = ["status"]
    if ticket.first_replied_at is None:
        ticket.first_replied_at = now
        fields.append("first_replied_at")
    if ticket.assignee_id is None:
        ticket.assignee = agent
        fields.append("assignee")
    _apply_status(ticket, status, now, fields)
    _touch(ticket, count=True, fields=fields)
    audit_record(actor=agent, action="support.agent_replied", target=ticket, country_code=_code(ticket),
                 data={"status": status})  # fmt: skip
    if ticket.requester_id and ticket.requester is not None:
        reference, subject = ticket.reference, ticket.subject
        notify(
            recipient=ticket.requester,
            kind="support.reply",
            title=gettext_lazy("An answer to your request %(ref)s: %(subject)s")
            % {"ref": reference, "subject": subject},
            url=_requester_url(ticket),
        )
    _later("send_agent_reply", message)
    return message


@transaction.atomic
def add_note(*, ticket: Ticket, agent: Any, body: str) -> TicketMessage:
    """An internal note: agents only ever see it."""
    _require_handler(agent, ticket)
    body = _clean_body(body, field="note")
    note = TicketMessage.objects.create(
        ticket=ticket, kind=MessageKind.NOTE, author=agent, author_email=agent.email[:254],
        author_name=_name(agent), from_agent=True, body=body,
    )  # fmt: skip
    _touch(ticket, count=False, fields=[])
    audit_record(actor=agent, action="support.note_added", target=ticket, country_code=_code(ticket))
    return note


# --- status, priority, assignment ---------------------------------------------------------------------------


def _apply_status(ticket: Ticket, status: str, now, fields: list[str]) -> None:
    ticket.status = status
    if status == Status.RESOLVED:
        ticket.resolved_at = ticket.resolved_at or now
        fields.append("resolved_at")
    elif status == Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
        fields += ["closed_at", "resolved_at"]
    else:
        ticket.resolved_at, ticket.closed_at = None, None
        fields += ["resolved_at", "closed_at"]


@transaction.atomic
def set_status(*, ticket: Ticket, agent: Any, status: str, reason: str = "") -> Ticket:
    """Resolved stops the resolution clock; closed ends the ticket (the requester opens a new one)."""
    _require_handler(agent, ticket)
    if status not in Status.values:
        raise SupportError(_("Choose a status from the list."), field="status")
    ticket = _locked(ticket)
    if ticket.status == status:
        return ticket
    if ticket.merged_into_id:
        raise SupportError(_("This ticket was merged into another one."))
    fields: list[str] = []
    _apply_status(ticket, status, timezone.now(), fields)
    _touch(ticket, count=False, fields=["status", *fields])
    _event(ticket, gettext_lazy("Status: %(status)s."), author=agent, status=Status(status).label)
    audit_record(actor=agent, action="support.status_changed", target=ticket, country_code=_code(ticket),
                 reason=" ".join(reason.split())[:500], data={"status": status})  # fmt: skip
    return ticket


@transaction.atomic
def set_priority(*, ticket: Ticket, agent: Any, priority: str) -> Ticket:
    _require_handler(agent, ticket)
    if priority not in Priority.values:
        raise SupportError(_("Choose a priority from the list."), field="priority")
    ticket = _locked(ticket)
    if ticket.priority == priority:
        return ticket
    ticket.priority = priority
    _touch(ticket, count=False, fields=["priority"])
    audit_record(actor=agent, action="support.priority_changed", target=ticket, country_code=_code(ticket),
                 data={"priority": priority})  # fmt: skip
    return ticket


@transaction.atomic
def assign(*, ticket: Ticket, agent: Any, assignee: Any) -> Ticket:
    """Give the ticket to an agent who may handle it (or to nobody: back to the queue)."""
    _require_handler(agent, ticket)
    ticket = _locked(ticket)
    if (
        assignee is not None
        and not policies.assignable_user_ids(ticket).filter(user_id=assignee.pk).exists()
        and not (assignee.is_superuser and assignee.is_active)
    ):
        raise SupportError(_("This person cannot handle this ticket."), field="assignee")
    if ticket.assignee_id == (assignee.pk if assignee is not None else None):
        return ticket
    ticket.assignee = assignee
    _touch(ticket, count=False, fields=["assignee"])
    if assignee is not None:
        _event(ticket, gettext_lazy("Assigned to %(agent)s."), author=agent, agent=_name(assignee))
    else:
        _event(ticket, gettext_lazy("Back in the queue (no agent)."), author=agent)
    audit_record(actor=agent, action="support.assigned", target=ticket, country_code=_code(ticket),
                 data={"assignee": assignee.pk if assignee is not None else None})  # fmt: skip
    if assignee is not None and assignee.pk != agent.pk:
        reference, subject = ticket.reference, ticket.subject
        notify(
            recipient=assignee,
            kind="support.new_ticket",
            title=gettext_lazy("Helpdesk %(ref)s: %(subject)s") % {"ref": reference, "subject": subject},
            url=_agent_url(ticket),
        )
    return ticket


# --- transfer, escalation, merge ----------------------------------------------------------------------------


def _moved(ticket: Ticket, agent: Any, *, action: str, reason: str) -> None:
    with translation.override(_language(ticket)):
        handler = str(handler_label(ticket))
    _event(ticket, gettext_lazy("Now handled by %(handler)s."), author=agent, handler=handler)
    audit_record(actor=agent, action=action, target=ticket, country_code=_code(ticket),
                 reason=" ".join(reason.split())[:500], data={"route": ticket.route})  # fmt: skip
    if ticket.requester_id and ticket.requester is not None:
        reference = ticket.reference
        notify(
            recipient=ticket.requester,
            kind="support.transferred",
            title=gettext_lazy("Your request %(ref)s is now handled by %(handler)s")
            % {"ref": reference, "handler": handler_label(ticket)},
            url=_requester_url(ticket),
        )
    _tell_queue(ticket)


@transaction.atomic
def transfer(*, ticket: Ticket, agent: Any, country: Any, reason: str) -> Ticket:
    """To the NSO of another country (a teacher who moved), or back to the NSO of the same country (from its
    ambassadors). The history stays with the ticket; a country not hosted here goes to the CSS."""
    if country is None:
        raise SupportError(_("Choose the country."), field="country")
    same = country.pk == ticket.country_id
    if not (policies.can_move(agent, ticket) or (same and policies.can_hand_back(agent, ticket))):
        raise NotAllowed(_("You cannot transfer this ticket."))
    if not " ".join((reason or "").split()):
        raise SupportError(_("Say why the ticket moves."), field="reason")
    ticket = _locked(ticket)
    route = Route.NSO if country.hosted_here else Route.CSS
    if same and ticket.route == route:
        raise SupportError(_("The ticket is already handled there."), field="country")
    ticket.route, ticket.country = route, country
    if not same:
        ticket.region = None
    ticket.assignee = None
    _touch(ticket, count=False, fields=["route", "country", "region", "assignee"])
    _moved(ticket, agent, action="support.transferred", reason=reason)
    return ticket


@transaction.atomic
def escalate(*, ticket: Ticket, agent: Any, reason: str) -> Ticket:
    """Up to the Central Support Service (a platform fault the NSO has confirmed)."""
    if not policies.can_move(agent, ticket):
        raise NotAllowed(_("Only the NSO staff of the ticket's country escalate it."))
    if not " ".join((reason or "").split()):
        raise SupportError(_("Say why the ticket goes to the Central Support Service."), field="reason")
    ticket = _locked(ticket)
    if ticket.route == Route.CSS:
        raise SupportError(_("The Central Support Service already handles this ticket."))
    ticket.route, ticket.assignee = Route.CSS, None
    _touch(ticket, count=False, fields=["route", "assignee"])
    _moved(ticket, agent, action="support.escalated", reason=reason)
    return ticket


def _same_requester(a: Ticket, b: Ticket) -> bool:
    if a.requester_id or b.requester_id:
        return a.requester_id == b.requester_id
    return a.requester_email.lower() == b.requester_email.lower()


@transaction.atomic
def merge(*, ticket: Ticket, into: Ticket, agent: Any) -> Ticket:
    """A duplicate joins the ticket it repeats: its messages (and files) move there, it is closed and points
    to it. Both must be the same requester's and both in the agent's queue."""
    _require_handler(agent, ticket)
    if into is None or not policies.can_handle(agent, into):
        raise SupportError(_("There is no such ticket in your queue."), field="into")
    if into.pk == ticket.pk:
        raise SupportError(_("A ticket cannot be merged into itself."), field="into")
    first, second = sorted((ticket.pk, into.pk))
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update(of=("self",)).filter(pk__in=(first, second)).select_related("country")
    }
    ticket, into = locked[ticket.pk], locked[into.pk]
    if ticket.merged_into_id or into.merged_into_id:
        raise SupportError(_("One of these tickets is already merged."), field="into")
    if not _same_requester(ticket, into):
        raise SupportError(_("Only tickets of the same requester can be merged."), field="into")
    from twinning.core.models import Attachment

    moved = TicketMessage.objects.filter(ticket=ticket).update(ticket=into)
    Attachment.objects.filter(host="support.ticket", host_id=ticket.pk).update(host_id=into.pk)
    now = timezone.now()
    ticket.merged_into, ticket.status, ticket.closed_at = into, Status.CLOSED, now
    ticket.resolved_at = ticket.resolved_at or now
    ticket.message_count = 0
    _touch(ticket, count=False, fields=["merged_into", "status", "closed_at", "resolved_at", "message_count"])
    _event(ticket, gettext_lazy("Merged into %(ref)s."), author=agent, ref=into.reference)
    into.message_count = TicketMessage.objects.filter(ticket=into, kind=MessageKind.REPLY).count()
    _touch(into, count=False, fields=["message_count"])
    _event(into, gettext_lazy("%(ref)s merged into this ticket."), author=agent, ref=ticket.reference)
    audit_record(actor=agent, action="support.merged", target=ticket, country_code=_code(ticket),
                 data={"into": into.pk, "messages": moved})  # fmt: skip
    return into


# --- rating -------------------------------------------------------------------------------------------------


@transaction.atomic
def rate(*, ticket: Ticket, requester: Any, rating: int, comment: str = "") -> Ticket:
    """The requester's satisfaction, once, after the ticket is resolved."""
    ticket = _locked(ticket)
    if requester is None or not ticket.requester_id or ticket.requester_id != getattr(requester, "pk", None):
        raise NotAllowed(_("Only the person who asked can rate the answer."))
    if ticket.status not in (Status.RESOLVED, Status.CLOSED) or ticket.merged_into_id:
        raise SupportError(_("You can rate the answer once your request is resolved."))
    if ticket.satisfaction is not None:
        raise SupportError(_("You have already rated this answer."))
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise SupportError(_("Choose a rating from 1 to 5."), field="rating")
    ticket.satisfaction = value
    ticket.satisfaction_comment = " ".join((comment or "").split())[:RATING_COMMENT_MAX]
    ticket.rated_at = timezone.now()
    ticket.save(update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"])
    audit_record(actor=requester, action="support.rated", target=ticket, country_code=_code(ticket),
                 data={"rating": value})  # fmt: skip
    return ticket


# --- canned replies -----------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(name|ticket|agent)\}")


def render_canned(canned: CannedReply, ticket: Ticket, agent: Any, language: str) -> str:
    """The canned reply in ``language`` with {name}, {ticket} and {agent} filled; anything else in braces is
    left as written (no ``str.format``: a placeholder can never reach an object's attributes)."""
    text = canned.body_el if (language or "").startswith("el") and canned.body_el else canned.body_en
    values = {
        "name": ticket.requester_name or ticket.requester_email,
        "ticket": ticket.reference,
        "agent": _name(agent),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


@transaction.atomic
def canned_reply_save(
    *,
    agent: Any,
    canned: CannedReply | None = None,
    country: Any = None,
    category: Category | None = None,
    title: str,
    body_en: str,
    body_el: str,
) -> CannedReply:
    """NSO staff keep their countries' canned replies, CSS staff every one (and those for all countries)."""
    country_id = country.pk if country is not None else None
    if not policies.can_edit_canned(agent, country_id) or (
        canned is not None and not policies.can_edit_canned(agent, canned.country_id)
    ):
        raise SupportError(_("You can keep canned replies of your own country only."), field="country")
    title = " ".join((title or "").split())
    if not title:
        raise SupportError(_("Give the canned reply a title."), field="title")
    if len(title) > 150:
        raise SupportError(_("The title is too long (at most %(n)s characters).") % {"n": 150}, field="title")
    body_en, body_el = _clean_body(body_en, field="body_en"), _clean_body(body_el, field="body_el")
    created = canned is None
    canned = canned or CannedReply(created_by=agent)
    canned.country, canned.category = country, category
    canned.title, canned.body_en, canned.body_el = title, body_en, body_el
    canned.save()
    audit_record(actor=agent, action="support.canned_saved", target=canned,
                 country_code=country.code if country is not None else "", data={"created": created})  # fmt: skip
    return canned


@transaction.atomic
def canned_reply_delete(*, agent: Any, canned: CannedReply) -> None:
    if not policies.can_edit_canned(agent, canned.country_id):
        raise NotAllowed(_("You can keep canned replies of your own country only."))
    audit_record(actor=agent, action="support.canned_deleted", target=canned,
                 country_code=canned.country.code if canned.country_id and canned.country else "")  # fmt: skip
    canned.delete()


# --- visitors -----------------------------------------------------------------------------------------------


@transaction.atomic
def visitor_request(
    *, email: str, name: str, country: Any, category: Category, subject: str, body: str, language: str
) -> VisitorRequest:
    """A visitor's ticket waits until they open the link e-mailed to them (the address is verified first)."""
    if category is None or not category.active:
        raise SupportError(_("Choose what your request is about."), field="category")
    if country is None:
        raise SupportError(_("Choose your country."), field="country")
    name = " ".join((name or "").split())[:150]
    if not name:
        raise SupportError(_("Give your name."), field="name")
    email = (email or "").strip()
    if "@" not in email:
        raise SupportError(_("Give an e-mail address."), field="email")
    request = VisitorRequest.objects.create(
        token=secrets.token_urlsafe(32),
        email=email[:254],
        name=name,
        country=country,
        category=category,
        subject=_clean_subject(subject),
        body=_clean_body(body),
        language=(language or settings.LANGUAGE_CODE)[:8],
    )
    transaction.on_commit(partial(_send_visitor_link, request.pk))
    return request


def _send_visitor_link(request_id: int) -> None:
    from twinning.core.mail import send_templated_mail

    request = VisitorRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    with translation.override(request.language):
        path = reverse("support:visitor_confirm", args=[request.token])
    send_templated_mail(
        to=request.email,
        template="support/mail/visitor_confirm",
        context={"request": request, "url": settings.SITE_URL.rstrip("/") + path, "hours": VISITOR_REQUEST_HOURS},
        language=request.language,
    )


def visitor_request_expired(request: VisitorRequest) -> bool:
    return request.created_at < timezone.now() - timedelta(hours=VISITOR_REQUEST_HOURS)


def delete_expired_visitor_requests(now: datetime | None = None) -> int:
    """Requests whose link expired unconfirmed are deleted (their address was never proved); how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=VISITOR_REQUEST_HOURS)
    deleted, _by_model = VisitorRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def visitor_confirm(*, token: str) -> Ticket:
    """The visitor opened the link: the ticket is opened (e-mail verified) and the request is gone."""
    request = (
        VisitorRequest.objects.select_for_update(of=("self",))
        .select_related("country", "category")
        .filter(token=token)
        .first()
    )
    if request is None:
        raise SupportError(_("This link is not valid (any more). Send your request again."))
    if visitor_request_expired(request):
        raise SupportError(_("This link has expired. Send your request again."))
    ticket = open_ticket(
        email=request.email,
        name=request.name,
        category=request.category,
        subject=request.subject,
        body=request.body,
        email_verified=True,
        channel=Channel.WEB,
        country=request.country,
    )
    request.delete()
    return ticket
