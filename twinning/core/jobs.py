"""Long work started by a person, run in the background, its progress shown on a page that updates itself.

A domain registers a kind of job once (``register_job``): the function that does the work, what the page
calls it and where its result is shown. ``start`` writes the job and enqueues the task when the transaction
commits; the function reports progress through the ``Progress`` it is given (written at most every half
second, so reporting after every row costs nothing) and returns the result, kept as JSON on the job. A
``JobError`` raised by the function fails the job with its message, in the words the person reads; any
other exception fails it with a general message (and is logged). Running a finished job again does nothing.

Only the person who started a job sees its page (``job_or_404``); the domain decides who may start one and
who may see its result.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import Job, JobState

log = logging.getLogger(__name__)


class JobError(Exception):
    """Raised by a job's function: the job fails with this message, shown to the person as it is."""


@dataclass(frozen=True)
class JobKind:
    kind: str
    title: Any  # what the progress page calls the work (lazy text)
    run: Callable[[Job, Progress], Any]  # returns the result (JSON-serialisable)
    result_url: Callable[[Job], str] | None = None  # where the finished job's result is shown


_KINDS: dict[str, JobKind] = {}


def register_job(kind: str, *, title: Any, run: Callable[[Job, Progress], Any], result_url=None) -> None:
    _KINDS[kind] = JobKind(kind, title, run, result_url)


def kind_of(job: Job) -> JobKind | None:
    return _KINDS.get(job.kind)


class Progress:
    """How far a job has got: ``progress(done, total=None, message=None)``; writes at most every half second
    (and always when told ``force=True``)."""

    interval = 0.5

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *, force=False) -> None:
        job = self.job
        job.done = max(0, int(done))
        if total is not None:
            job.total = max(0, int(total))
        if message is not None:
            job.message = str(message)[:300]
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            _write_progress(job)


def _write_progress(job: Job) -> None:
    """Store how far the job has got. A job that works in one transaction (an import: all or nothing) would
    show its progress only at the end, so on PostgreSQL the progress goes through a connection of its own,
    committed at once. (SQLite allows one writer at a time: there it waits for the work's transaction.)"""
    values = {"done": job.done, "total": job.total, "message": job.message}
    if not (connection.in_atomic_block and connection.vendor == "postgresql"):
        Job.objects.filter(pk=job.pk).update(**values)
        return
    side = connections.create_connection(connection.alias)
    written = 0
    try:
        with side.cursor() as cursor:
            # Never wait on the work's own transaction (if it touched the job's row): skip this report instead.
            cursor.execute("SET lock_timeout = '200ms'")
            cursor.execute(
                "UPDATE core_job SET done = %s, total = %s, message = %s WHERE id = %s",
                [job.done, job.total, job.message, job.pk],
            )
            written = cursor.rowcount
    except DatabaseError:
        log.info("progress of job %s not written (its row is locked)", job.pk)
        return
    finally:
        side.close()
    if not written:  # the job's row is not committed yet (it was written in this same transaction)
        Job.objects.filter(pk=job.pk).update(**values)


def start(
    *,
    kind: str,
    owner: Any,
    key: str = "",
    params: dict | None = None,
    country_code: str = "",
    total: int | None = None,
) -> Job:
    """Write the job and run it in the background once the caller's transaction commits."""
    if kind not in _KINDS:
        raise KeyError(f"unknown job kind {kind!r}")
    params = dict(params or {})
    params.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)  # the job speaks it
    job = Job.objects.create(
        kind=kind, owner=owner, key=key[:200], params=params, country_code=country_code or "", total=total
    )

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> str:
    """The background task: do the job's work (``run``)."""
    return run(job_id)


def run(job_id: int) -> str:
    """Do a job's work (the task calls this). Claims the job first, so two workers never run it twice."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    spec = _KINDS.get(job.kind)
    try:
        if spec is None:
            raise JobError(_("This kind of work is no longer known to the platform."))
        progress = Progress(job)
        with translation.override((job.params or {}).get("language") or settings.LANGUAGE_CODE):
            result = spec.run(job, progress)
    except JobError as exc:
        _finish(job, JobState.FAILED, message=str(exc))
        return "failed"
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, message=str(_("Something went wrong. Nothing was changed; please try again.")))
        return "failed"
    _finish(job, JobState.DONE, result=result, message=job.message)
    return "done"


def _finish(job: Job, state: str, *, message: str = "", result: Any = None) -> None:
    job.state, job.message, job.result, job.finished_at = state, message[:300], result, timezone.now()
    if state == JobState.DONE and job.total is not None:
        job.done = job.total
    job.save(update_fields=["state", "message", "result", "finished_at", "done"])


def job_or_404(user: Any, job_id: int) -> Job:
    """The job, to the person who started it; 404 to anyone else (missing and forbidden alike)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    job = Job.objects.filter(pk=job_id, owner_id=user.pk).first()
    if job is None:
        raise Http404
    return job


def latest(*, owner: Any, kind: str, key: str = "") -> Job | None:
    """The person's newest job of this kind about this key: a page shows it instead of starting the same work
    again."""
    return Job.objects.filter(owner_id=owner.pk, kind=kind, key=key).order_by("-created_at", "-pk").first()
