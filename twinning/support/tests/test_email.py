"""The helpdesk's e-mails to the requester (support.email): threaded, marked as automatic, in the requester's
language, saying what the acknowledgement promises."""

import re
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.reference.models import SupportOrganisation
from twinning.support import email as support_email
from twinning.support import inbound, services
from twinning.support.models import Category, Channel

pytestmark = pytest.mark.django_db

MESSAGE_ID = re.compile(r"^<ticket-(\d+)\.([A-Za-z0-9_-]+)\.[0-9a-f]{16}@twinning\.example>$")


@pytest.fixture
def nso(greece):
    organisation, _created = SupportOrganisation.objects.update_or_create(
        country=greece, defaults={"kind": "nso", "name_en": "Greek NSO", "name_el": "Ελληνικός ΕΟΥ"}
    )
    return organisation


def _mails_about(ticket):
    return [m for m in mail.outbox if m.reply_to == [support_email.reply_address(ticket)]]


def _open(person, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.open_ticket(
            email=person.email,
            requester=person,
            category=Category.objects.get(key="technical"),
            subject="Cannot upload   a photo",
            body="It fails.",
            **kwargs,
        )


def test_the_acknowledgement_of_a_teacher(greece, nso, settings, django_capture_on_commit_callbacks):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, preferred_language="en")
    ticket = _open(person, django_capture_on_commit_callbacks)
    [ack] = _mails_about(ticket)
    mime = ack.message()
    assert ack.to == [person.email]
    assert ack.subject == f"[eTwinning] [#{ticket.pk}] Cannot upload a photo"
    assert mime["Reply-To"] == f"support+{ticket.thread_token}@twinning.example"
    assert mime["Auto-Submitted"] == "auto-replied"
    assert mime["X-Auto-Response-Suppress"] == "All"
    found = MESSAGE_ID.match(mime["Message-ID"])
    assert found and found.group(1) == str(ticket.pk) and found.group(2) == ticket.thread_token
    assert mime["References"] == support_email.thread_root_id(ticket)
    assert "Greek NSO" in mime["From"]  # sent in the name of who handles it
    # Reference, category, who handles it and when the first answer is due, in the country's local time.
    assert ticket.reference in ack.body
    assert "Technical problem" in ack.body
    assert "Greek NSO" in ack.body
    due = support_email.due_in_words(ticket, "en")
    assert due.endswith("(Europe/Athens)") and due in ack.body
    local = ticket.first_reply_due.astimezone(ZoneInfo("Europe/Athens"))
    assert f"{local:%H:%M}" in due and str(local.year) in due
    html = ack.alternatives[0][0]
    assert 'lang="en"' in html and "Greek NSO" in html
    # A signed-in requester can follow the ticket on the platform.
    assert settings.SITE_URL + reverse("support:ticket", args=[ticket.pk]) in ack.body


def test_the_acknowledgement_speaks_the_requesters_language(greece, nso, django_capture_on_commit_callbacks):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, preferred_language="el")
    ticket = _open(person, django_capture_on_commit_callbacks)
    [ack] = _mails_about(ticket)
    assert 'lang="el"' in ack.alternatives[0][0]
    assert "Τεχνικό πρόβλημα" in ack.body and "Ελληνικός ΕΟΥ" in ack.body
    with translation.override("el"):
        assert reverse("support:ticket", args=[ticket.pk]) in ack.body  # the page in their language too
    assert "Ελληνικός ΕΟΥ" in str(make_header(decode_header(ack.message()["From"])))


def test_an_agents_reply_is_emailed_in_the_thread(greece, nso, django_capture_on_commit_callbacks):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, preferred_language="el")
    # The ticket came by e-mail: the agent's answer threads under the requester's own e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        record = inbound.receive(
            f"From: {person.email}\r\nTo: support@twinning.example\r\nSubject: Help\r\n"
            f"Message-ID: <theirs.1@example.org>\r\n\r\nPlease help.\r\n".encode()
        )
    ticket = record.ticket
    assert ticket.channel == Channel.EMAIL
    mail.outbox.clear()
    agent = nso_staff(greece) if ticket.route == "nso" else css_staff()
    with django_capture_on_commit_callbacks(execute=True):
        services.agent_reply(ticket=ticket, agent=agent, body="Δοκιμάστε ξανά <b>τώρα</b>.")
    [sent] = _mails_about(ticket)
    mime = sent.message()
    assert sent.to == [person.email]
    assert mime["In-Reply-To"] == "<theirs.1@example.org>"
    assert mime["References"].split() == [support_email.thread_root_id(ticket), "<theirs.1@example.org>"]
    assert MESSAGE_ID.match(mime["Message-ID"])
    assert mime["Auto-Submitted"] == "auto-generated"
    assert mime["Reply-To"] == f"support+{ticket.thread_token}@twinning.example"
    assert f"[#{ticket.pk}] Help" in sent.subject
    assert "Δοκιμάστε ξανά <b>τώρα</b>." in sent.body  # the plain text as written
    html = sent.alternatives[0][0]
    assert 'lang="el"' in html and "&lt;b&gt;τώρα&lt;/b&gt;" in html  # never raw HTML
    # Each e-mail gets an id of its own.
    with django_capture_on_commit_callbacks(execute=True):
        services.agent_reply(ticket=ticket, agent=agent, body="Και κάτι ακόμα.")
    ids = {m.message()["Message-ID"] for m in _mails_about(ticket)}
    assert len(ids) == 2


def test_notes_are_never_emailed(greece, django_capture_on_commit_callbacks):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    ticket = _open(person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    agent = nso_staff(greece) if ticket.route == "nso" else css_staff()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.add_note(ticket=ticket, agent=agent, body="Internal only.")
    assert _mails_about(ticket) == []
    assert support_email.send_agent_reply_task.call(note.pk) is False


def test_nothing_is_sent_to_our_own_address(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.open_ticket(
            email="support@twinning.example",
            category=Category.objects.get(key="other"),
            subject="x",
            body="y",
            email_verified=False,
            channel=Channel.EMAIL,
        )
    assert _mails_about(ticket) == []


def test_addresses_and_thread_ids_are_read_back(db):
    ticket = services.open_ticket(
        email="a@example.org", category=Category.objects.get(key="other"), subject="x", body="y"
    )
    assert support_email.token_in_address(support_email.reply_address(ticket)) == ticket.thread_token
    assert support_email.token_in_address(f"support+{ticket.thread_token}@elsewhere.example") is None
    assert support_email.token_in_address("support@twinning.example") is None
    assert support_email.thread_ids_in(f"<x@y> {support_email.new_message_id(ticket)}") == [
        (ticket.pk, ticket.thread_token)
    ]
    assert support_email.thread_ids_in(f"<ticket-{ticket.pk}.{ticket.thread_token}@evil.example>") == []
