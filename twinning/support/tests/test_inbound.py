"""E-mails arriving at the support address: new tickets, replies threaded, unknown senders refused, loops
stopped, oversized e-mails and attachments limited, bad input never crashing (support.inbound), and the
signed webhook that hands them over."""

import io
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.conf import settings
from django.core import mail
from django.utils.translation import gettext as _

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.core.models import Attachment
from twinning.support import email as support_email
from twinning.support import inbound, services
from twinning.support.inbound_views import signature
from twinning.support.models import Category, Channel, InboundEmail, Status, Ticket, TicketMessage

pytestmark = pytest.mark.django_db

Outcome = InboundEmail.Outcome
WEBHOOK = "/support/inbound/email/"


def raw_mail(
    *,
    sender="someone@example.org",
    to="support@twinning.example",
    subject="I cannot sign in",
    body="Hello, I forgot which address I used.",
    message_id=None,
    headers=None,
    attachments=(),
    html=None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
    for name, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def png_bytes(colour=(200, 10, 10)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (6, 4), colour).save(out, format="PNG")
    return out.getvalue()


def category(key="technical") -> Category:
    return Category.objects.get(key=key)


@pytest.fixture
def requester(greece):
    return teacher(country=greece, status=ValidationStatus.VALIDATED, email="Maria.Teacher@example.org")


@pytest.fixture
def ticket(requester):
    return services.open_ticket(
        email=requester.email, requester=requester, category=category(), subject="Upload fails", body="It fails."
    )


def _acknowledgements(ticket):
    return [m for m in mail.outbox if m.reply_to == [support_email.reply_address(ticket)]]


# --- New tickets ---------------------------------------------------------------------------------------------


def test_a_new_email_opens_an_unverified_ticket_and_is_acknowledged_without_a_loop(
    greece, django_capture_on_commit_callbacks
):
    message_id = "<first.1@example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        record = inbound.receive(raw_mail(sender="Νίκος <Nikos@Example.org>", message_id=message_id))
    assert record.outcome == Outcome.CREATED and record.sender == "nikos@example.org"
    ticket = record.ticket
    assert ticket.channel == Channel.EMAIL
    assert ticket.email_verified is False and ticket.requester is None
    assert ticket.category.key == "other"
    assert ticket.requester_name == "Νίκος"
    first = ticket.messages.get()
    assert first.email_message_id == message_id and first.via == Channel.EMAIL
    assert "I forgot which address" in first.body

    [ack] = _acknowledgements(ticket)
    mime = ack.message()
    assert ack.to == ["nikos@example.org"]
    assert mime["Auto-Submitted"] == "auto-replied"
    assert mime["X-Auto-Response-Suppress"] == "All"
    assert mime["Reply-To"] == f"support+{ticket.thread_token}@twinning.example"
    assert mime["In-Reply-To"] == message_id  # threads under the sender's own e-mail
    assert f"[#{ticket.pk}]" in ack.subject
    # An unverified sender learns only that the request was received: nothing about an account or its handling.
    assert ticket.reference in ack.body
    assert ticket.category.name not in ack.body and "Handled by" not in ack.body
    html = ack.alternatives[0][0]
    assert 'lang="el"' in html  # no account: the site's language

    # The acknowledgement coming back (an auto-reply to it, or our own copy) starts nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        echo = inbound.receive(ack.message().as_bytes())
    assert echo.outcome == Outcome.IGNORED
    assert Ticket.objects.count() == 1 and len(mail.outbox) == 1


def test_an_account_address_counts_as_verified_only_with_the_servers_authentication(requester):
    forged = inbound.receive(raw_mail(sender=requester.email))
    assert forged.outcome == Outcome.CREATED
    assert forged.ticket.email_verified is False and forged.ticket.requester is None

    half = inbound.receive(
        raw_mail(sender=requester.email, headers={"Authentication-Results": "mx.test; spf=pass; dkim=fail"})
    )
    assert half.ticket.email_verified is False

    passed = inbound.receive(
        raw_mail(
            sender=requester.email.upper(),
            headers={"Authentication-Results": "mx.test; spf=pass smtp.mailfrom=example.org; dmarc=pass"},
        )
    )
    assert passed.ticket.email_verified is True
    assert passed.ticket.requester == requester
    assert passed.ticket.country == requester.country


def test_only_the_named_receiving_servers_verdict_counts(requester, settings):
    def sent(n):
        message = EmailMessage()
        message["Authentication-Results"] = "relay.elsewhere.example; dmarc=pass"  # not our server's
        message["Authentication-Results"] = "mx.ours.example; spf=fail; dmarc=fail"
        message["From"] = requester.email
        message["Subject"] = "Password"
        message["Message-ID"] = f"<pw{n}@example.org>"
        message.set_content("Reset it, please.")
        return message.as_bytes()

    settings.SUPPORT_MAIL_AUTHSERV_ID = "mx.ours.example"
    assert inbound.receive(sent(1)).ticket.email_verified is False
    passed = raw_mail(sender=requester.email, headers={"Authentication-Results": "MX.ours.example; dmarc=pass"})
    assert inbound.receive(passed).ticket.email_verified is True
    settings.SUPPORT_MAIL_AUTHSERV_ID = ""  # unnamed: the topmost header is taken
    assert inbound.receive(sent(2)).ticket.email_verified is True


def test_an_unknown_address_stays_unverified_even_with_authentication(db):
    record = inbound.receive(raw_mail(headers={"Authentication-Results": "mx.test; dmarc=pass"}))
    assert record.ticket.email_verified is False


def test_an_html_only_email_becomes_plain_text(db):
    record = inbound.receive(raw_mail(html="<p>Hello&nbsp;there</p><script>alert(1)</script><p>Second <b>line</b></p>"))
    body = record.ticket.messages.get().body
    assert "<" not in body and "alert" not in body
    assert "Hello\xa0there" in body and "Second line" in body


# --- Replies ---------------------------------------------------------------------------------------------------


def test_a_reply_of_the_requester_is_threaded_with_the_quote_cut(ticket, requester):
    raw = raw_mail(
        sender=requester.email.upper(),  # addresses compare without case
        to=f"eTwinning <support+{ticket.thread_token}@twinning.example>",
        subject=f"Re: [eTwinning] [#{ticket.pk}] Upload fails",
        body=(
            "Thanks, it works now.\n\nOn Mon, 30 Nov 2026 at 10:00, eTwinning <no-reply@twinning.example>\n"
            "wrote:\n> It fails.\n> Please try again.\n"
        ),
        message_id="<reply.1@example.org>",
    )
    record = inbound.receive(raw)
    assert record.outcome == Outcome.THREADED and record.ticket == ticket
    reply = ticket.messages.filter(kind="reply").last()
    assert reply.body == "Thanks, it works now."
    assert reply.via == Channel.EMAIL and reply.from_agent is False
    assert reply.email_message_id == "<reply.1@example.org>"

    # The same e-mail again (a mailbox read twice, a webhook retried): taken once.
    again = inbound.receive(raw)
    assert again.pk == record.pk
    assert TicketMessage.objects.filter(email_message_id="<reply.1@example.org>").count() == 1
    assert InboundEmail.objects.count() == 1


def test_a_reply_finds_its_ticket_by_our_message_id(ticket, requester, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.agent_reply(ticket=ticket, agent=_agent(ticket), body="Try another browser.")
    [sent] = _acknowledgements(ticket)[-1:]
    record = inbound.receive(
        raw_mail(
            sender=requester.email,
            headers={"In-Reply-To": sent.message()["Message-ID"], "References": sent.message()["References"]},
            body="It worked.",
        )
    )
    assert record.outcome == Outcome.THREADED and record.ticket == ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN  # waiting for the requester, who answered


def _agent(ticket):
    from twinning.accounts.tests.factories import css_staff, nso_staff

    return nso_staff(ticket.country) if ticket.route == "nso" else css_staff()


def test_a_forged_message_id_does_not_thread(ticket, requester):
    record = inbound.receive(
        raw_mail(sender=requester.email, headers={"In-Reply-To": f"<ticket-{ticket.pk}.guessed1234@twinning.example>"})
    )
    assert record.outcome == Outcome.CREATED and record.ticket != ticket


def test_an_unknown_sender_to_a_tickets_address_is_refused(ticket):
    before = ticket.messages.count()
    record = inbound.receive(
        raw_mail(sender="stranger@example.net", to=f"support+{ticket.thread_token}@twinning.example")
    )
    assert record.outcome == Outcome.REFUSED and record.reason == "sender is not the requester"
    assert ticket.messages.count() == before
    assert Ticket.objects.count() == 1


def test_a_subject_reference_counts_only_from_the_requester(ticket, requester):
    stranger = inbound.receive(raw_mail(sender="stranger@example.net", subject=f"Re: [#{ticket.pk}] Upload fails"))
    assert stranger.outcome == Outcome.CREATED and stranger.ticket != ticket  # a new ticket, not theirs
    own = inbound.receive(raw_mail(sender=requester.email, subject=f"Re: [#{ticket.pk}] Upload fails", body="More."))
    assert own.outcome == Outcome.THREADED and own.ticket == ticket


def test_a_reply_to_a_closed_ticket_opens_a_new_one(ticket, requester):
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)
    record = inbound.receive(
        raw_mail(sender=requester.email, to=f"support+{ticket.thread_token}@twinning.example", body="Again broken.")
    )
    assert record.outcome == Outcome.CREATED and record.ticket != ticket
    body = record.ticket.messages.get().body
    assert ticket.reference in body and "Again broken." in body


@pytest.mark.parametrize(
    "text, kept",
    [
        ("New line\n\n> old\n> older", "New line"),
        ("Ευχαριστώ!\n\nΣτις Δευ 30 Νοε 2026 στις 10:00, ο/η eTwinning έγραψε:\n> παλιό", "Ευχαριστώ!"),
        ("Fine.\n\n-----Original Message-----\nFrom: us\nSubject: x", "Fine."),
        ("Top\nmiddle\n\nOn Tue, 1 Dec 2026, X <x@y.z> wrote:\nquoted without marks", "Top\nmiddle"),
        ("No quote at all", "No quote at all"),
    ],
)
def test_the_quoted_earlier_message_is_cut(text, kept):
    assert inbound.cut_quoted(text) == kept


# --- Loops and limits ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sender, headers",
    [
        ("someone@example.org", {"Auto-Submitted": "auto-replied"}),
        ("someone@example.org", {"Auto-Submitted": "auto-generated"}),
        ("someone@example.org", {"Precedence": "bulk"}),
        ("someone@example.org", {"X-Autoreply": "yes"}),
        ("someone@example.org", {"X-Autorespond": "Out of office"}),
        ("someone@example.org", {"List-Id": "<teachers.lists.example.org>"}),
        ("someone@example.org", {"Return-Path": "<>"}),
        ("MAILER-DAEMON@mx.example.org", {}),
        ("postmaster@example.org", {}),
        ("support@twinning.example", {}),
        ("eTwinning <no-reply@twinning.example>", {}),
    ],
)
def test_automatic_emails_are_ignored_and_never_answered(sender, headers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = inbound.receive(raw_mail(sender=sender, headers=headers))
    assert record.outcome == Outcome.IGNORED
    assert not Ticket.objects.exists() and mail.outbox == []


def test_auto_submitted_no_is_a_person(db):
    assert inbound.receive(raw_mail(headers={"Auto-Submitted": "no"})).outcome == Outcome.CREATED


def test_too_many_emails_from_one_sender_are_a_loop(db):
    for n in range(inbound.RATE_LIMIT):
        InboundEmail.objects.create(message_id=f"<m{n}@x>", sender="robot@example.org", outcome=Outcome.CREATED)
    record = inbound.receive(raw_mail(sender="robot@example.org"))
    assert record.outcome == Outcome.IGNORED and record.reason.startswith("loop suspected")
    assert not Ticket.objects.exists()
    # Another sender is not held back.
    assert inbound.receive(raw_mail(sender="other@example.org")).outcome == Outcome.CREATED


def test_an_oversized_email_is_refused_with_nothing_else_written(settings, django_capture_on_commit_callbacks):
    settings.SUPPORT_INBOUND_MAX_BYTES = 4000
    raw = raw_mail(body="x" * 5000, message_id="<big@example.org>")
    with django_capture_on_commit_callbacks(execute=True):
        record = inbound.receive(raw)
    assert record.outcome == Outcome.REFUSED and record.reason == "too large"
    assert record.message_id == "<big@example.org>" and record.size == len(raw)
    assert not Ticket.objects.exists() and not TicketMessage.objects.exists() and mail.outbox == []
    assert InboundEmail.objects.count() == 1


def refused(name: str) -> str:
    """The start of the line that says a file was refused, in the language the ticket's text is written in."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return (_("attachment refused: %(name)s: %(reason)s") % {"name": name, "reason": ""}).removesuffix(": ")


def test_attachments_are_checked_and_limited(settings):
    settings.SUPPORT_ATTACHMENT_MAX_BYTES = 3000
    png = png_bytes()
    record = inbound.receive(
        raw_mail(
            attachments=[
                ("screen.png", png, "image", "png"),
                ("manual.pdf", b"%PDF-1.4\n" + b"0" * 4000, "application", "pdf"),  # over the size limit
                ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "application", "octet-stream"),  # a program
                ("two.png", png_bytes((0, 200, 0)), "image", "png"),
                ("three.png", png_bytes((0, 0, 200)), "image", "png"),
                ("four.png", png_bytes((9, 9, 9)), "image", "png"),  # one too many
            ]
        )
    )
    assert record.outcome == Outcome.CREATED
    kept = Attachment.objects.filter(host=inbound.ATTACHMENT_HOST, host_id=record.ticket.pk)
    assert sorted(kept.values_list("name", flat=True)) == ["screen.png", "three.png", "two.png"]
    assert set(kept.values_list("kind", flat=True)) == {"png"}
    body = record.ticket.messages.get().body
    assert refused("manual.pdf") in body
    assert refused("setup.exe") in body
    assert refused("four.png") in body
    assert refused("screen.png") not in body


def test_attachments_of_a_reply_go_to_its_ticket(ticket, requester):
    record = inbound.receive(
        raw_mail(
            sender=requester.email,
            to=f"support+{ticket.thread_token}@twinning.example",
            body="",
            attachments=[("error.png", png_bytes(), "image", "png")],
        )
    )
    assert record.outcome == Outcome.THREADED
    assert Attachment.objects.filter(host=inbound.ATTACHMENT_HOST, host_id=ticket.pk, name="error.png").exists()
    assert ticket.messages.filter(kind="reply").last().body  # an e-mail with a file only still says something


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage \x81\x82" * 50,
        b"From: \r\nSubject: =?bogus?Q?x?=\r\n\r\nbody",
        b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\n",
        b"From: a@b.example\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n\xff\xfe",
    ],
)
def test_malformed_emails_do_not_crash(raw):
    record = inbound.receive(raw)
    assert record.pk is not None
    assert record.outcome in (Outcome.REFUSED, Outcome.CREATED)


# --- The webhook -----------------------------------------------------------------------------------------------------


def test_the_webhook_does_not_exist_without_a_secret(client, settings):
    settings.SUPPORT_INBOUND_SECRET = ""
    raw = raw_mail()
    # (The language middleware sends an unknown address to its /el/ form first, which does not exist either.)
    response = client.post(
        WEBHOOK, raw, content_type="message/rfc822", HTTP_X_TWINNING_SIGNATURE=signature(raw, "x"), follow=True
    )
    assert response.status_code == 404
    assert not InboundEmail.objects.exists()


@pytest.mark.parametrize("header", ["", "sha256=00", "wrong-secret"])
def test_the_webhook_refuses_a_bad_signature(client, settings, header):
    settings.SUPPORT_INBOUND_SECRET = "s3cret"
    raw = raw_mail()
    if header == "wrong-secret":
        header = signature(raw, "another")
    extra = {"HTTP_X_TWINNING_SIGNATURE": header} if header else {}
    response = client.post(WEBHOOK, raw, content_type="message/rfc822", **extra)
    assert response.status_code == 403
    assert not InboundEmail.objects.exists() and not Ticket.objects.exists()


def test_the_webhook_takes_a_signed_email(client, settings):
    settings.SUPPORT_INBOUND_SECRET = "s3cret"
    raw = raw_mail()
    response = client.post(
        WEBHOOK, raw, content_type="message/rfc822", HTTP_X_TWINNING_SIGNATURE=signature(raw, "s3cret")
    )
    assert response.status_code == 200
    assert response.json()["outcome"] == "created"
    assert Ticket.objects.get().pk == response.json()["ticket"]
    assert client.get(WEBHOOK).status_code == 405


def test_the_webhook_refuses_an_oversized_email(client, settings):
    settings.SUPPORT_INBOUND_SECRET = "s3cret"
    settings.SUPPORT_INBOUND_MAX_BYTES = 2000
    raw = raw_mail(body="y" * 3000)
    response = client.post(
        WEBHOOK, raw, content_type="message/rfc822", HTTP_X_TWINNING_SIGNATURE=signature(raw, "s3cret")
    )
    assert response.status_code == 413
    assert not Ticket.objects.exists()
