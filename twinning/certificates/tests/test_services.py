"""Issuing is idempotent (one row per source id, whatever runs twice or races), a killed worker's row is
completed by the next run, revoking is audited and told, erasure anonymises."""

import pytest
from django.db import IntegrityError

from twinning.certificates import services, tasks
from twinning.certificates.models import Certificate, normalise_code
from twinning.core.models import AuditEvent, Notification

from .conftest import FAKE

pytestmark = pytest.mark.django_db


def test_issue_freezes_what_it_states_and_stores_pdf_and_badge(issued, holder, greece):
    c = Certificate.objects.get()
    assert c == issued
    assert c.holder == holder and c.holder_name == "Μαρία Παπαδοπούλου" and c.holder_email == holder.email
    assert (c.title_el, c.title_en, c.hours, c.country) == (
        "Ψηφιακά εργαλεία στην τάξη", "Digital tools in class", 25, greece,
    )  # fmt: skip
    assert c.code.startswith("TW-") and normalise_code(c.code.lower()) == c.code
    assert c.completed_at is not None and c.badge.count(".") == 2
    assert c.pdf.storage.open(c.pdf.name).read(5) == b"%PDF-"
    holder.first_name = "Άννα"
    holder.save()
    c.refresh_from_db()
    assert c.holder_name == "Μαρία Παπαδοπούλου"  # frozen at issue
    event = AuditEvent.objects.get(action="certificates.issued")
    assert event.actor is None and event.target_id == str(c.pk) and event.country_code == "GR"
    notice = Notification.objects.get(recipient=holder, kind="certificates.issued")
    assert c.code in notice.url


def test_a_source_id_that_does_not_qualify_gets_nothing(fake_source):
    assert services.issue(source=FAKE, source_id=404) is None
    assert not Certificate.objects.exists()


def test_the_task_run_twice_issues_one_certificate(fake_source, holder, greece):
    fake_source.qualify(1, holder, greece)
    fake_source.qualify(2, holder, greece)
    tasks.issue_certificates.enqueue(source=FAKE, source_ids=[1, 2])
    tasks.issue_certificates.enqueue(source=FAKE, source_ids=[1, 2])
    assert Certificate.objects.count() == 2
    assert AuditEvent.objects.filter(action="certificates.issued").count() == 2
    assert Notification.objects.filter(kind="certificates.issued").count() == 2
    assert fake_source.calls == [[1, 2]]  # the second run found both certificates and asked no facts


def test_request_issue_waits_for_the_commit_and_sends_batches_of_100(
    fake_source, holder, greece, django_capture_on_commit_callbacks
):
    for i in range(1, 251):
        fake_source.qualify(i, holder, greece)
    with django_capture_on_commit_callbacks() as callbacks:
        services.request_issue(source=FAKE, source_ids=list(range(1, 251)) + [1, 2])
        assert not Certificate.objects.exists()
    assert len(callbacks) == 3
    callbacks[2]()  # the last batch: ids 201-250
    assert sorted(Certificate.objects.values_list("source_id", flat=True)) == list(range(201, 251))


def test_request_issue_from_an_unknown_source_fails_at_once():
    with pytest.raises(LookupError):
        services.request_issue(source="nobody.knows", source_ids=[1])


def test_a_race_between_two_workers_gives_one_row(fake_source, holder, greece):
    """The other worker issues the same id between our look-up and our insert: the unique constraint
    refuses our row and theirs is the certificate (one row, one audit event, one notice)."""
    fake_source.qualify(7, holder, greece)
    other: list[Certificate | None] = []
    fake_source.before = lambda: other.append(services.issue(source=FAKE, source_id=7))
    ours = services.issue(source=FAKE, source_id=7)
    assert ours is not None and other[0] is not None and ours.pk == other[0].pk
    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.filter(action="certificates.issued").count() == 1
    assert Notification.objects.filter(kind="certificates.issued").count() == 1


def test_the_database_refuses_a_second_row_for_one_source_id(issued):
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            code="TW-0000-0000", kind="course", source=FAKE, source_id=1, holder_name="x", title_el="x", title_en="x"
        )


def test_a_killed_worker_row_is_completed_by_the_next_run(fake_source, holder, greece, monkeypatch):
    fake_source.qualify(3, holder, greece)

    def die(**kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "complete_many", die)
    with pytest.raises(SystemExit):
        services.issue(source=FAKE, source_id=3)
    monkeypatch.undo()
    row = Certificate.objects.get()
    assert row.completed_at is None and not row.pdf and not row.badge
    again = services.issue(source=FAKE, source_id=3)
    assert again.pk == row.pk and Certificate.objects.count() == 1
    row.refresh_from_db()
    assert row.completed_at is not None and row.pdf and row.badge
    assert Notification.objects.filter(kind="certificates.issued").count() == 1


def test_the_daily_sweep_completes_pending_rows(fake_source, holder, greece, monkeypatch):
    fake_source.qualify(4, holder, greece)
    monkeypatch.setattr(services, "complete_many", lambda **kw: (_ for _ in ()).throw(SystemExit()))
    with pytest.raises(SystemExit):
        services.issue(source=FAKE, source_id=4)
    monkeypatch.undo()
    assert tasks.complete_pending.enqueue().return_value == 1
    row = Certificate.objects.get()
    assert row.completed_at is not None and row.pdf
    assert tasks.complete_pending.enqueue().return_value == 0


def test_completing_twice_keeps_the_first_files(issued):
    first_pdf, first_badge = issued.pdf.name, issued.badge
    issued.completed_at = None  # a second worker that read the row before the first one finished
    services.complete(certificate=issued)
    issued.refresh_from_db()
    assert (issued.pdf.name, issued.badge) == (first_pdf, first_badge)
    assert Notification.objects.filter(kind="certificates.issued").count() == 1


def test_revoke_is_audited_and_told(issued, greek_nso, holder):
    services.revoke(certificate=issued, by=greek_nso, reason="Completion recorded by mistake")
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revoked_by == greek_nso
    event = AuditEvent.objects.get(action="certificates.revoked")
    assert event.actor == greek_nso and event.reason == "Completion recorded by mistake"
    assert Notification.objects.filter(recipient=holder, kind="certificates.revoked").exists()
    with pytest.raises(services.AlreadyRevoked):
        services.revoke(certificate=issued, by=greek_nso, reason="again")


def test_revoke_needs_a_reason(issued, greek_nso):
    with pytest.raises(services.DomainError):
        services.revoke(certificate=issued, by=greek_nso, reason="   ")
    issued.refresh_from_db()
    assert issued.revoked_at is None and not AuditEvent.objects.filter(action="certificates.revoked").exists()


def test_codes_forgive_case_and_look_alike_letters():
    assert normalise_code(" tw-7k3m-q9xd ") == "TW-7K3M-Q9XD"
    assert normalise_code("TW7K3MQ9XD") == "TW-7K3M-Q9XD"
    assert normalise_code("tw-okim-q9xd") == "TW-0K1M-Q9XD"  # O→0, I→1 (not in Crockford's alphabet)
    assert normalise_code("moodle-abc123") == "MOODLE-ABC123"
    assert normalise_code("<script>") == "" and normalise_code("x" * 100) == "" and normalise_code("") == ""


def test_erasure_revokes_and_anonymises(issued, holder, django_capture_on_commit_callbacks):
    from twinning.certificates.privacy import erase_certificates
    from twinning.core.privacy import eraser_names, export_person

    exported = export_person(holder)["certificates"]
    assert [row["code"] for row in exported] == [issued.code] and exported[0]["open_badge"] == issued.badge
    assert "certificates" in eraser_names()
    storage, name = issued.pdf.storage, issued.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        erase_certificates(holder)
    issued.refresh_from_db()
    assert issued.holder is None and issued.holder_name == "—" and issued.holder_email == ""
    assert issued.revoked_at is not None and not issued.pdf and not issued.badge
    assert not storage.exists(name)
    assert Certificate.objects.count() == 1  # the row (and its code) stays, naming no one
