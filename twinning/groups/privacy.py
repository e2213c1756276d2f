"""A person's groups in their data download; on erasure their memberships go (their forum posts are the
discussion engine's part)."""

from __future__ import annotations

from twinning.core import privacy as core_privacy

from .models import Group, Membership


def export_groups(user) -> list[dict]:
    return [
        {
            "group": m.group.name,
            "role": m.role,
            "status": m.status,
            "since": (m.joined_at or m.created_at).isoformat(),
        }
        for m in Membership.objects.filter(user=user).select_related("group").order_by("created_at")
    ]


def erase_groups(user) -> None:
    from django.db.models import F

    from .models import MembershipStatus

    Group.objects.filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE).update(
        member_count=F("member_count") - 1
    )
    Membership.objects.filter(user=user).delete()


core_privacy.register_exporter("groups", export_groups, position=86)
core_privacy.register_eraser("groups", erase_groups)
