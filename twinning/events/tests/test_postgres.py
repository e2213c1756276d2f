"""PostgreSQL: forty people registering at the same moment for the last eight places get exactly eight places
and thirty-two places on the waiting list, in distinct positions; the event's counts stay exact."""

import threading

import pytest
from django.db import connection

from tests.services import require_env
from twinning.events import services
from twinning.events.models import Registration, Status

from .factories import etwinner, make_event

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"


def _race(calls):
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_forty_register_at_once_for_the_last_eight_places(greece):
    event = make_event(greece, capacity=10)
    for _ in range(2):
        services.register(event=event, user=etwinner(greece))
    people = [etwinner(greece) for _ in range(40)]
    errors = _race([lambda p=p: services.register(event=event, user=p) for p in people])
    assert errors == []
    racing = Registration.objects.filter(event=event, user__in=people)
    assert racing.filter(status=Status.REGISTERED).count() == 8
    positions = list(racing.filter(status=Status.WAITING).values_list("position", flat=True))
    assert len(positions) == 32 and len(set(positions)) == 32
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (10, 32)
