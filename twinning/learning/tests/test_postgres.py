"""PostgreSQL: fifty people enrolling at the same moment into the last ten places get exactly ten places and
forty places on the waiting list, in distinct positions; a freed place promotes exactly one."""

import threading

import pytest
from django.db import connection

from tests.services import require_env
from twinning.learning import services
from twinning.learning.models import Cycle, Enrolment, Status

from .factories import etwinner, make_course, make_cycle

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


def test_fifty_enrol_at_once_into_the_last_ten_places(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff, capacity=15)
    for _ in range(5):
        services.enrol(cycle=cycle, user=etwinner(greece))
    people = [etwinner(greece) for _ in range(50)]
    errors = _race([lambda p=p: services.enrol(cycle=cycle, user=p) for p in people])
    assert errors == []
    racing = Enrolment.objects.filter(cycle=cycle, user__in=people)
    assert racing.filter(status=Status.ENROLLED).count() == 10
    assert racing.filter(status=Status.WAITING).count() == 40
    positions = list(racing.filter(status=Status.WAITING).values_list("position", flat=True))
    assert len(set(positions)) == 40
    cycle.refresh_from_db()
    assert (cycle.enrolled_count, cycle.waiting_count) == (15, 40)

    # Two places freed at the same moment: exactly two people promoted, the first two waiting.
    leaving = list(Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED).select_related("user")[:2])
    first_two = list(
        Enrolment.objects.filter(cycle=cycle, status=Status.WAITING).order_by("position").values_list("pk", flat=True)
    )[:2]
    errors = _race([lambda e=e: services.withdraw(actor=e.user, enrolment=e) for e in leaving])
    assert errors == []
    promoted = set(Enrolment.objects.filter(cycle=cycle, promoted_at__isnull=False).values_list("pk", flat=True))
    assert promoted == set(first_two)
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert (cycle.enrolled_count, cycle.waiting_count) == (15, 38)
