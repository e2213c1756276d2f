"""E-mails arriving at the support address (docs/support-email.md): ``receive(raw)`` decides what becomes of
one e-mail and records it in ``InboundEmail``; it never raises on bad input.

In order:

1. Larger than ``SUPPORT_INBOUND_MAX_BYTES``: refused, nothing else written.
2. Taken already (same Message-ID): the earlier record is returned, nothing new.
3. Written by a machine (``Auto-Submitted``, ``Precedence: bulk``, ``X-Autoreply``, a mailing list, a
   bounce, our own address) or more than ``RATE_LIMIT`` e-mails from one sender within an hour: ignored,
   so that two robots never answer each other for ever.
4. A reply to a ticket — the ``support+<token>@`` address, or one of our Message-IDs in In-Reply-To /
   References, or "[#123]" in the subject *when the sender is that ticket's requester* — is added to the
   ticket if the sender is its requester, refused otherwise. The quoted earlier message is cut. A reply to a
   closed ticket opens a new one that names the old.
5. Anything else is a new ticket (category "other"). Its sender counts as verified only when the address
   belongs to an account *and* the receiving server's ``Authentication-Results`` says the address was not
   forged (DMARC pass, or SPF and DKIM pass); otherwise the agent sees "sender not verified".

At most ``SUPPORT_ATTACHMENT_MAX_FILES`` attached files of at most ``SUPPORT_ATTACHMENT_MAX_BYTES`` each are
kept, each checked by ``core.upload_check`` (its kind from its content); the others are listed in the
message as refused, with the reason.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.errors import MessageError
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.core import upload_check
from twinning.core.errors import DomainError

from . import email as support_email
from .models import BODY_MAX, SUBJECT_MAX, Category, Channel, InboundEmail, Status, Ticket, TicketMessage

logger = logging.getLogger(__name__)

Outcome = InboundEmail.Outcome
ATTACHMENT_HOST = "support.ticket"
ATTACHMENT_KINDS = upload_check.IMAGES | upload_check.DOCUMENTS
NEW_TICKET_CATEGORY = "other"
RATE_LIMIT = 10  # e-mails from one sender within RATE_WINDOW; more is a loop
RATE_WINDOW = timedelta(hours=1)
HEAD_BYTES = 64 * 1024  # what is read of an oversized e-mail: its headers only
MERGE_HOPS = 5
# What the stdlib parser raises on a malformed e-mail (a header it cannot read, an unknown charset…).
_BAD_INPUT = (MessageError, ValueError, TypeError, LookupError, AttributeError, AssertionError)

_SUBJECT_REFERENCE = re.compile(r"\[#(\d{1,12})\]")
_MACHINE_SENDERS = ("mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply")
# Where a reply's quoted earlier message starts: "On … wrote:", "Στις … έγραψε:", Outlook's separators.
_QUOTE_HEADER = re.compile(
    r"^\s*(On\s.+\swrote:|Στις\s.+\sέγραψε:|Le\s.+\sa écrit\s?:|Am\s.+\sschrieb.*:|"
    r"-{2,}\s*(Original Message|Αρχικό μήνυμα|Αρχικό Μήνυμα)\s*-{2,}|_{20,})\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*(From|Από|Sent|Εστάλη):\s", re.IGNORECASE)


# --- Reading an e-mail -------------------------------------------------------------------------------------


def _header(message: Message, name: str) -> str:
    try:
        values = message.get_all(name) or []
        return " ".join(str(v) for v in values).strip()
    except _BAD_INPUT:  # a header the parser cannot read counts as absent
        return ""


def _first_header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return str(value).strip() if value is not None else ""
    except _BAD_INPUT:
        return ""


def _addresses(message: Message, *names: str) -> list[str]:
    found: list[str] = []
    for name in names:
        try:
            values = [str(v) for v in (message.get_all(name) or [])]
        except _BAD_INPUT:  # an unreadable header counts as absent
            values = []
        found += [address.strip() for _name, address in getaddresses(values) if "@" in address]
    return found


def _sender(message: Message) -> tuple[str, str]:
    """(name, address in lower case) of the From header."""
    name, address = parseaddr(_first_header(message, "From"))
    address = address.strip().lower()
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        return "", ""
    return " ".join(name.split())[:150], address


def _message_id(message: Message, raw: bytes) -> str:
    value = _first_header(message, "Message-ID")
    found = re.search(r"<[^<>\s]{1,250}>", value)
    if found:
        return found.group(0)
    # No usable Message-ID: the content's fingerprint, so that the same e-mail fetched twice is taken once.
    return f"<{hashlib.sha256(raw).hexdigest()}@{support_email.NO_MESSAGE_ID}>"


def _plain(html_text: str) -> str:
    import nh3

    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", html_text)
    text = nh3.clean(text, tags=set())
    return html.unescape(text)


def _body(message: Message) -> str:
    try:
        if not isinstance(message, EmailMessage):
            return ""
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
        if not isinstance(content, str):
            return ""
        return _plain(content) if part.get_content_subtype() == "html" else content
    except _BAD_INPUT:  # an unknown charset, a broken part
        return ""


def cut_quoted(text: str) -> str:
    """The new part of a reply: what comes before the quoted earlier message."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        joined = line + " " + lines[index + 1] if index + 1 < len(lines) else line
        if _QUOTE_HEADER.match(line) or (
            line.strip().lower().startswith(("on ", "στις ")) and _QUOTE_HEADER.match(joined)
        ):
            break
        if _OUTLOOK_FROM.match(line) and index > 0 and not lines[index - 1].strip() and kept:
            following = " ".join(lines[index : index + 4])
            if re.search(r"(Subject|Θέμα):", following):
                break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


@dataclass
class _Files:
    accepted: list[upload_check.CheckedUpload] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _attachments(message: Message) -> _Files:
    files = _Files()
    if not isinstance(message, EmailMessage):
        return files
    most = settings.SUPPORT_ATTACHMENT_MAX_FILES
    biggest = settings.SUPPORT_ATTACHMENT_MAX_BYTES
    try:
        parts = list(message.iter_attachments())
    except _BAD_INPUT:
        return files
    for part in parts:
        try:
            name = upload_check.display_name(part.get_filename() or "")
            data = part.get_payload(decode=True) or b""
        except _BAD_INPUT:
            files.refused.append(_("attachment refused: %(name)s: it could not be read") % {"name": "file"})
            continue
        if not isinstance(data, bytes):
            continue
        if len(files.accepted) >= most:
            files.refused.append(
                _("attachment refused: %(name)s: at most %(count)s files are kept") % {"name": name, "count": most}
            )
            continue
        try:
            checked = upload_check.check_upload(
                ContentFile(data, name=name), allowed=ATTACHMENT_KINDS, max_bytes=biggest, max_image_bytes=biggest
            )
        except ValidationError as exc:
            reason = str(exc.messages[0])
            files.refused.append(_("attachment refused: %(name)s: %(reason)s") % {"name": name, "reason": reason})
            continue
        files.accepted.append(checked)
    return files


def _store_files(ticket: Ticket, files: _Files, uploader: Any) -> None:
    """Keep the checked files on the ticket (the helpdesk's host of attached files)."""
    from twinning.core.models import Attachment, Rights

    for checked in files.accepted:
        attachment = Attachment(
            host=ATTACHMENT_HOST,
            host_id=ticket.pk,
            name=checked.display_name,
            kind=checked.kind.code,
            size=checked.size,
            width=checked.width,
            height=checked.height,
            rights=Rights.PERMISSION,  # sent to the helpdesk by its author, for this ticket only
            uploaded_by=uploader,
        )
        attachment.file.save(checked.display_name, checked.content, save=False)
        attachment.save()


# --- Deciding ------------------------------------------------------------------------------------------------


def _machine_reason(message: Message, sender: str) -> str:
    """Why this e-mail was written by a machine (an auto-reply, a list, a bounce, ourselves), or ""."""
    auto = _first_header(message, "Auto-Submitted").lower()
    if auto and not auto.startswith("no"):
        return "automatic reply (Auto-Submitted)"
    if _first_header(message, "Precedence").lower() in ("bulk", "junk", "list", "auto_reply"):
        return "bulk or list e-mail (Precedence)"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "List-Id", "List-Unsubscribe"):
        if _first_header(message, name):
            return f"automatic or list e-mail ({name})"
    if _first_header(message, "X-Loop").lower() == support_email.support_address():
        return "loop (X-Loop)"
    return_path = _first_header(message, "Return-Path")
    if return_path.replace(" ", "") == "<>":
        return "delivery report (empty Return-Path)"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    local = sender.partition("@")[0]
    if local in _MACHINE_SENDERS or local.startswith(("mailer-daemon", "postmaster")):
        return "machine sender"
    if support_email.is_our_address(sender):
        return "sent by the helpdesk itself"
    return ""


def _too_many(sender: str) -> bool:
    since = timezone.now() - RATE_WINDOW
    return InboundEmail.objects.filter(sender=sender, received_at__gte=since).count() >= RATE_LIMIT


def _sender_verified(message: Message) -> bool:
    """The receiving server's verdict, from the topmost Authentication-Results (the one it added; when
    SUPPORT_MAIL_AUTHSERV_ID is set, only a header of that server counts)."""
    try:
        results = [str(v) for v in (message.get_all("Authentication-Results") or [])]
    except _BAD_INPUT:
        return False
    server = settings.SUPPORT_MAIL_AUTHSERV_ID
    if server:
        results = [r for r in results if r.strip().split(";", 1)[0].strip().lower() == server.lower()]
    if not results:
        return False
    verdict = results[0].lower()
    return "dmarc=pass" in verdict or ("spf=pass" in verdict and "dkim=pass" in verdict)


def _account(address: str):
    from allauth.account.models import EmailAddress

    from twinning.accounts.selectors import live_account_by_email

    user = live_account_by_email(address)
    if user is None:
        other = (
            EmailAddress.objects.filter(email__iexact=address, verified=True, user__anonymised_at__isnull=True)
            .select_related("user")
            .first()
        )
        user = other.user if other else None
    return user if user is not None and user.is_active else None


def _is_requester(ticket: Ticket, sender: str) -> bool:
    if sender == (ticket.requester_email or "").strip().lower():
        return True
    requester = ticket.requester
    return bool(requester and sender == (requester.email or "").strip().lower())


def _followed(ticket: Ticket | None) -> Ticket | None:
    """A ticket merged into another stands for that one."""
    for _hop in range(MERGE_HOPS):
        if ticket is None or not ticket.merged_into_id:
            break
        ticket = Ticket.objects.select_related("requester").filter(pk=ticket.merged_into_id).first() or ticket
    return ticket


def _thread(message: Message, sender: str) -> Ticket | None:
    """The ticket this e-mail answers, if any."""
    tickets = Ticket.objects.select_related("requester")
    for address in _addresses(message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"):
        token = support_email.token_in_address(address)
        if token:
            # A mail server may have changed the address's case on the way: exact first, then without case.
            ticket = tickets.filter(thread_token=token).first() or tickets.filter(thread_token__iexact=token).first()
            if ticket is not None:
                return _followed(ticket)
    references = _header(message, "In-Reply-To") + " " + _header(message, "References")
    for ticket_id, token in support_email.thread_ids_in(references):
        ticket = tickets.filter(pk=ticket_id, thread_token=token).first()
        if ticket is not None:
            return _followed(ticket)
    # Weaker signs: one of the requester's own earlier e-mails, or "[#123]" in the subject. Anyone can copy
    # them, so they count only when the sender is the ticket's requester.
    ids = re.findall(r"<[^<>\s]{1,250}>", references)
    if ids:
        known = TicketMessage.objects.filter(email_message_id__in=ids[-20:]).values_list("ticket_id", flat=True)
        for ticket in tickets.filter(pk__in=list(known)):
            if _is_requester(ticket, sender):
                return _followed(ticket)
    found = _SUBJECT_REFERENCE.search(_first_header(message, "Subject"))
    if found:
        ticket = tickets.filter(pk=int(found.group(1))).first()
        if ticket is not None and _is_requester(ticket, sender):
            return _followed(ticket)
    return None


def _record(**fields) -> InboundEmail:
    fields["sender"] = (fields.get("sender") or "")[:254]
    fields["subject"] = (fields.get("subject") or "")[:255]
    fields["reason"] = (fields.get("reason") or "")[:255]
    return InboundEmail.objects.create(**fields)


def _with_notes(body: str, files: _Files) -> str:
    body = body or _("(no text)")
    notes = "\n".join(files.refused)
    room = BODY_MAX - len(notes) - 2
    body = body[:room].rstrip()
    return f"{body}\n\n{notes}" if notes else body


def _category() -> Category:
    category = Category.objects.filter(key=NEW_TICKET_CATEGORY).first()
    return category or Category.objects.filter(active=True).order_by("position", "key").first()  # type: ignore[return-value]


def _open(
    *, sender: str, name: str, subject: str, body: str, message_id: str, message: Message, files: _Files
) -> Ticket:
    from . import services

    user = _account(sender)
    verified = bool(user is not None and _sender_verified(message))
    requester = user if verified else None
    ticket = services.open_ticket(
        email=sender,
        name=name or (requester.get_full_name() if requester else ""),
        category=_category(),
        subject=subject,
        body=_with_notes(body, files),
        requester=requester,
        email_verified=verified,
        channel=Channel.EMAIL,
        email_message_id=message_id,
    )
    _store_files(ticket, files, requester)
    return ticket


def _process(raw: bytes, message: Message, message_id: str) -> InboundEmail:
    name, sender = _sender(message)
    subject = " ".join(_first_header(message, "Subject").split())
    base = {"message_id": message_id, "sender": sender, "subject": subject, "size": len(raw)}
    if not sender:
        return _record(outcome=Outcome.REFUSED, reason="no sender address", **base)
    reason = _machine_reason(message, sender)
    if reason:
        return _record(outcome=Outcome.IGNORED, reason=reason, **base)
    if _too_many(sender):
        return _record(outcome=Outcome.IGNORED, reason="loop suspected (too many e-mails from this sender)", **base)

    ticket = _thread(message, sender)
    if ticket is not None and not _is_requester(ticket, sender):
        return _record(outcome=Outcome.REFUSED, reason="sender is not the requester", ticket=ticket, **base)

    text = _body(message)
    files = _attachments(message)
    if ticket is not None:
        body = cut_quoted(text)
        if ticket.status != Status.CLOSED:
            from . import services

            try:
                services.requester_reply(
                    ticket=ticket,
                    body=_with_notes(body, files),
                    via=Channel.EMAIL,
                    author=ticket.requester,
                    author_email=sender,
                    email_message_id=message_id,
                )
            except DomainError:
                pass  # closed in the meantime: a new ticket below
            else:
                _store_files(ticket, files, ticket.requester)
                return _record(outcome=Outcome.THREADED, ticket=ticket, **base)
        body = _("This continues the closed request %(reference)s.") % {"reference": ticket.reference} + (
            "\n\n" + body if body else ""
        )
        subject = subject or ticket.subject
    else:
        body = text.strip()
    new = _open(
        sender=sender,
        name=name,
        subject=(subject or _("(no subject)"))[:SUBJECT_MAX],
        body=body,
        message_id=message_id,
        message=message,
        files=files,
    )
    return _record(outcome=Outcome.CREATED, ticket=new, **base)


def _parse(raw: bytes) -> Message:
    try:
        return message_from_bytes(raw, policy=policy.default)
    except _BAD_INPUT:
        return BytesHeaderParser().parsebytes(raw[:HEAD_BYTES])


def receive(raw: bytes, *, size: int | None = None) -> InboundEmail:
    """Take one e-mail (its bytes as received) and say what became of it. Never raises on bad input.

    ``size``: the e-mail's size when the mailbox said it and only its headers were fetched (too large)."""
    raw = bytes(raw or b"")
    size = max(len(raw), size or 0)
    if size > settings.SUPPORT_INBOUND_MAX_BYTES:
        head = BytesHeaderParser(policy=policy.default).parsebytes(raw[:HEAD_BYTES])
        message_id = _message_id(head, raw[:HEAD_BYTES])
        existing = InboundEmail.objects.filter(message_id=message_id).first()
        if existing is not None:
            return existing
        return _record(
            message_id=message_id,
            sender=_sender(head)[1],
            subject=" ".join(_first_header(head, "Subject").split()),
            size=min(size, 2**31 - 1),
            outcome=Outcome.REFUSED,
            reason="too large",
        )
    message = _parse(raw)
    message_id = _message_id(message, raw)
    existing = InboundEmail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing
    try:
        # Notes written into tickets are in the site's language (the agents' common language).
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            return _process(raw, message, message_id)
    except DomainError as exc:
        # The helpdesk would not take it (e.g. no category to file it under): said in the record.
        return _record(
            message_id=message_id, sender=_sender(message)[1], size=len(raw), outcome=Outcome.REFUSED, reason=str(exc)
        )
    except IntegrityError:
        # Taken meanwhile by another reader of the mailbox (or a message with this id is on a ticket already).
        existing = InboundEmail.objects.filter(message_id=message_id).first()
        if existing is not None:
            return existing
        logger.warning("support e-mail %s conflicts with an earlier one", message_id)
        return _record(
            message_id=message_id,
            sender=_sender(message)[1],
            size=len(raw),
            outcome=Outcome.REFUSED,
            reason="duplicate",
        )
    except Exception:
        logger.exception("support e-mail %s could not be taken", message_id)
        return _record(
            message_id=message_id,
            sender=_sender(message)[1],
            size=len(raw),
            outcome=Outcome.REFUSED,
            reason="could not be read",
        )
