from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.core import scheduling
from twinning.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


class FakeTask:
    def __init__(self):
        self.calls = 0

    def enqueue(self):
        self.calls += 1
        return type("Result", (), {"id": f"r{self.calls}"})()


def test_a_job_is_enqueued_once_per_period(monkeypatch):
    monkeypatch.setattr(scheduling, "_REGISTRY", {})
    task = FakeTask()
    scheduling.register_periodic("demo.job", task, timedelta(days=1))
    now = timezone.now()
    assert scheduling.enqueue_due(now) == ["demo.job"]
    assert scheduling.enqueue_due(now + timedelta(hours=23)) == []
    assert scheduling.enqueue_due(now + timedelta(days=1, seconds=1)) == ["demo.job"]
    assert task.calls == 2
    assert ScheduledJob.objects.get(name="demo.job").last_result_id == "r2"


def test_retention_sweep_is_registered():
    assert "accounts.retention_sweep" in scheduling.registered()
