"""Who may do what in a group. A person's membership is read once per group and request; the staff of the
group's country (CSS staff for a European group) moderate every group they serve."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from twinning.accounts.policies import is_etwinner
from twinning.core.lookups import get_or_404
from twinning.staff.policies import can_act_for_country, is_css_staff, is_support_staff, nso_country_ids

from .models import Group, Joining, Membership, MembershipStatus, Role

_MEMO = "_groups_memberships"


def membership_of(user: Any, group: Group) -> Membership | None:
    """The person's membership row in ``group`` (any state), read once per request."""
    if not getattr(user, "is_authenticated", False):
        return None
    memo = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        setattr(user, _MEMO, memo)
    if group.pk not in memo:
        memo[group.pk] = Membership.objects.filter(group_id=group.pk, user_id=user.pk).first()
    return memo[group.pk]


def forget(user: Any) -> None:
    if hasattr(user, _MEMO):
        delattr(user, _MEMO)


def is_member(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def is_staff_for(user: Any, group: Group) -> bool:
    """NSO staff of a national group's country, CSS staff for every group."""
    return (
        getattr(user, "is_authenticated", False)
        and is_support_staff(user)
        and (can_act_for_country(user, group.country_id) if group.country_id else is_css_staff(user))
    )


def can_moderate(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    if membership is not None and membership.status == MembershipStatus.ACTIVE and membership.role == Role.MODERATOR:
        return True
    return is_staff_for(user, group)


def can_read(user: Any, group: Group) -> bool:
    """Pages, members and the forum: members, moderators and the staff who serve the group."""
    return is_member(user, group) or can_moderate(user, group)


def can_write(user: Any, group: Group) -> bool:
    return group.closed_at is None and is_member(user, group)


def join_answer(user: Any, group: Group) -> str:
    """What the join button does for this person: "join", "ask", "accept" (an invitation), or "" (none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or group.closed_at is not None:
        return ""
    membership = membership_of(user, group)
    if membership is not None:
        return "accept" if membership.status == MembershipStatus.INVITED else ""
    if group.joining == Joining.OPEN:
        return "join"
    if group.joining == Joining.ETWINNERS:
        return "join" if is_etwinner(user) else ""
    if group.joining == Joining.APPROVAL:
        return "ask"
    return ""


def can_create_group(user: Any) -> bool:
    return is_css_staff(user) or bool(nso_country_ids(user))


def creatable_country_ids(user: Any) -> set[int] | None:
    """The countries whose national groups the person may open (``None``: any, and European ones)."""
    return None if is_css_staff(user) else nso_country_ids(user)


def group_or_404(group_id: Any) -> Group:
    return get_or_404(Group.objects.select_related("country"), pk=group_id)


def readable_group_or_404(user: Any, group_id: Any) -> Group:
    group = group_or_404(group_id)
    if not can_read(user, group):
        raise Http404
    return group


def membership_in_group_or_404(group: Group, membership_id: Any) -> Membership:
    return get_or_404(Membership.objects.filter(group=group).select_related("user"), pk=membership_id)
