"""``manage.py fetch_support_mail [--limit N]``: read the support mailbox now (docs/support-email.md); the
scheduler does the same every two minutes."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from twinning.support import mail_tasks


class Command(BaseCommand):
    help = "Read the e-mails waiting in the support mailbox (SUPPORT_MAILBOX_URL) into the helpdesk."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=mail_tasks.DEFAULT_LIMIT, help="e-mails to read at most")

    def handle(self, *args, limit: int, **options):
        if not settings.SUPPORT_MAILBOX_URL:
            self.stdout.write("SUPPORT_MAILBOX_URL is empty: there is no support mailbox to read.")
            return
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        try:
            counts = mail_tasks.fetch(settings.SUPPORT_MAILBOX_URL, limit=limit)
        except mail_tasks.MailboxError as exc:
            raise CommandError(str(exc)) from exc
        outcomes = ", ".join(f"{name} {counts[name]}" for name in sorted(counts) if name != "read") or "none"
        self.stdout.write(f"{counts.get('read', 0)} e-mail(s) read: {outcomes}.")
