"""Reading the support mailbox (docs/support-email.md): every two minutes (and by ``manage.py
fetch_support_mail``) the e-mails waiting in ``SUPPORT_MAILBOX_URL`` are handed to ``support.inbound.receive``.

- ``imaps://user:password@host:993/INBOX`` (or ``imap://``): the unseen e-mails of the folder; each one taken
  is flagged seen, then deleted, kept, or moved to a folder (``SUPPORT_MAILBOX_AFTER``: "delete", "keep" or
  the folder's name).
- ``pop3s://user:password@host:995`` (or ``pop3://``): every e-mail waiting; each one taken is deleted (the
  record of what became of it stays in ``InboundEmail``).

An e-mail larger than ``SUPPORT_INBOUND_MAX_BYTES`` is not downloaded: its headers are, to record the refusal.
An e-mail is removed from the mailbox only after it was recorded, so a failure leaves it for the next run
(and the same e-mail read twice is taken once).
"""

from __future__ import annotations

import imaplib
import logging
import poplib
import re
import ssl
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django_tasks import task

from twinning.core.scheduling import register_periodic

from . import inbound

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 200  # e-mails per run; the rest wait for the next one
TIMEOUT = 60  # seconds, for every exchange with the mail server
_PORTS = {"imap": 143, "imaps": 993, "pop3": 110, "pop3s": 995}


class MailboxError(Exception):
    """The mailbox's address is wrong or its server refused us."""


@dataclass(frozen=True)
class Mailbox:
    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str


def parse_url(url: str) -> Mailbox:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _PORTS or not parts.hostname:
        raise MailboxError("SUPPORT_MAILBOX_URL must look like imaps://user:password@host:993/INBOX or pop3s://…")
    return Mailbox(
        scheme=scheme,
        host=parts.hostname,
        port=parts.port or _PORTS[scheme],
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def _take(raw: bytes, counts: Counter, *, size: int | None = None) -> None:
    record = inbound.receive(raw, size=size)
    counts[str(record.outcome)] += 1
    counts["read"] += 1


# --- POP3 -----------------------------------------------------------------------------------------------------


def _pop3(box: Mailbox, limit: int, counts: Counter) -> None:
    if box.scheme == "pop3s":
        client: poplib.POP3 = poplib.POP3_SSL(box.host, box.port, timeout=TIMEOUT, context=ssl.create_default_context())
    else:
        client = poplib.POP3(box.host, box.port, timeout=TIMEOUT)
    try:
        client.user(box.user)
        client.pass_(box.password)
        _response, listing, _octets = client.list()
        for line in listing[:limit]:
            number, _space, octets = line.decode("ascii", "replace").partition(" ")
            size = int(octets) if octets.strip().isdigit() else 0
            if size > settings.SUPPORT_INBOUND_MAX_BYTES:
                _response, lines, _octets = client.top(number, 0)  # the headers only
                _take(b"\r\n".join(lines), counts, size=size)
            else:
                _response, lines, _octets = client.retr(number)
                _take(b"\r\n".join(lines) + b"\r\n", counts)
            client.dele(number)
    finally:
        client.quit()  # deletions happen here, once everything taken was recorded


# --- IMAP -------------------------------------------------------------------------------------------------------

_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _fetched(data) -> bytes:
    for item in data or []:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return b""


def _imap(box: Mailbox, limit: int, counts: Counter) -> None:
    if box.scheme == "imaps":
        client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            box.host, box.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
        )
    else:
        client = imaplib.IMAP4(box.host, box.port, timeout=TIMEOUT)
    after = settings.SUPPORT_MAILBOX_AFTER
    try:
        client.login(box.user, box.password)
        status, _data = client.select(f'"{box.folder}"')
        if status != "OK":
            raise MailboxError(f"no folder {box.folder!r} in the mailbox")
        status, data = client.uid("SEARCH", "UNSEEN")
        uids = [u.decode("ascii") for u in (data[0] or b"").split()] if status == "OK" and data else []
        for uid in uids[:limit]:
            status, data = client.uid("FETCH", uid, "(RFC822.SIZE)")
            found = _SIZE.search(b" ".join(d if isinstance(d, bytes) else d[0] for d in data or [] if d))
            size = int(found.group(1)) if found else 0
            if size > settings.SUPPORT_INBOUND_MAX_BYTES:
                status, data = client.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
                _take(_fetched(data), counts, size=size)
            else:
                status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
                _take(_fetched(data), counts)
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            if after not in ("keep", "delete"):
                client.uid("COPY", uid, f'"{after}"')
            if after != "keep":
                client.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
        if after != "keep":
            client.expunge()
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("support mailbox: logout failed")


def fetch(url: str, *, limit: int = DEFAULT_LIMIT) -> dict[str, int]:
    """Read up to ``limit`` e-mails of the mailbox at ``url``; how many were read, and of each outcome."""
    box = parse_url(url)
    counts: Counter = Counter()
    try:
        if box.scheme.startswith("pop3"):
            _pop3(box, limit, counts)
        else:
            _imap(box, limit, counts)
    except (OSError, poplib.error_proto, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"the mail server at {box.host} failed: {exc}") from exc
    return dict(counts)


@task()
def fetch_support_mail() -> dict[str, int]:
    """Every two minutes: the e-mails waiting in the support mailbox (nothing when none is configured)."""
    if not settings.SUPPORT_MAILBOX_URL:
        return {}
    return fetch(settings.SUPPORT_MAILBOX_URL)


register_periodic("support.fetch_support_mail", fetch_support_mail, timedelta(minutes=2))
