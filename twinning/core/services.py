"""Writes shared by every domain: audit events and notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from .models import AuditEvent, Notification


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    label = getattr(actor, "audit_label", None)
    return str(label() if callable(label) else (label or actor))


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    country_code: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Record one decision: who (actor), when (now), what (action on target), why (reason)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor)[:200],
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        country_code=country_code or "",
        reason=reason or "",
        data=data or {},
    )


def audit_record_many(
    *, actor: Any, action: str, targets: Iterable[models.Model], country_code_of, reason: str = "", data=None
) -> int:
    """Record the same decision on many targets in one insert (bulk validation)."""
    now = timezone.now()
    label = _actor_label(actor)[:200]
    events = [
        AuditEvent(
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            action=action,
            target_type=t._meta.label_lower,
            target_id=str(t.pk),
            target_label=str(t)[:300],
            country_code=country_code_of(t) or "",
            reason=reason or "",
            data=data or {},
        )
        for t in targets
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)


def notification_create(
    *, recipient: Any, kind: str, title: str, body: str = "", url: str = "", email_delivery: str = ""
) -> Notification:
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=str(title)[:200],
        body=str(body),
        url=url[:300],
        email_delivery=email_delivery,
    )


def notification_emailed(*, notification: Notification) -> None:
    """Record that the e-mail copy of a notice went out (tasks send it until this is set)."""
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())


def notifications_mark_read(*, recipient: Any, notification_id: int | None = None) -> int:
    """Mark this person's unread notices as read: every one, or only ``notification_id``."""
    qs = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def audit_relabel_person(*, person: models.Model, label: str) -> int:
    """Replace a person's name in the audit trail by ``label`` (erasure): ids and actions stay, the name goes.

    Labels are copies of the name taken at the time of each event; erasure must not leave them behind.
    """
    label = label[:200]
    as_actor = AuditEvent.objects.filter(actor_id=person.pk).exclude(actor_label=label).update(actor_label=label)
    as_target = (
        AuditEvent.objects.filter(target_type=person._meta.label_lower, target_id=str(person.pk))
        .exclude(target_label=label)
        .update(target_label=label)
    )
    return as_actor + as_target
