"""Reads shared by every domain."""

from django.db.models import QuerySet

from .models import AuditEvent, Notification


def audit_trail_for(target, *, limit: int = 100) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).order_by(
        "-at", "-id"
    )[:limit]


def notifications_for(user, *, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]


def unread_notification_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
