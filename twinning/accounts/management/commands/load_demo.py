from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from twinning.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from twinning.core import demo


class Command(BaseCommand):
    help = "Load the demo community (every app's step, idempotent) and print its accounts."

    def handle(self, *args, **options):
        # The demo's own set-up (validations, decisions) sends no e-mail: its notices are written in-app at
        # once, and the e-mails they would send are dropped.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            accounts = demo.load_all()
        self.stdout.write(self.style.SUCCESS(f"Demo community ready. Accounts (password for all: {DEMO_PASSWORD}):"))
        width = max(len(email) for email, _shows in accounts)
        for email, shows in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {shows}")
        self.stdout.write(
            f"Staff accounts log in with a second factor (TOTP). Add the secret {DEMO_TOTP_SECRET} to an "
            "authenticator app, or print the current code with: .venv/bin/python manage.py demo_totp"
        )
