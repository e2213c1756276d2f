"""Redis: the cache and the RQ task queue really work when ``REDIS_URL`` is set.

Tasks go to a queue of their own (a unique name per test), so a developer's running worker or queued
jobs are never touched; a burst worker in this process runs them.
"""

import uuid

import pytest
from django.core import mail
from django_tasks import task
from django_tasks.base import TaskResultStatus

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher

from .services import require_env

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@task()
def add_numbers(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def rq_queue(settings):
    """Point the task backend at RQ on a fresh queue; yield its name; delete it afterwards."""
    redis_url = require_env("REDIS_URL", "Redis (cache and RQ task queue)")
    import django_rq

    name = f"twinning-test-{uuid.uuid4().hex[:12]}"
    settings.RQ_QUEUES = {**getattr(settings, "RQ_QUEUES", {}), name: {"URL": redis_url, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    yield name
    django_rq.get_queue(name).delete(delete_jobs=True)


def run_burst_worker(queue_name: str) -> None:
    """Run every job waiting in the queue, in this process (no fork: the jobs see the test database)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.worker import SimpleWorker

    worker = django_rq.get_worker(queue_name, job_class=Job, worker_class=SimpleWorker)
    worker.work(burst=True)


def test_settings_use_redis_for_cache_and_queue():
    require_env("REDIS_URL", "Redis")
    from django.conf import settings

    assert settings.CACHES["default"]["BACKEND"] == "twinning.core.cache.RedisCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert "django_rq" in settings.INSTALLED_APPS


def test_cache_round_trip_goes_through_redis(settings):
    redis_url = require_env("REDIS_URL", "Redis")
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "twinning.core.cache.RedisCache", "LOCATION": redis_url}}
    key = f"twinning-test:{uuid.uuid4().hex}"
    cache = caches["default"]
    cache.set(key, {"teachers": 3}, 30)
    try:
        assert cache.get(key) == {"teachers": 3}
        raw = cache._cache.get_client(key, write=False)  # the redis-py client behind Django's cache
        assert raw.exists(cache.make_and_validate_key(key)) == 1, "the value is stored in Redis, not in memory"
        # One redis-py client per connection pool, made once (twinning/core/cache.py), not one per operation.
        assert cache._cache.get_client(key) is raw
        assert cache.get_many([key, "missing"]) == {key: {"teachers": 3}}
    finally:
        cache.delete(key)
    assert cache.get(key) is None


def test_task_enqueued_on_rq_waits_until_a_worker_runs_it(rq_queue):
    result = add_numbers.using(queue_name=rq_queue).enqueue(2, 3)
    assert result.status == TaskResultStatus.READY
    result.refresh()
    assert result.status == TaskResultStatus.READY, "nothing runs before a worker takes the job"

    run_burst_worker(rq_queue)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


def test_validation_notice_task_runs_through_rq(rq_queue):
    """The real decision-notice task survives serialisation through Redis and notifies the person."""
    from twinning.accounts.tasks import send_validation_decision

    person = teacher(status=ValidationStatus.VALIDATED, email="validated@sch.gr")
    person.decided_at = person.submitted_at
    person.save(update_fields=["decided_at"])
    mail.outbox.clear()

    result = send_validation_decision.using(queue_name=rq_queue).enqueue([person.pk], ValidationStatus.VALIDATED)
    assert not mail.outbox
    run_burst_worker(rq_queue)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 1
    assert [m.to for m in mail.outbox] == [["validated@sch.gr"]]
    assert person.notifications.filter(kind="validation.validated").count() == 1
