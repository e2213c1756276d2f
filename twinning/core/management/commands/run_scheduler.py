import time

from django.core.management.base import BaseCommand

from twinning.core.scheduling import enqueue_due


class Command(BaseCommand):
    help = "Enqueue periodic tasks (retention, …) when they are due. Runs forever unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args, **options):
        while True:
            names = enqueue_due()
            for name in names:
                self.stdout.write(f"enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
