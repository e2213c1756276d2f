"""Background work of events: the reminders a day and an hour before the start, every 15 minutes. Safe to run
twice (each reminder is recorded on the registration before it is sent)."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def send_event_reminders() -> int:
    from .services import send_reminders

    return send_reminders()


register_periodic("events.reminders", send_event_reminders, timedelta(minutes=15))
