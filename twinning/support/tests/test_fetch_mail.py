"""Reading the support mailbox: ``manage.py fetch_support_mail`` against a local fake POP3 server (a real
socket, the real poplib), and the IMAP path against a fake ``imaplib`` client."""

import socketserver
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from twinning.support import mail_tasks
from twinning.support.models import InboundEmail, Ticket

from .test_inbound import raw_mail

pytestmark = pytest.mark.django_db


class FakePop3:
    """A POP3 mailbox on 127.0.0.1 (USER, PASS, STAT, LIST, RETR, TOP, DELE, QUIT), in a thread."""

    def __init__(self, messages: list[bytes], *, user="helpdesk", password="p@ss"):  # noqa: S107 - a fake server
        self.messages = list(messages)
        self.deleted: set[int] = set()
        self.commands: list[str] = []
        box = self

        class Handler(socketserver.StreamRequestHandler):
            def send(self, line: bytes):
                self.wfile.write(line + b"\r\n")

            def send_long(self, data: bytes):
                self.send(b"+OK")
                for line in data.replace(b"\r\n", b"\n").split(b"\n"):
                    self.send(b"." + line if line.startswith(b".") else line)
                self.send(b".")

            def handle(self):
                marked: set[int] = set()
                authorised = False
                self.send(b"+OK fake POP3 ready")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb, _space, argument = line.strip().decode().partition(" ")
                    verb = verb.upper()
                    box.commands.append(verb)
                    if verb == "USER":
                        self.send(b"+OK" if argument == user else b"-ERR who?")
                    elif verb == "PASS":
                        authorised = argument == password
                        self.send(b"+OK" if authorised else b"-ERR wrong password")
                    elif not authorised and verb != "QUIT":
                        self.send(b"-ERR log in first")
                    elif verb == "STAT":
                        live = [m for n, m in enumerate(box.messages, 1) if n not in marked]
                        self.send(f"+OK {len(live)} {sum(map(len, live))}".encode())
                    elif verb == "LIST":
                        self.send(b"+OK")
                        for n, message in enumerate(box.messages, 1):
                            if n not in marked:
                                self.send(f"{n} {len(message)}".encode())
                        self.send(b".")
                    elif verb == "RETR":
                        self.send_long(box.messages[int(argument) - 1])
                    elif verb == "TOP":
                        number, _lines = argument.split()
                        head = box.messages[int(number) - 1].split(b"\r\n\r\n", 1)[0]
                        self.send_long(head + b"\r\n")
                    elif verb == "DELE":
                        marked.add(int(argument))
                        self.send(b"+OK marked")
                    elif verb == "QUIT":
                        box.deleted |= marked
                        self.send(b"+OK bye")
                        return
                    else:
                        self.send(b"-ERR unknown")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _run(**options) -> str:
    out = StringIO()
    call_command("fetch_support_mail", stdout=out, **options)
    return out.getvalue()


def test_the_command_reads_a_pop3_mailbox_and_deletes_what_it_took(settings):
    settings.SUPPORT_INBOUND_MAX_BYTES = 6000
    messages = [
        raw_mail(sender="anna@example.org", subject="Login", body=".starts with a dot\nsecond line"),
        raw_mail(sender="robot@example.org", headers={"Auto-Submitted": "auto-replied"}),
        raw_mail(sender="kostas@example.org", subject="Huge", body="z" * 7000, message_id="<huge@example.org>"),
    ]
    with FakePop3(messages) as server:
        settings.SUPPORT_MAILBOX_URL = f"pop3://helpdesk:p%40ss@127.0.0.1:{server.port}"
        output = _run()
    assert output.strip() == "3 e-mail(s) read: created 1, ignored 1, refused 1."
    assert server.deleted == {1, 2, 3}
    assert "TOP" in server.commands  # the oversized e-mail was not downloaded, only its headers
    ticket = Ticket.objects.get()
    assert ticket.requester_email == "anna@example.org" and ticket.subject == "Login"
    assert ticket.messages.get().body == ".starts with a dot\nsecond line"
    refused = InboundEmail.objects.get(message_id="<huge@example.org>")
    assert refused.reason == "too large" and refused.size > 7000 and refused.sender == "kostas@example.org"

    # Read again (the same e-mails delivered twice): nothing new.
    with FakePop3(messages) as server:
        settings.SUPPORT_MAILBOX_URL = f"pop3://helpdesk:p%40ss@127.0.0.1:{server.port}"
        _run(limit=2)
    assert server.deleted == {1, 2}
    assert Ticket.objects.count() == 1 and InboundEmail.objects.count() == 3


def test_the_command_says_when_there_is_no_mailbox(settings):
    settings.SUPPORT_MAILBOX_URL = ""
    assert "no support mailbox" in _run()
    assert mail_tasks.fetch_support_mail.call() == {}


def test_a_wrong_mailbox_is_reported(settings):
    with FakePop3([]) as server:
        settings.SUPPORT_MAILBOX_URL = f"pop3://helpdesk:wrong@127.0.0.1:{server.port}"
        with pytest.raises(CommandError, match="failed"):
            _run()
    settings.SUPPORT_MAILBOX_URL = "ftp://example.org"
    with pytest.raises(CommandError, match="must look like"):
        _run()


def test_the_reading_is_a_periodic_job():
    from twinning.core.scheduling import registered

    job = registered()["support.fetch_support_mail"]
    assert job.task is mail_tasks.fetch_support_mail and job.every.total_seconds() == 120


class FakeImap:
    """Stands for ``imaplib.IMAP4``: a folder of e-mails by UID, recording what the reader asks."""

    instances: list["FakeImap"] = []

    def __init__(self, host, port, **kwargs):
        self.host, self.port = host, port
        self.mail = {"7": raw_mail(sender="eleni@example.org", subject="From IMAP"), "9": raw_mail(body="q" * 9000)}
        self.calls: list[tuple] = []
        FakeImap.instances.append(self)

    def login(self, user, password):
        self.calls.append(("login", user, password))
        return "OK", [b"logged in"]

    def select(self, folder):
        self.calls.append(("select", folder))
        return "OK", [b"2"]

    def uid(self, command, *args):
        self.calls.append(("uid", command, *args))
        if command == "SEARCH":
            return "OK", [" ".join(self.mail).encode()]
        if command == "FETCH":
            uid, what = args
            if what == "(RFC822.SIZE)":
                return "OK", [f"{uid} (UID {uid} RFC822.SIZE {len(self.mail[uid])})".encode()]
            data = self.mail[uid]
            if "HEADER" in what:
                data = data.split(b"\n\n", 1)[0] + b"\n\n"
            return "OK", [(f"{uid} (BODY[] {{{len(data)}}}".encode(), data), b")"]
        return "OK", [b""]

    def expunge(self):
        self.calls.append(("expunge",))
        return "OK", [b""]

    def logout(self):
        self.calls.append(("logout",))
        return "BYE", [b""]


def test_the_imap_path_flags_moves_and_expunges(settings, monkeypatch):
    settings.SUPPORT_INBOUND_MAX_BYTES = 6000
    settings.SUPPORT_MAILBOX_AFTER = "Done"
    FakeImap.instances.clear()
    monkeypatch.setattr(mail_tasks.imaplib, "IMAP4", FakeImap)
    counts = mail_tasks.fetch("imap://desk%40school.example:secret@mail.example:1143/Support")
    assert counts == {"read": 2, "created": 1, "refused": 1}
    [client] = FakeImap.instances
    assert (client.host, client.port) == ("mail.example", 1143)
    assert ("login", "desk@school.example", "secret") in client.calls
    assert ("select", '"Support"') in client.calls
    assert ("uid", "SEARCH", "UNSEEN") in client.calls
    assert ("uid", "FETCH", "9", "(BODY.PEEK[HEADER])") in client.calls  # too large: headers only
    assert ("uid", "FETCH", "9", "(BODY.PEEK[])") not in client.calls
    for uid in ("7", "9"):
        assert ("uid", "STORE", uid, "+FLAGS", "(\\Seen)") in client.calls
        assert ("uid", "COPY", uid, '"Done"') in client.calls
        assert ("uid", "STORE", uid, "+FLAGS", "(\\Deleted)") in client.calls
    assert client.calls[-2:] == [("expunge",), ("logout",)]
    assert Ticket.objects.get().subject == "From IMAP"


def test_the_imap_path_can_keep_the_emails(settings, monkeypatch):
    settings.SUPPORT_MAILBOX_AFTER = "keep"
    FakeImap.instances.clear()
    monkeypatch.setattr(mail_tasks.imaplib, "IMAP4", FakeImap)
    mail_tasks.fetch("imap://u:p@mail.example/INBOX")
    [client] = FakeImap.instances
    assert client.port == 143
    assert not [c for c in client.calls if c[:2] == ("uid", "COPY") or "(\\Deleted)" in c or c == ("expunge",)]
    assert ("uid", "STORE", "7", "+FLAGS", "(\\Seen)") in client.calls
