"""PostgreSQL: two NSO staff deciding at the same moment make exactly one transition (row locks)."""

import threading

import pytest
from django.db import connection

from tests.services import require_env
from twinning.accounts.tests.factories import nso_staff
from twinning.core.errors import DomainError
from twinning.core.models import AuditEvent
from twinning.projects import services
from twinning.projects.models import ApprovalStatus, ProjectApproval, ProjectStatus

from .factories import etwinner, make_contacts, pending_nso

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_the_same_approval_decided_twice_at_once_makes_one_transition(greece):
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"
    a, b = etwinner(greece), etwinner(greece)
    make_contacts(a, b)
    project = pending_nso(a, b)
    approval = project.approvals.get()
    first, second = nso_staff(greece), nso_staff(greece)
    outcomes = _race(
        [
            lambda: services.approvals_decide(staff=first, approvals=[approval], approve=True),
            lambda: services.approvals_decide(staff=second, approvals=[approval], approve=True),
        ]
    )
    assert outcomes == ["ok", "refused"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert AuditEvent.objects.filter(action="project.activated", target_id=str(project.pk)).count() == 1


def test_both_nsos_approving_at_once_activate_the_project_once(greece, italy):
    require_env("DATABASE_URL", "PostgreSQL")
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    project = pending_nso(gr, it)
    greek, italian = project.approvals.get(country=greece), project.approvals.get(country=italy)
    gr_staff, it_staff = nso_staff(greece), nso_staff(italy)
    outcomes = _race(
        [
            lambda: services.approvals_decide(staff=gr_staff, approvals=[greek], approve=True),
            lambda: services.approvals_decide(staff=it_staff, approvals=[italian], approve=True),
        ]
    )
    assert outcomes == ["ok", "ok"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert set(ProjectApproval.objects.filter(project=project).values_list("status", flat=True)) == {
        ApprovalStatus.APPROVED
    }
    assert AuditEvent.objects.filter(action="project.activated", target_id=str(project.pk)).count() == 1
