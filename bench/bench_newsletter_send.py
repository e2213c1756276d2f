"""Sending a newsletter to every confirmed subscriber through the task queue (issue 13): the population's
50,000 subscriptions at ``--scale greece`` (``newsletter`` generator), a newsletter to "all subscribers" in
Greek started the way the staff page starts it (``newsletter.services.send``: a ``core.jobs`` job), and a real
worker (``manage.py worker``: RQ on Redis when REDIS_URL is set, else the database queue) writing one delivery
per subscriber and sending them in batches through Django's local-memory e-mail backend (every message is
built in full: both parts, the signed unsubscribe link and the List-Unsubscribe headers). Measured: deliveries
sent per second, from the start to the last one. Target: ≥ 500 per second. Everything it creates is deleted
afterwards (the newsletter and its deliveries, the job, the audit events).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = "newsletter_send"
TIMEOUT_SECONDS = 1200
ROOT = Path(__file__).resolve().parent.parent


def run(ctx) -> list[dict]:
    from django.db import transaction

    from twinning.core.models import AuditEvent, Job
    from twinning.newsletter import services
    from twinning.newsletter.models import AudienceKind, Delivery, DeliveryStatus, Newsletter
    from twinning.newsletter.selectors import audience_size

    if ctx.css is None:
        return [{"bench": BENCH, "metric": "error", "value": "no CSS staff: run the bench through bench/run.py"}]
    newsletter = Newsletter.objects.create(
        title="Bench: newsletter",
        language="el",
        intro="<p>Καλημέρα σας· τα νέα του μήνα.</p>",
        audience=AudienceKind.ALL,
        created_by=ctx.css,
        items=[
            {"title": f"Άρθρο {i}", "summary": "Μια σύντομη περίληψη του άρθρου.", "url": f"/el/magazine/a{i}/",
             "date": "2026-11-01", "kind": "article"}
            for i in range(6)
        ],
    )  # fmt: skip
    wanted = audience_size(newsletter)
    if wanted < 1000:
        newsletter.delete()
        return [{"bench": BENCH, "metric": "error", "value": f"only {wanted} subscribers: generate the population"}]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    worker = subprocess.Popen(  # noqa: S603 - this interpreter and this project's manage.py
        [sys.executable, str(ROOT / "manage.py"), "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    job_id = None
    try:
        time.sleep(3)  # the worker starts (Django set-up) before the clock does
        started = time.perf_counter()
        with transaction.atomic():
            job = services.send(by=ctx.css, newsletter=newsletter)
        job_id = job.pk
        sent = Delivery.objects.filter(newsletter=newsletter, status=DeliveryStatus.SENT)
        done = 0
        while time.perf_counter() - started < TIMEOUT_SECONDS:
            done = sent.count()
            if done >= wanted or worker.poll() is not None:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        line = {
            "bench": BENCH,
            "case": f"{wanted}_subscribers_1_worker",
            "metric": "per_second",
            "value": round(done / seconds, 1),
            "seconds": round(seconds, 1),
            "sent": done,
            "wanted": wanted,
            "target_per_second": 500,
        }
        if done < wanted:
            line["error"] = "not every delivery was sent (timeout or the worker stopped)"
        return [line]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        AuditEvent.objects.filter(target_type="newsletter.newsletter", target_id=str(newsletter.pk)).delete()
        Delivery.objects.filter(newsletter=newsletter).delete()
        newsletter.delete()
        if job_id is not None:
            Job.objects.filter(pk=job_id).delete()
