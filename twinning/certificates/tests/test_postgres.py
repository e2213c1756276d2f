"""PostgreSQL: two workers issuing the certificate of one source id at the same moment (both past the
look-up before either inserts) leave one certificate, one audit event and one notice."""

import threading

import pytest
from django.db import connection

from tests.services import require_env
from twinning.certificates import services
from twinning.certificates.models import Certificate
from twinning.core.models import AuditEvent, Notification

from .conftest import FAKE

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"


def test_two_workers_racing_for_one_source_id_issue_one_certificate(fake_source, holder, greece):
    fake_source.qualify(11, holder, greece)
    both_looked = threading.Barrier(2)
    answer = fake_source.__call__

    def facts(ids):  # each worker has found no certificate; neither has inserted yet
        both_looked.wait(timeout=10)
        return answer(ids)

    from twinning.certificates import sources

    sources.register_source(FAKE, facts)
    results, errors = [], []

    def worker():
        try:
            results.append(services.issue(source=FAKE, source_id=11))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({c.pk for c in results}) == 1
    assert Certificate.objects.count() == 1
    row = Certificate.objects.get()
    assert row.completed_at is not None and row.pdf
    assert AuditEvent.objects.filter(action="certificates.issued").count() == 1
    assert Notification.objects.filter(kind="certificates.issued").count() == 1
