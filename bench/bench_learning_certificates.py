"""Issuing a school year's course certificates through the task queue (issue 11): a course and cycle of the
bench's own with 25,500 completed enrolments of generated Greek eTwinners; their certificates are asked for
the way a completion asks (``certificates.services.request_issue``, tasks of 100), and real workers
(``manage.py worker``: RQ on Redis when REDIS_URL is set, else the database queue) render each PDF and sign each
Open Badge. Measured: certificates finished (PDF and badge stored) per second, from the request to the last
one. Target: ≥ 50 per second. ``CERTIFICATES_BENCH_FRACTION`` (0–1] scales the number down,
``CERTIFICATES_BENCH_WORKERS`` sets the workers (default: the machine's cores). Everything it creates is
deleted afterwards (certificates with their files, notices, audit events, the course).
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH = "learning_certificates"
PEOPLE = 25_500
TIMEOUT_SECONDS = 1800
ROOT = Path(__file__).resolve().parent.parent


def _workers(count: int) -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return [
        subprocess.Popen(  # noqa: S603 - this interpreter and this project's manage.py
            [sys.executable, str(ROOT / "manage.py"), "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


VERIFY_TOTAL = 100_000


def _verification(ctx, greece, sample) -> list[dict]:
    """The public verification page with at least 100,000 certificates stored (imported rows added to reach
    it, removed after): a certificate issued here, an imported old code, and an unknown code (its 404 page)."""
    from django.urls import reverse

    from twinning.certificates.models import Certificate, Kind

    missing = max(0, VERIFY_TOTAL - Certificate.objects.count())
    extra = [
        Certificate(
            code=f"BENCH-VERIFY-{i:06d}",
            kind=Kind.IMPORTED,
            imported=True,
            holder_name="Bench",
            holder_email=f"bench-verify-{i}@example.invalid",
            title_el="Bench",
            title_en="Bench",
            country=greece,
        )
        for i in range(missing)
    ]
    Certificate.objects.bulk_create(extra, batch_size=5000)
    try:
        lines = [{"bench": BENCH, "case": "verify", "metric": "certificates", "value": Certificate.objects.count()}]
        if sample is not None:
            lines += ctx.measure(BENCH, "verify_issued", reverse("certificates_public:verify", args=[sample.code]))
        old = Certificate.objects.filter(imported=True).order_by("-pk").first()
        if old is not None:
            lines += ctx.measure(BENCH, "verify_imported", reverse("certificates_public:verify", args=[old.code]))
        return lines
    finally:
        Certificate.objects.filter(code__startswith="BENCH-VERIFY-").delete()


def run(ctx) -> list[dict]:
    from django.db import transaction
    from django.utils import timezone

    from twinning.accounts.models import ValidationStatus
    from twinning.accounts.population import generated_users
    from twinning.certificates.models import Certificate
    from twinning.certificates.services import request_issue
    from twinning.core.models import AuditEvent, Notification
    from twinning.learning.models import Course, Enrolment, Status
    from twinning.reference.models import Country

    fraction = float(os.environ.get("CERTIFICATES_BENCH_FRACTION") or 1)
    wanted = max(1, round(PEOPLE * min(max(fraction, 0.0), 1.0)))
    worker_count = int(os.environ.get("CERTIFICATES_BENCH_WORKERS") or os.cpu_count() or 2)
    greece = Country.objects.filter(code="GR").first()
    if greece is None or ctx.nso is None:
        return [{"bench": BENCH, "metric": "error", "value": "no Greece or no NSO staff: generate the population"}]
    learner_ids = list(
        generated_users()
        .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:wanted]
    )
    if len(learner_ids) < wanted:
        return [{"bench": BENCH, "metric": "error", "value": f"only {len(learner_ids)} Greek eTwinners generated"}]
    now = timezone.now()
    course = Course.objects.create(
        title="Bench: certificates", country=greece, hours=200, created_by=ctx.nso, published=False
    )
    cycle = course.cycles.create(
        name="bench",
        starts_on=(now - timedelta(days=200)).date(),
        ends_on=(now - timedelta(days=1)).date(),
        enrolment_opens_at=now - timedelta(days=230),
        enrolment_closes_at=now - timedelta(days=201),
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(cycle=cycle, user_id=pk, status=Status.COMPLETED, enrolled_at=now, completed_at=now)
            for pk in learner_ids
        ],
        batch_size=2000,
    )
    enrolment_ids = list(Enrolment.objects.filter(cycle=cycle).values_list("pk", flat=True))
    # Polled every second, cheaply (the certificates written after this point, by their key): a 25,500-value
    # IN list, or a join with the enrolments, would take a good part of a core from the workers.
    before = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    issued = Certificate.objects.filter(pk__gt=before, source="learning.enrolment")
    workers = _workers(worker_count)
    try:
        time.sleep(3)  # the workers start (Django set-up) before the clock does
        started = time.perf_counter()
        with transaction.atomic():
            request_issue(source="learning.enrolment", source_ids=enrolment_ids)
        done = 0
        while time.perf_counter() - started < TIMEOUT_SECONDS:
            done = issued.filter(completed_at__isnull=False).count()
            if done >= wanted or any(w.poll() is not None for w in workers):
                break
            time.sleep(1)
        seconds = time.perf_counter() - started
        line = {
            "bench": BENCH,
            "case": f"{wanted}_certificates_{worker_count}_workers",
            "metric": "per_second",
            "value": round(done / seconds, 1),
            "seconds": round(seconds, 1),
            "finished": done,
            "wanted": wanted,
            "target_per_second": 50,
        }
        if done < wanted:
            line["error"] = "not all certificates were finished (timeout or a worker stopped)"
        sample = issued.exclude(pdf="").first()
        if sample is not None:
            line["pdf_bytes"] = sample.pdf.size
            line["badge_chars"] = len(sample.badge)
        return [line, *_verification(ctx, greece, sample)]
    finally:
        _stop(workers)
        certificates = list(
            Certificate.objects.filter(source="learning.enrolment", source_id__in=enrolment_ids).only("pk", "pdf")
        )
        for certificate in certificates:
            if certificate.pdf:
                certificate.pdf.delete(save=False)
        ids = [str(c.pk) for c in certificates]
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            AuditEvent.objects.filter(target_type="certificates.certificate", target_id__in=chunk).delete()
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()
        notices = Notification.objects.filter(recipient_id__in=learner_ids, created_at__gte=now)
        notices.filter(kind="certificates.issued").delete()
        course.delete()
