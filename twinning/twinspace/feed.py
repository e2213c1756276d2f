"""The workspace's feed and the pupils' walls (domain §6): updates, likes, comments, pins, and what is new
since a member's last visit. Writes check the matrix (``policies``) and run in one transaction; reads keep
a fixed number of queries whatever the size of the feed."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.core.errors import NotAllowed
from twinning.core.paging import paginate
from twinning.discussions.models import Post
from twinning.projects.models import MemberStatus, ProjectMember

from . import policies
from .models import UPDATE_MAX, Page, Update, UpdateComment, UpdateLike, Visit, Workspace
from .services import WorkspaceError

PER_PAGE = 20
_AUTHOR = ("author__id", "author__first_name", "author__last_name", "author__email")


def _text(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise WorkspaceError(_("Write something first."), field=field)
    if len(body) > UPDATE_MAX:
        raise WorkspaceError(_("At most %(n)s characters.") % {"n": UPDATE_MAX}, field=field)
    return body


def _closed(project) -> None:
    if not policies.writable(project):
        raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))


@transaction.atomic
def update_post(*, actor: Any, workspace: Workspace, body: str, wall_user_id: int | None = None) -> Update:
    """An update in the feed (those the matrix lets post updates) or on the writer's own wall (a pupil)."""
    project = workspace.project
    role = policies.role_of(actor, project)
    _closed(project)
    if wall_user_id is None:
        if not policies.may(role, "post_updates", project):
            raise NotAllowed(_("You cannot post updates in this TwinSpace."))
    elif not policies.may_write_on_wall(actor, role, project, wall_user_id):
        raise NotAllowed(_("Only the pupil writes on their wall; the others comment."))
    update = Update.objects.create(workspace=workspace, wall_id=wall_user_id, author=actor, body=_text(body))
    url = place_of(project, update)
    mentioned = _notify_mentions(actor, project, update.body, url)
    if wall_user_id is None:
        teachers = ProjectMember.objects.filter(project=project, status=MemberStatus.ACTIVE).exclude(user_id=actor.pk)
        for member in teachers.exclude(user_id__in=mentioned).select_related("user"):
            notify(
                recipient=member.user,
                kind="twinspace.update",
                title=gettext_lazy("New update in the TwinSpace of “%(project)s”") % {"project": project.title},
                body=update.body[:200],
                url=url,
            )
    return update


def place_of(project, update: Update) -> str:
    """The address of an update: on its pupil's wall or in the feed, at the update."""
    if update.wall_id:
        return reverse("twinspace:wall", args=[project.pk, update.wall_id]) + f"#update-{update.pk}"
    return reverse("twinspace:feed", args=[project.pk]) + f"#update-{update.pk}"


def _notify_mentions(actor: Any, project, text: str, url: str) -> set[int]:
    """Tell the project's teachers named with an @ in ``text`` ("@Maria Papadopoulou"), at once; returns who
    was told. Pupils are not told (they have no notices outside the workspace) and mention no one by e-mail."""
    if "@" not in text:
        return set()
    folded = " ".join(text.split()).casefold()
    told: set[int] = set()
    teachers = ProjectMember.objects.filter(project=project, status=MemberStatus.ACTIVE).exclude(user_id=actor.pk)
    for member in teachers.select_related("user"):
        name = " ".join(member.user.get_full_name().split())
        if name and f"@{name.casefold()}" in folded:
            notify(
                recipient=member.user,
                kind="twinspace.mention",
                title=gettext_lazy("%(person)s mentioned you in the TwinSpace of “%(project)s”")
                % {"person": getattr(actor, "display_name", ""), "project": project.title},
                body=text[:200],
                url=url,
            )
            told.add(member.user_id)
    return told


def _member_or_refuse(actor: Any, update: Update, action: str) -> policies.Role:
    project = update.workspace.project
    role = policies.role_of(actor, project)
    _closed(project)
    if not policies.may(role, action, project):
        raise NotAllowed(_("You cannot do this in this TwinSpace."))
    return role


@transaction.atomic
def update_like(*, actor: Any, update: Update, like: bool) -> None:
    _member_or_refuse(actor, update, "comment")
    if like:
        try:
            with transaction.atomic():
                UpdateLike.objects.create(update=update, user=actor)
        except IntegrityError:
            return  # already liked
        Update.objects.filter(pk=update.pk).update(like_count=F("like_count") + 1)
    elif UpdateLike.objects.filter(update=update, user=actor).delete()[0]:
        Update.objects.filter(pk=update.pk).update(like_count=F("like_count") - 1)


@transaction.atomic
def comment_post(*, actor: Any, update: Update, body: str) -> UpdateComment:
    _member_or_refuse(actor, update, "comment")
    comment = UpdateComment.objects.create(update=update, author=actor, body=_text(body, "comment"))
    Update.objects.filter(pk=update.pk).update(comment_count=F("comment_count") + 1)
    project = update.workspace.project
    mentioned = _notify_mentions(actor, project, comment.body, place_of(project, update))
    if update.author_id and update.author_id != actor.pk and update.author_id not in mentioned:
        notify(
            recipient=update.author,
            kind="twinspace.comment",
            title=gettext_lazy("A comment on your update in “%(project)s”") % {"project": project.title},
            body=comment.body[:200],
            url=place_of(project, update),
        )
    return comment


@transaction.atomic
def update_pin(*, actor: Any, update: Update, pinned: bool) -> None:
    _member_or_refuse(actor, update, "pin")
    if update.wall_id is not None:
        raise WorkspaceError(_("Only updates of the feed are pinned."))
    update.pinned_at = timezone.now() if pinned else None
    update.save(update_fields=["pinned_at"])


@transaction.atomic
def update_remove(*, actor: Any, update: Update) -> None:
    project = update.workspace.project
    if not policies.may_remove(actor, policies.role_of(actor, project), project, update.author_id):
        raise NotAllowed(_("You cannot remove this."))
    update.delete()


@transaction.atomic
def comment_remove(*, actor: Any, comment: UpdateComment) -> None:
    project = comment.update.workspace.project
    if not policies.may_remove(actor, policies.role_of(actor, project), project, comment.author_id):
        raise NotAllowed(_("You cannot remove this."))
    comment.delete()
    Update.objects.filter(pk=comment.update_id).update(comment_count=F("comment_count") - 1)


# --- Reads -------------------------------------------------------------------------------------------------


def updates(workspace: Workspace, viewer: Any, query, *, wall_user_id: int | None = None):
    """A page of the feed (pinned first, then newest) or of a wall, with the viewer's likes and the comments
    (three queries whatever the page holds)."""
    qs = (
        Update.objects.filter(workspace=workspace, wall_id=wall_user_id)
        .select_related("author")
        .only(
            "id", "body", "author_name", "created_at", "pinned_at", "like_count", "comment_count", "wall_id",
            "workspace_id", *_AUTHOR,
        )
        .annotate(liked=Exists(UpdateLike.objects.filter(update=OuterRef("pk"), user_id=getattr(viewer, "pk", 0) or 0)))
    )  # fmt: skip
    order = (
        ("-created_at", "-pk") if wall_user_id is not None else (F("pinned_at").desc(nulls_last=True), "-created_at")
    )
    page = paginate(qs.order_by(*order), query, per_page=PER_PAGE)
    comments = (
        UpdateComment.objects.filter(update_id__in=[u.pk for u in page.items])
        .select_related("author")
        .only("id", "body", "author_name", "created_at", "update_id", *_AUTHOR)
        .order_by("created_at", "pk")
    )
    by_update: dict[int, list[UpdateComment]] = {}
    for comment in comments if page.items else ():
        by_update.setdefault(comment.update_id, []).append(comment)
    for update in page.items:
        update.comment_list = by_update.get(update.pk, [])
    return page


def update_or_404(workspace: Workspace, update_id: Any) -> Update:
    from twinning.core.lookups import get_or_404

    update = get_or_404(Update.objects.filter(workspace=workspace).select_related("author"), pk=update_id)
    update.workspace = workspace
    return update


def comment_or_404(workspace: Workspace, comment_id: Any) -> UpdateComment:
    from twinning.core.lookups import get_or_404

    comment = get_or_404(
        UpdateComment.objects.filter(update__workspace=workspace).select_related("update"), pk=comment_id
    )
    comment.update.workspace = workspace
    return comment


def whats_new(workspace: Workspace, user: Any, role: policies.Role) -> dict | None:
    """What came since the member's last visit (updates, pages, forum posts), then remember this visit.
    None on a first visit, or for a visitor."""
    if not getattr(user, "is_authenticated", False) or role == policies.Role.VISITOR:
        return None
    now = timezone.now()
    visit = Visit.objects.filter(workspace=workspace, user=user).only("id", "seen_at").first()
    if visit is None:
        Visit.objects.create(workspace=workspace, user=user, seen_at=now)
        return None
    since = visit.seen_at
    Visit.objects.filter(pk=visit.pk).update(seen_at=now)
    pages = Page.objects.filter(workspace=workspace, updated_at__gt=since)
    if not policies.may(role, "see_drafts", workspace.project):
        pages = pages.filter(published=True)
    hosts = ["twinspace.forum"] + (["twinspace.bulletin"] if policies.may(role, "bulletin", workspace.project) else [])
    posts = Post.objects.filter(
        thread__discussion__forum__host__in=hosts,
        thread__discussion__forum__host_id=workspace.pk,
        created_at__gt=since,
        hidden_at__isnull=True,
    ).exclude(author_id=user.pk)
    new = {
        "since": since,
        "updates": Update.objects.filter(workspace=workspace, created_at__gt=since).exclude(author_id=user.pk).count(),
        "pages": pages.exclude(updated_by_id=user.pk).count(),
        "posts": posts.count(),
    }
    return new if any(v for k, v in new.items() if k != "since") else {"since": since}


def feed_count(workspace: Workspace) -> int:
    """How many updates the workspace's feed holds (never the pupils' walls): a guest's "updates" part."""
    return Update.objects.filter(workspace=workspace, wall__isnull=True).count()
