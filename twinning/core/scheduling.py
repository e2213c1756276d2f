"""Periodic tasks: apps register them, `manage.py run_scheduler` enqueues those that are due.

The task queue (database or RQ) runs them; the scheduler only decides *when*, and remembers the
last time in the database so that restarting it never runs a job twice in one period.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ScheduledJob


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object
    every: timedelta


_REGISTRY: dict[str, Periodic] = {}


def register_periodic(name: str, task, every: timedelta) -> None:
    _REGISTRY[name] = Periodic(name=name, task=task, every=every)


def registered() -> dict[str, Periodic]:
    return dict(_REGISTRY)


def enqueue_due(now=None) -> list[str]:
    """Enqueue every registered job whose period has passed; returns their names."""
    now = now or timezone.now()
    enqueued: list[str] = []
    for job in _REGISTRY.values():
        with transaction.atomic():
            row, _created = ScheduledJob.objects.select_for_update().get_or_create(name=job.name)
            if row.last_enqueued_at and row.last_enqueued_at + job.every > now:
                continue
            result = job.task.enqueue()
            row.last_enqueued_at = now
            row.last_result_id = str(getattr(result, "id", ""))[:64]
            row.save(update_fields=["last_enqueued_at", "last_result_id"])
            enqueued.append(job.name)
    return enqueued
