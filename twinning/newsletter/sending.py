"""Sending a newsletter in the background (a ``core.jobs`` job, progress on the job's page).

The job first writes one delivery per subscriber of the audience (in inserts of 500, skipping those already
written), then sends the queued deliveries in batches of 100, one mail-server connection per batch, marking
each delivery sent or failed with the server's error. Only queued deliveries are sent, so running it again
sends nothing twice. The newsletter is rendered once; each message differs only by its unsubscribe link.
"""

from __future__ import annotations

import html
import logging
from datetime import date
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from twinning.core import jobs
from twinning.core.mail import sender, subject_line
from twinning.core.richtext import show
from twinning.core.services import audit_record

from . import selectors, services
from .models import Delivery, DeliveryStatus, Newsletter, NewsletterStatus

log = logging.getLogger(__name__)

INSERT_BATCH = 500
SEND_BATCH = 100
PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL"


def site_url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, args=args)}"


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def render_parts(newsletter: Newsletter, *, test: bool = False) -> tuple[str, str, str]:
    """Subject, text and HTML of the newsletter, with a placeholder where each subscriber's unsubscribe
    link goes."""
    items = [
        {**item, "url": absolute(str(item.get("url", ""))), "day": _day(item.get("date"))}
        for item in (newsletter.items or [])
    ]
    context = {
        "newsletter": newsletter,
        "intro": show(newsletter.intro, embeds=False),
        "items": items,
        "unsubscribe_url": PLACEHOLDER,
        "manage_url": site_url("newsletter:manage", newsletter.language),
        "language": newsletter.language,
        "test": test,
    }
    with translation.override(newsletter.language):
        subject = subject_line(render_to_string("newsletter/email/newsletter_subject.txt", context))
        text = render_to_string("newsletter/email/newsletter_body.txt", context).strip() + "\n"
        body = render_to_string("newsletter/email/newsletter_body.html", {**context, "subject": subject})
    return subject, text, body


def unsubscribe_mailto() -> str:
    address = getattr(settings, "NEWSLETTER_UNSUBSCRIBE_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"mailto:{address}?subject=unsubscribe"


def build_message(
    newsletter: Newsletter, *, email: str, unsubscribe_url: str, test: bool = False, parts=None, connection=None
) -> EmailMultiAlternatives:
    subject, text, body = parts or render_parts(newsletter, test=test)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>, <{unsubscribe_mailto()}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMultiAlternatives(
        subject,
        text.replace(PLACEHOLDER, unsubscribe_url),
        sender(),
        [email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(body.replace(PLACEHOLDER, html.escape(unsubscribe_url)), "text/html")
    return message


def create_deliveries(newsletter: Newsletter) -> int:
    """One queued delivery per subscriber of the audience, inserted 500 at a time (existing ones kept)."""
    rows = selectors.audience_subscriptions(
        audience=newsletter.audience, language=newsletter.language, country_id=newsletter.country_id
    ).values_list("pk", "email")
    written = 0
    batch: list[Delivery] = []
    for pk, email in rows.iterator(chunk_size=2000):
        batch.append(Delivery(newsletter=newsletter, subscription_id=pk, email=email))
        if len(batch) >= INSERT_BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            written += len(batch)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
        written += len(batch)
    return written


def send_queued(newsletter: Newsletter, progress=None) -> dict[str, int]:
    """Send the newsletter's queued deliveries in batches; each one ends sent or failed (with the error)."""
    parts = render_parts(newsletter)
    done = Delivery.objects.filter(newsletter=newsletter).exclude(status=DeliveryStatus.QUEUED).count()
    sent = failed = 0
    last_id = 0
    while True:
        batch = list(
            Delivery.objects.filter(newsletter=newsletter, status=DeliveryStatus.QUEUED, id__gt=last_id)
            .select_related("subscription")
            .order_by("id")[:SEND_BATCH]
        )
        if not batch:
            break
        last_id = batch[-1].pk
        connection = get_connection()
        results: dict[str, list[int]] = {DeliveryStatus.SENT: []}
        errors: list[tuple[int, str]] = []
        skipped: list[int] = []
        try:
            connection.open()
            for delivery in batch:
                subscription = delivery.subscription
                if subscription is None or not delivery.email:
                    skipped.append(delivery.pk)
                    continue
                url = site_url("newsletter:unsubscribe", newsletter.language, services.unsubscribe_value(subscription))
                message = build_message(
                    newsletter, email=delivery.email, unsubscribe_url=url, parts=parts, connection=connection
                )
                try:
                    connection.send_messages([message])
                except Exception as exc:  # noqa: BLE001 - a refused message is recorded; the others go on
                    errors.append((delivery.pk, f"{type(exc).__name__}: {exc}"[:500]))
                else:
                    results[DeliveryStatus.SENT].append(delivery.pk)
        finally:
            try:
                connection.close()
            except Exception:
                log.warning("closing the mail connection failed", exc_info=True)
        now = timezone.now()
        Delivery.objects.filter(pk__in=results[DeliveryStatus.SENT]).update(status=DeliveryStatus.SENT, sent_at=now)
        Delivery.objects.filter(pk__in=skipped).update(status=DeliveryStatus.SKIPPED)
        for pk, error in errors:
            Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.FAILED, error=error)
        sent += len(results[DeliveryStatus.SENT])
        failed += len(errors)
        done += len(batch)
        if progress is not None:
            progress(done)
    return {"sent": sent, "failed": failed}


def deliver(newsletter: Newsletter, progress=None) -> dict[str, int]:
    """Write the deliveries (unless the newsletter is already sent) and send the queued ones."""
    if newsletter.status != NewsletterStatus.SENT:
        create_deliveries(newsletter)
    total = Delivery.objects.filter(newsletter=newsletter).count()
    if progress is not None:
        progress(0, total, force=True)
    counts = send_queued(newsletter, progress)
    if newsletter.status != NewsletterStatus.SENT:
        newsletter.status = NewsletterStatus.SENT
        newsletter.sent_at = timezone.now()
        newsletter.save(update_fields=["status", "sent_at"])
    return counts


def _run(job, progress):
    newsletter = Newsletter.objects.select_related("country").filter(pk=(job.params or {}).get("newsletter")).first()
    if newsletter is None:
        raise jobs.JobError(gettext_lazy("This newsletter no longer exists."))
    counts = deliver(newsletter, progress)
    audit_record(
        actor=job.owner, action="newsletter.sent", target=newsletter,
        country_code=getattr(newsletter.country, "code", ""), data=counts,
    )  # fmt: skip
    return {"newsletter": newsletter.pk, **counts}


def result_url(job) -> str:
    return reverse("newsletter:staff_newsletter", args=[(job.params or {}).get("newsletter")])


jobs.register_job(services.JOB_KIND, title=gettext_lazy("Sending a newsletter"), run=_run, result_url=result_url)
