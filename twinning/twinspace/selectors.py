"""Reads in a TwinSpace: its pages as a tree (drafts only for those who may see them), its members."""

from __future__ import annotations

from dataclasses import dataclass, field

from twinning.discussions import selectors as discussion_selectors
from twinning.discussions.models import Forum
from twinning.projects.models import MemberStatus, ProjectMember

from .models import Page, Workspace


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
