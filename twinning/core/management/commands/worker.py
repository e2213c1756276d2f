from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background-task worker for the configured queue (database queue, or RQ on Redis)."

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            call_command("rqworker", "default", job_class="django_tasks_rq.Job")
        else:
            call_command("db_worker", queue_name="default")
