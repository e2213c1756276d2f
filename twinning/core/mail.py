"""E-mails of the platform: one way to write them, one look, in the recipient's language.

``send_templated_mail`` renders ``<template>_subject.txt``, ``<template>_body.txt`` and
``<template>_body.html`` (the HTML ones extend ``email/base.html``: the platform's name, the message,
one button, the signature) with the recipient's language active, and sends a multipart message whose
sender is named after the recipient's National Support Organisation when the caller knows it.

In development e-mails are printed by ``ReadableConsoleBackend``: headers decoded (no base64 subjects)
and the plain-text part only.
"""

from __future__ import annotations

import sys
import threading
from email.header import decode_header, make_header
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation


def subject_line(text: str) -> str:
    """One line, with the platform's prefix."""
    return f"{settings.EMAIL_SUBJECT_PREFIX_PLATFORM}{' '.join(text.split())}"


def sender(name: str = "") -> str:
    """The From header: the platform's address, shown under ``name`` (e.g. the country's NSO)."""
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    shown = (name or default_name).replace("\\", "\\\\").replace('"', '\\"')
    # Unencoded on purpose: Django encodes the header when it sends (RFC 2047), readable until then.
    return f'"{shown}" <{address}>' if shown else address


def render_templated_mail(*, to: str, template: str, context: dict, language: str, sender_name: str = ""):
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"language": language, **context}
        subject = subject_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}_body.txt", context).strip() + "\n"
        html = render_to_string(f"{template}_body.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(subject, text, sender(sender_name), [to])
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(
    *, to: str, template: str, context: dict, language: str, sender_name: str = "", connection=None
) -> None:
    """Send one multipart e-mail (raises when the server refuses it, so a task can be retried)."""
    message = render_templated_mail(
        to=to, template=template, context=context, language=language, sender_name=sender_name
    )
    message.connection = connection or get_connection()
    message.send(fail_silently=False)


def _decoded(value: str) -> str:
    return str(make_header(decode_header(value))) if value else ""


class ReadableConsoleBackend(BaseEmailBackend):
    """Development: print each e-mail readably (decoded headers, the plain-text part)."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        with self._lock:
            for message in email_messages:
                mime = message.message()
                self.stream.write("-" * 79 + "\n")
                for header in ("From", "To", "Subject"):
                    self.stream.write(f"{header}: {_decoded(str(mime.get(header, '')))}\n")
                self.stream.write("\n" + message.body.rstrip() + "\n")
                alternatives = [kind for _content, kind in getattr(message, "alternatives", [])]
                if alternatives:
                    self.stream.write(f"(also as {', '.join(alternatives)})\n")
                self.stream.write("-" * 79 + "\n")
                self.stream.flush()
        return len(email_messages)
