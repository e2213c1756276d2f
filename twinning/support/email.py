"""E-mails of the helpdesk to the person who asked (docs/support-email.md).

Every e-mail about a ticket is threaded: its Reply-To is ``support+<ticket's thread token>@<support domain>``,
its Message-ID ``<ticket-<id>.<token>.<random>@<support domain>>`` and its References name the ticket's
thread (a root id made of the ticket and its token, and the requester's own e-mails), so that a reply by
e-mail finds its ticket again (``support.inbound``). Each e-mail says it was sent by a machine
(``Auto-Submitted``, ``X-Auto-Response-Suppress``) so that an out-of-office robot does not answer it: no
loops.

The services call ``send_acknowledgement(ticket)`` and ``send_agent_reply(message)`` once the transaction
is committed; both hand the work to a background task (a mail server that fails is retried there, never in
the request that saved the ticket).
"""

from __future__ import annotations

import re
import secrets
from email.utils import parseaddr

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django_tasks import task

from twinning.core.mail import render_templated_mail

from .models import Route, Ticket, TicketMessage

ACKNOWLEDGEMENT = "auto-replied"  # an answer a machine made to a person's e-mail (RFC 3834)
NOTIFICATION = "auto-generated"  # a message a machine sent by itself
REFERENCES_KEPT = 10
NO_MESSAGE_ID = "no-message-id"  # the domain of the ids support.inbound gives e-mails that came without one

# Our Message-IDs: <ticket-<id>.<token>[.<random>]@domain>; the token is the ticket's thread token.
THREAD_ID = re.compile(r"<?ticket-(\d{1,12})\.([A-Za-z0-9_-]{8,64})(?:\.[A-Za-z0-9]{1,40})?@([^>\s]+)>?")


# --- Addresses and thread ids ----------------------------------------------------------------------------


def support_address() -> str:
    """The support address in lower case, e.g. ``support@twinning.example``."""
    return parseaddr(settings.SUPPORT_EMAIL)[1].lower()


def support_domain() -> str:
    return support_address().rpartition("@")[2]


def reply_address(ticket: Ticket) -> str:
    """Where replies about ``ticket`` go: ``support+<token>@domain``."""
    local, _at, domain = support_address().partition("@")
    return f"{local}+{ticket.thread_token}@{domain}"


def thread_root_id(ticket: Ticket) -> str:
    """The id every e-mail about the ticket refers to (never sent as a Message-ID itself)."""
    return f"<ticket-{ticket.pk}.{ticket.thread_token}@{support_domain()}>"


def new_message_id(ticket: Ticket) -> str:
    return f"<ticket-{ticket.pk}.{ticket.thread_token}.{secrets.token_hex(8)}@{support_domain()}>"


def token_in_address(address: str) -> str | None:
    """The thread token of a ``support+<token>@domain`` address (our domain only), else ``None``."""
    local, _at, domain = (address or "").strip().lower().rpartition("@")
    support_local, _at, support_dom = support_address().partition("@")
    if domain != support_dom or not local.startswith(support_local + "+"):
        return None
    # Tokens are case-sensitive: take them from the address as written.
    original = (address or "").strip()
    token = original[len(support_local) + 1 : original.rfind("@")]
    return token or None


def thread_ids_in(header: str) -> list[tuple[int, str]]:
    """(ticket id, token) of each of our Message-IDs found in a References / In-Reply-To header."""
    domain = support_domain()
    return [
        (int(ticket_id), token) for ticket_id, token, host in THREAD_ID.findall(header or "") if host.lower() == domain
    ]


def is_our_address(address: str) -> bool:
    """The support address (with or without a +token) or the platform's own sender."""
    address = (address or "").strip().lower()
    if not address:
        return False
    ours = {
        support_address(),
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
        parseaddr(settings.SERVER_EMAIL)[1].lower(),
    }
    return address in ours or token_in_address(address) is not None


# --- What the e-mails say ----------------------------------------------------------------------------------


def language_for(ticket: Ticket) -> str:
    """The requester's language: their account's, else the site's default."""
    requester = ticket.requester
    return (
        (getattr(requester, "preferred_language", "") or settings.LANGUAGE_CODE)
        if requester
        else settings.LANGUAGE_CODE
    )


def _organisation(ticket: Ticket, language: str) -> tuple[str, str]:
    """(who handles the ticket, in words; the sender's name) in ``language``."""
    from twinning.accounts.selectors import nso_name_for

    with translation.override(language):
        if ticket.route == Route.CSS:
            return _("the Central Support Service"), ""
        if ticket.route == Route.AMBASSADORS and ticket.region is not None:
            return _("the eTwinning ambassadors of %(region)s") % {"region": ticket.region.name}, ""
        nso = nso_name_for(ticket, language)
        return (nso or _("your National Support Organisation")), nso


def due_in_words(ticket: Ticket, language: str) -> str:
    """The first reply's due time in the handling country's local time, e.g. "Monday 30 November 2026, 11:00
    (Europe/Athens)"; "" when the ticket has none."""
    due = ticket.first_reply_due
    if due is None:
        return ""
    from .services import CSS_COUNTRY_CODE
    from .sla import business_zone

    # The clock of whoever handles it: the country's NSO or ambassadors, else the CSS (as the services count).
    country = ticket.country if ticket.route != Route.CSS else None
    code = country.code if country is not None else CSS_COUNTRY_CODE
    zone = business_zone(code)
    with translation.override(language):
        when = dateformat.format(due.astimezone(zone), "l j E Y, H:i")
    return f"{when} ({zone.key})"


def _ticket_url(ticket: Ticket, language: str) -> str:
    """The ticket's page for a requester with an account ("" for an e-mail-only requester)."""
    if not ticket.requester_id or not ticket.email_verified:
        return ""
    try:
        with translation.override(language):
            return settings.SITE_URL.rstrip("/") + reverse("support:ticket", args=[ticket.pk])
    except NoReverseMatch:
        return ""


def _thread_headers(ticket: Ticket) -> dict[str, str]:
    root = thread_root_id(ticket)
    theirs: list[str] = [
        value
        for value in TicketMessage.objects.filter(ticket=ticket, from_agent=False, email_message_id__isnull=False)
        .exclude(email_message_id__endswith=f"@{NO_MESSAGE_ID}>")  # ids we made up for e-mails without one
        .order_by("-created_at", "-pk")
        .values_list("email_message_id", flat=True)[:REFERENCES_KEPT]
        if value
    ]
    theirs.reverse()
    return {
        "Message-ID": new_message_id(ticket),
        "In-Reply-To": theirs[-1] if theirs else root,
        "References": " ".join([root, *theirs]),
    }


def _send(ticket: Ticket, *, template: str, context: dict, auto_submitted: str) -> bool:
    to = (ticket.requester_email or "").strip()
    if not to or is_our_address(to):
        return False  # nobody to write to, or ourselves: never a loop
    language = language_for(ticket)
    organisation, sender_name = _organisation(ticket, language)
    message = render_templated_mail(
        to=to,
        template=template,
        context={
            "ticket": ticket,
            "organisation": organisation,
            "url": _ticket_url(ticket, language),
            "reply_address": reply_address(ticket),
            **context,
        },
        language=language,
        sender_name=sender_name,
    )
    message.reply_to = [reply_address(ticket)]
    message.extra_headers.update(
        {
            **_thread_headers(ticket),
            "Auto-Submitted": auto_submitted,
            "X-Auto-Response-Suppress": "All",
            "X-Loop": support_address(),
        }
    )
    message.send(fail_silently=False)
    return True


# --- Background tasks and what the services call -------------------------------------------------------------


@task()
def send_acknowledgement_task(ticket_id: int) -> bool:
    ticket = Ticket.objects.select_related("requester", "category", "country", "region").filter(pk=ticket_id).first()
    if ticket is None:
        return False
    language = language_for(ticket)
    with translation.override(language):
        category = ticket.category.name
    return _send(
        ticket,
        template="support/email/acknowledgement",
        context={
            "verified": ticket.email_verified,
            "category": category,
            "due": due_in_words(ticket, language),
        },
        auto_submitted=ACKNOWLEDGEMENT,
    )


@task()
def send_agent_reply_task(message_id: int) -> bool:
    message = (
        TicketMessage.objects.select_related("ticket__requester", "ticket__country", "ticket__region", "author")
        .filter(pk=message_id, from_agent=True, kind="reply")
        .first()
    )
    if message is None:
        return False
    author = (message.author.first_name if message.author else "") or message.author_name
    return _send(
        message.ticket,
        template="support/email/agent_reply",
        context={"message": message, "author": author},
        auto_submitted=NOTIFICATION,
    )


def send_acknowledgement(ticket: Ticket) -> None:
    """Tell the requester that ``ticket`` was received (its reference, category, who handles it, when the
    first reply is due). An unverified sender is told only that it was received."""
    send_acknowledgement_task.enqueue(ticket.pk)


def send_agent_reply(message: TicketMessage) -> None:
    """E-mail an agent's public reply to the requester, threaded so that their answer comes back."""
    send_agent_reply_task.enqueue(message.pk)
