"""Reads in a TwinSpace: its pages as a tree (drafts only for those who may see them), its members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from twinning.accounts.models import Pupil
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions.models import Discussion, Forum, Post
from twinning.projects.models import MemberStatus, ProjectMember

from . import meetings
from .models import (
    MEETING_DURATION_MAX,
    ArchiveJob,
    GuestInvitation,
    Meeting,
    Page,
    PupilMembership,
    VideoService,
    Workspace,
)


@dataclass
class Node:
    page: Page
    children: list[Node] = field(default_factory=list)
    depth: int = 0


def page_tree(workspace: Workspace, *, drafts: bool) -> list[Node]:
    """The pages in order, sub-pages under their parent (one query); a draft, and what is under it, only
    when ``drafts``."""
    pages = (
        Page.objects.filter(workspace=workspace)
        .only("id", "title", "parent_id", "position", "published", "workspace_id")
        .order_by("position", "pk")
    )
    if not drafts:
        pages = pages.filter(published=True)
    nodes = {p.pk: Node(p) for p in pages}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.page.parent_id) if node.page.parent_id else None
        if node.page.parent_id and parent is None:
            continue  # under a draft the viewer does not see
        (parent.children if parent else roots).append(node)

    def flatten(items: list[Node], depth: int, out: list[Node]) -> list[Node]:
        for item in items:
            item.depth = depth
            out.append(item)
            flatten(item.children, depth + 1, out)
        return out

    return flatten(roots, 0, [])


def members(project) -> list[ProjectMember]:
    return list(
        ProjectMember.objects.filter(project=project, status=MemberStatus.ACTIVE)
        .select_related("user", "school", "country")
        .only("id", "role", "user__id", "user__first_name", "user__last_name", "user__email", "school__id",
              "school__name", "country__id", "country__name_en", "country__name_el")
        .order_by("-role", "joined_at", "pk")
    )  # fmt: skip


def forums(workspace: Workspace) -> dict[str, Forum | None]:
    """The workspace's forum and teachers' bulletin (engine forums), by host kind."""
    return {
        kind: discussion_selectors.forum_of(kind, workspace.pk) for kind in ("twinspace.forum", "twinspace.bulletin")
    }


def pupils(workspace: Workspace, *, school_ids=None) -> list[PupilMembership]:
    """The workspace's pupils by school, team and number (one query); only ``school_ids``' when given."""
    qs = PupilMembership.objects.filter(workspace=workspace)
    if school_ids is not None:
        qs = qs.filter(pupil__school_id__in=school_ids)
    return list(
        qs.select_related("pupil__user", "pupil__school")
        .only("id", "role", "team", "pupil__number", "pupil__nickname", "pupil__under_consent_age",
              "pupil__consent_date", "pupil__publication_consent", "pupil__deactivated_at", "pupil__school__id",
              "pupil__school__name", "pupil__user__id", "pupil__user__username")
        .order_by("pupil__school__name", "team", "pupil__number")
    )  # fmt: skip


def teacher_school_ids(user, project) -> list[int]:
    return list(
        ProjectMember.objects.filter(project=project, user_id=user.pk, status=MemberStatus.ACTIVE)
        .filter(school_id__isnull=False)
        .values_list("school_id", flat=True)
    )


def pupil_school_ids(user) -> list[int]:
    return list(Pupil.objects.filter(user_id=user.pk).values_list("school_id", flat=True))


def pupil_workspaces(user) -> list[Workspace]:
    """A pupil's workspaces, newest project first (their home page)."""
    return list(
        Workspace.objects.filter(pupil_memberships__pupil_id=user.pk, hidden_at__isnull=True)
        .select_related("project")
        .only("id", "project__id", "project__title", "project__status")
        .order_by("-project__activated_at", "-pk")
    )


# --- Guests and meetings ----------------------------------------------------------------------------------


def guest_invitations(workspace: Workspace, *, limit: int = 200) -> list[GuestInvitation]:
    """The workspace's guests, the latest first, with who invited them (one query)."""
    return list(
        GuestInvitation.objects.filter(workspace=workspace)
        .select_related("invited_by")
        .only("id", "workspace_id", "name", "email", "parts", "expires_on", "created_at", "revoked_at",
              "last_used_at", "invited_by__id", "invited_by__first_name", "invited_by__last_name")
        .order_by("-created_at", "-pk")[:limit]
    )  # fmt: skip


def guest_pages(workspace: Workspace) -> list[Node]:
    """What a guest sees of the pages: the published ones whose every parent is published."""
    return page_tree(workspace, drafts=False)


def guest_page_shows_file(workspace: Workspace, attachment_id: int) -> bool:
    """Whether a page a guest may read shows this file (an image, a link to it)."""
    visible = [node.page.pk for node in guest_pages(workspace)]
    return Page.objects.filter(pk__in=visible, body__contains=f"/files/{attachment_id}/").exists()


def guest_forum(workspace: Workspace) -> Forum | None:
    """The workspace's forum (never the teachers' bulletin)."""
    return discussion_selectors.forum_of("twinspace.forum", workspace.pk)


def guest_discussions(workspace: Workspace) -> list[Discussion]:
    forum = guest_forum(workspace)
    return discussion_selectors.discussions_of(forum) if forum is not None else []


def guest_forum_shows_file(workspace: Workspace, attachment_id: int) -> bool:
    """Whether a post a guest may read (in the forum, neither hidden nor erased) shows this file."""
    forum = guest_forum(workspace)
    if forum is None:
        return False
    return Post.objects.filter(
        thread__discussion__forum=forum, hidden_at__isnull=True, erased=False,
        body__contains=f"/files/{attachment_id}/",
    ).exists()  # fmt: skip


def video_service_for(country_id: int | None) -> tuple[str, str]:
    """(name, address template) of the video service of a country: its NSO's choice, else the platform's,
    else Jitsi Meet (one query)."""
    rows = {
        row.country_id: row
        for row in VideoService.objects.filter(Q(country_id=country_id) | Q(country__isnull=True)).only(
            "country_id", "name", "url_template"
        )
    }
    row = rows.get(country_id) if country_id is not None else None
    row = row or rows.get(None)
    if row is None:
        return meetings.DEFAULT_SERVICE_NAME, meetings.DEFAULT_TEMPLATE
    return row.name, row.url_template


def meetings_of(workspace: Workspace, *, upcoming: bool, limit: int = 50) -> list[Meeting]:
    """The workspace's meetings still to come (cancelled ones too, to say so), soonest first; or those that
    are over, the latest first (one query)."""
    now = timezone.now()
    longest = timedelta(minutes=MEETING_DURATION_MAX)
    rows = Meeting.objects.filter(workspace=workspace)
    if upcoming:
        found = rows.filter(starts_at__gt=now - longest).order_by("starts_at", "pk")
        keep = [m for m in found[: limit * 2] if m.starts_at + timedelta(minutes=m.duration_minutes) > now]
        return keep[:limit]
    found = rows.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
    return [m for m in found[: limit * 2] if m.starts_at + timedelta(minutes=m.duration_minutes) <= now][:limit]


def meeting_teachers(project) -> list[Any]:
    """The project's active teachers who can be written to (a meeting's invitations and reminders)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            project_memberships__project=project,
            project_memberships__status=MemberStatus.ACTIVE,
            is_active=True,
            anonymised_at__isnull=True,
        )
        .select_related("country")
        .distinct()
        .order_by("pk")
    )


def archive_jobs(workspace: Workspace, *, limit: int = 20) -> list[ArchiveJob]:
    """The workspace's latest archive exports and imports, newest first (one query)."""
    return list(
        ArchiveJob.objects.filter(workspace=workspace)
        .select_related("requested_by")
        .only("id", "kind", "status", "done", "total", "message", "summary", "file", "size", "created_at",
              "finished_at", "workspace_id", "requested_by__id", "requested_by__first_name",
              "requested_by__last_name", "requested_by__email")
        .order_by("-created_at", "-pk")[:limit]
    )  # fmt: skip


def pupil_counts(workspace: Workspace) -> list[Any]:
    """How many pupils each school has in the workspace (the home's summary for teachers; one query)."""
    from django.db.models import Count

    return list(
        PupilMembership.objects.filter(workspace=workspace)
        .values("pupil__school__name")
        .annotate(n=Count("pk"))
        .order_by("pupil__school__name")
    )
