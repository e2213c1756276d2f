"""PostgreSQL: a job that works inside one transaction (an import, all or nothing) still shows its progress
while it runs, because the progress is written through a connection of its own."""

import pytest
from django.db import connection, connections, transaction

from tests.services import require_env
from twinning.core import jobs
from twinning.core.models import Job

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"


def _seen_from_outside(job_id: int) -> tuple:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT done, total, message FROM core_job WHERE id = %s", [job_id])
            return cursor.fetchone()
    finally:
        other.close()


def test_progress_inside_a_transaction_is_seen_before_it_commits():
    job = Job.objects.create(kind="test.progress")
    with transaction.atomic():
        Job.objects.create(kind="test.work")  # the work's own writes stay uncommitted
        jobs.Progress(job)(7, total=40, message="Reading the backup", force=True)
        assert _seen_from_outside(job.pk) == (7, 40, "Reading the backup")
        transaction.set_rollback(True)
    assert not Job.objects.filter(kind="test.work").exists()


def test_progress_never_waits_on_a_row_the_work_itself_locked():
    job = Job.objects.create(kind="test.progress")
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(message="claimed by the work")
        jobs.Progress(job)(3, total=9, force=True)  # skipped after a short lock timeout, not a deadlock
        transaction.set_rollback(True)
    assert _seen_from_outside(job.pk) == (0, None, "")
