"""Writes in a TwinSpace: opening it (its forum and teachers' bulletin with it), its pages and settings.
Each checks the matrix (``policies.may``) and runs in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import sanitize
from twinning.discussions import services as discussion_services
from twinning.projects.models import Project

from . import policies
from .models import TITLE_MAX, Page, Workspace

FORUM = "twinspace.forum"
BULLETIN = "twinspace.bulletin"
FILES = "twinspace.workspace"


class WorkspaceError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def workspace_open(project: Project) -> Workspace:
    """The project's workspace, opened the first time it is needed (an active, closed or archived project),
    with its forum and its teachers' bulletin."""
    existing = Workspace.objects.filter(project=project).first()
    if existing is not None:
        return existing
    if not policies.is_open(project):
        raise WorkspaceError(_("The TwinSpace opens when the project is approved."))
    try:
        with transaction.atomic():
            workspace = Workspace.objects.create(project=project)
            discussion_services.forum_create(host=FORUM, host_id=workspace.pk)
            discussion_services.forum_create(host=BULLETIN, host_id=workspace.pk)  # named by its host
    except IntegrityError:  # opened by another request meanwhile
        return Workspace.objects.get(project=project)
    return workspace


def _page_checks(actor: Any, workspace: Workspace) -> None:
    if not policies.may(policies.role_of(actor, workspace.project), "edit_pages", workspace.project):
        if not policies.writable(workspace.project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("You cannot change the pages of this TwinSpace."))


@transaction.atomic
def page_save(
    *, actor: Any, workspace: Workspace, page: Page | None, title: str, body: str, parent: Page | None, published: bool
) -> Page:
    _page_checks(actor, workspace)
    title = " ".join((title or "").split())
    if not title:
        raise WorkspaceError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise WorkspaceError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    if parent is not None:
        if parent.workspace_id != workspace.pk:
            raise WorkspaceError(_("Choose a page of this TwinSpace."), field="parent")
        ancestor: Page | None = parent
        while ancestor is not None:  # a page never goes under itself or one of its sub-pages
            if page is not None and ancestor.pk == page.pk:
                raise WorkspaceError(_("A page cannot go under itself or one of its sub-pages."), field="parent")
            ancestor = ancestor.parent
    if page is None:
        last = Page.objects.filter(workspace=workspace, parent=parent).aggregate(n=Max("position"))["n"]
        page = Page(workspace=workspace, created_by=actor, position=0 if last is None else last + 1)
    page.title, page.body, page.parent, page.published, page.updated_by = (
        title,
        sanitize(body),
        parent,
        bool(published),
        actor,
    )
    page.save()
    return page


@transaction.atomic
def page_delete(*, actor: Any, page: Page) -> None:
    """Delete a page with its sub-pages (those who edit pages)."""
    _page_checks(actor, page.workspace)
    page.delete()


@transaction.atomic
def settings_save(*, actor: Any, workspace: Workspace, about: str, public: bool) -> Workspace:
    project = workspace.project
    if not policies.may(policies.role_of(actor, project), "manage_members", project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the founders change the TwinSpace's settings."))
    workspace.about, workspace.public = sanitize(about), bool(public)
    workspace.save(update_fields=["about", "public"])
    return workspace
