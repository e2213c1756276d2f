"""Reads shared by every domain."""

from django.db.models import Q, QuerySet

from .counts import count_rows
from .models import AuditEvent, Notification


def audit_trail_for(target, *, limit: int = 100) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).order_by(
        "-at", "-id"
    )[:limit]


def notifications_for(user, *, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]


def notification_inbox(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A person's notices, newest first (paginated by the caller); the inbox index serves both orders."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_notification_count(user) -> int:
    """The header's badge on every signed-in page (one plain count on the inbox index: ``core.counts``)."""
    return count_rows(Notification, equal={"recipient": user}, null=("read_at",))


def audit_events(*, country_codes=None, action: str = "", q: str = "", since=None, until=None) -> QuerySet[AuditEvent]:
    """The audit log, newest first. ``country_codes`` None means every country; the other filters are
    optional (``q`` matches who acted or what was acted on, case-insensitively)."""
    qs = AuditEvent.objects.all()
    if country_codes is not None:
        qs = qs.filter(country_code__in=sorted(country_codes))
    if action:
        qs = qs.filter(action=action)
    if q:
        qs = qs.filter(Q(actor_label__icontains=q) | Q(target_label__icontains=q))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")
