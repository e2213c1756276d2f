"""Reads on groups: the directory (search and filters over the folded names, most members first), a
group's members, requests and invitations, and a person's groups."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from twinning.core.text import normalize_search

from .models import Group, GroupPage, Membership, MembershipStatus, Role


def directory(filters: dict | None = None) -> QuerySet[Group]:
    filters = filters or {}
    qs = Group.objects.filter(closed_at__isnull=True)
    q = normalize_search(filters.get("q") or "").strip()
    for word in q.split()[:6]:
        qs = qs.filter(search_text__contains=word)
    scope = filters.get("scope")
    if scope == "european":
        qs = qs.filter(country__isnull=True)
    elif filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("subject"):
        qs = qs.filter(subjects=filters["subject"])
    return (
        qs.select_related("country")
        .only("id", "name", "summary", "joining", "member_count", "last_activity_at", "country__id",
              "country__name_en", "country__name_el", "closed_at")
        .order_by("-member_count", "id")
    )  # fmt: skip


def subject_names(groups: list[Group]) -> dict[int, list[str]]:
    """The subjects of the listed groups in the page's language (one query)."""
    from django.utils.translation import get_language

    if not groups:
        return {}
    greek = (get_language() or "en").startswith("el")
    through = Group.subjects.through
    names: dict[int, list[str]] = {}
    for group_id, name_en, name_el in (
        through.objects.filter(group_id__in=[g.pk for g in groups])
        .order_by("subject__name_en")
        .values_list("group_id", "subject__name_en", "subject__name_el")
    ):
        names.setdefault(group_id, []).append(name_el if greek and name_el else name_en)
    return names


def my_groups(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.REQUESTED)
        .select_related("group")
        .order_by("group__name")[:200]
    )


def members(group: Group) -> QuerySet[Membership]:
    """Active members, moderators first (``paginate`` cuts a page)."""
    return (
        Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE)
        .select_related("user", "user__country")
        .only("id", "role", "status", "joined_at", "group_id", "user__id", "user__first_name", "user__last_name",
              "user__email", "user__country__id", "user__country__name_en", "user__country__name_el")
        .order_by("-role", "joined_at", "id")
    )  # fmt: skip


def waiting(group: Group, status: str) -> list[Membership]:
    return list(
        Membership.objects.filter(group=group, status=status).select_related("user").order_by("created_at", "id")[:200]
    )


def moderator_ids(group: Group) -> list[int]:
    return list(
        Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE, role=Role.MODERATOR).values_list(
            "user_id", flat=True
        )
    )


def pages_of(group: Group) -> list[GroupPage]:
    return list(GroupPage.objects.filter(group=group).only("id", "title", "position", "group_id"))
