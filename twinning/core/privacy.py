"""Personal data across apps: each app registers what it exports and how it erases a person.

Apps register at import time (from their ``privacy`` module, imported in ``AppConfig.ready``):

    register_exporter("projects", lambda user: [...])   # JSON-able data about this person
    register_eraser("projects", erase_projects)          # removes or anonymises this person's data

The account app builds the download and the erasure through this registry, so a new app adds its part
without touching accounts. Erasers run inside the erasure transaction, before the account row itself is
anonymised (they still see the e-mail address and name). Core contributes its own parts below
(notifications and audit events); core never imports a domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from .models import AuditEvent, Notification

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

# name -> (position, function); a lower position comes first in the download.
_exporters: dict[str, tuple[int, Exporter]] = {}
_erasers: dict[str, tuple[int, Eraser]] = {}


def register_exporter(name: str, fn: Exporter, *, position: int = 100) -> Exporter:
    """Add (or replace) the part ``name`` of a person's data download."""
    _exporters[name] = (position, fn)
    return fn


def register_eraser(name: str, fn: Eraser, *, position: int = 100) -> Eraser:
    """Add (or replace) a step of a person's erasure; it must be safe to run twice."""
    _erasers[name] = (position, fn)
    return fn


def _ordered(registry: dict[str, tuple[int, Callable]]) -> list[tuple[str, Callable]]:
    return [(name, fn) for name, (_pos, fn) in sorted(registry.items(), key=lambda item: (item[1][0], item[0]))]


def exporter_names() -> list[str]:
    return [name for name, _fn in _ordered(_exporters)]


def eraser_names() -> list[str]:
    return [name for name, _fn in _ordered(_erasers)]


def export_person(user) -> dict[str, Any]:
    """Every registered part of this person's data, keyed by part name."""
    return {name: fn(user) for name, fn in _ordered(_exporters)}


def erase_person(user) -> list[str]:
    """Run every registered eraser (inside the caller's transaction); returns the steps run."""
    done = []
    for name, fn in _ordered(_erasers):
        fn(user)
        done.append(name)
    return done


# --- Core's own parts -------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_notifications(user) -> list[dict]:
    return [
        {
            "created_at": _iso(n.created_at),
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "read_at": _iso(n.read_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "id").iterator(chunk_size=500)
    ]


def export_audit_events(user) -> list[dict]:
    """Decisions this person took, and decisions taken about this person (the target is their account).

    Other people's names never leave in someone else's download: a staff member's export lists the
    decisions they took on "another person", a teacher's names no member of staff.
    """
    person_type = user._meta.label_lower
    about = Q(target_type=person_type, target_id=str(user.pk))
    rows = []
    for event in AuditEvent.objects.filter(Q(actor=user) | about).order_by("at", "id").iterator(chunk_size=500):
        is_actor = event.actor_id == user.pk
        is_target = event.target_type == person_type and event.target_id == str(user.pk)
        if is_actor:
            actor = "you"
        else:
            actor = "system" if event.actor_id is None else "another person"
        if is_target:
            target = "you"
        else:
            target = "another person" if event.target_type == person_type else event.target_label
        rows.append(
            {
                "at": _iso(event.at),
                "action": event.action,
                "you_are": "actor and target" if is_actor and is_target else ("actor" if is_actor else "target"),
                "actor": actor,
                "target_type": event.target_type,
                "target_id": event.target_id if (is_target or event.target_type != person_type) else None,
                "target": target,
                "country": event.country_code,
                "reason": event.reason,
                "data": event.data,
            }
        )
    return rows


def erase_notifications(user) -> None:
    Notification.objects.filter(recipient=user).delete()


def export_attachments(user) -> list[dict]:
    """The files the person added to a place (the files themselves belong to the place's work)."""
    from .models import Attachment

    return [
        {
            "name": a.name,
            "place": a.host,
            "place_id": a.host_id,
            "added_at": _iso(a.created_at),
            "bytes": a.size,
            "rights": a.rights,
            "description": a.description,
        }
        for a in Attachment.objects.filter(uploaded_by=user).order_by("created_at", "pk")
    ]


def erase_attachments(user) -> None:
    """The files stay with the work of the place (a group's page shows them); who added them is forgotten."""
    from .models import Attachment

    Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)


register_exporter("notifications", export_notifications, position=80)
register_exporter("audit_events", export_audit_events, position=90)
register_eraser("notifications", erase_notifications)
register_exporter("attachments", export_attachments, position=85)
register_eraser("attachments", erase_attachments)
# Audit events are never erased: they keep pointing at the (anonymised) account row.
