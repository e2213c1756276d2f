"""Readiness checks used by /healthz: database, cache and task queue."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_task_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status="READY").count()
        return {"ok": True, "backend": "database", "waiting": waiting}
    if backend.startswith("django_tasks_rq"):
        import django_rq

        queue = django_rq.get_queue("default")
        queue.connection.ping()
        return {"ok": True, "backend": "rq", "waiting": len(queue)}
    return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}


CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}


def run_checks() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports any failure
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    return all(r.get("ok") for r in results.values()), results
