"""The TwinSpace's pages: its home (pages, forum, bulletin, members), a page, writing and deleting pages,
and its settings. Every decision comes from ``policies`` (the matrix)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.core.richtext import enable_uploads, show
from twinning.discussions import selectors as discussion_selectors

from .. import feed as workspace_feed
from .. import forms, policies, selectors, services
from .. import materials as workspace_materials
from ..models import Page


def _open(request, project_id):
    """The project, its workspace and the viewer's role; 404 when the viewer may see neither."""
    project = policies.workspace_project_or_404(request.user, project_id)
    workspace = services.workspace_open(project)
    workspace.project = project
    if not policies.can_view(request.user, project, workspace):
        raise Http404
    return project, workspace, policies.role_of(request.user, project)


def _may(role, project) -> dict:
    return {action: policies.may(role, action, project) for action in policies.MATRIX}


@login_for_visitors
def home(request, project_id):
    project, workspace, role = _open(request, project_id)
    may = _may(role, project)
    forums = selectors.forums(workspace) if may["view"] else {}
    forum, bulletin = forums.get(services.FORUM), forums.get(services.BULLETIN)
    discussions = discussion_selectors.discussions_with_unread(request.user, forum, limit=10)
    context = {
        "project": project,
        "workspace": workspace,
        "about": show(workspace.about),
        "role": role,
        "may": may,
        "tree": selectors.page_tree(workspace, drafts=may["see_drafts"]),
        "forum": forum,
        "discussions": discussions,
        "bulletin": bulletin if may["bulletin"] else None,
        "members": selectors.members(project) if may["view"] else [],
        "pupils": _pupils_shown(request.user, workspace, role),
        "pupil_counts": _pupil_counts(workspace, role),
        "new": workspace_feed.whats_new(workspace, request.user, role) if may["view"] else None,
        "read_only": not policies.writable(project),
        "may_archive": policies.may_export_archive(role, project),
    }
    return render(request, "twinspace/home.html", context)


def _pupils_shown(user, workspace, role) -> list:
    """A pupil sees their own school's pupils by name (domain §6); teachers and staff see how many each
    school has here (the names are on the pupils' page)."""
    if role in (policies.Role.PUPIL, policies.Role.PUPIL_ADMIN):
        return selectors.pupils(workspace, school_ids=selectors.pupil_school_ids(user))
    return []


def _pupil_counts(workspace, role) -> list:
    return selectors.pupil_counts(workspace) if policies.may(role, "see_pupils", workspace.project) else []


def _page_or_404(workspace, page_id, tree) -> Page:
    """A page of the workspace that the reader's tree holds (no draft, nor anything under one, for those
    who may not see drafts: ``selectors.page_tree`` already left them out)."""
    if str(page_id) not in {str(node.page.pk) for node in tree}:
        raise Http404
    return get_or_404(Page.objects.filter(workspace=workspace).select_related("parent"), pk=page_id)


@login_for_visitors
def page_detail(request, project_id, page_id):
    project, workspace, role = _open(request, project_id)
    may = _may(role, project)
    tree = selectors.page_tree(workspace, drafts=may["see_drafts"])
    page = _page_or_404(workspace, page_id, tree)
    context = {
        "project": project,
        "workspace": workspace,
        "page": page,
        "body": show(page.body),
        "may": may,
        "tree": tree,
    }
    return render(request, "twinspace/page.html", context)


def _saved_message(page) -> str:
    """Saved; and when the page is public and its images show pupils, which ones (their parents agreed)."""
    shown = getattr(page, "pupils_shown", [])
    if not shown:
        return _("The page is saved.")
    return _("The page is saved and public. Its images show these pupils (their parents agreed to publication): "
             "%(names)s.") % {"names": ", ".join(workspace_materials.pupil_label(p) for p in shown)}  # fmt: skip


@login_for_visitors
def page_edit(request, project_id, page_id=None):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "edit_pages", project):
        raise PermissionDenied
    tree = selectors.page_tree(workspace, drafts=True)
    page = _page_or_404(workspace, page_id, tree) if page_id is not None else None
    initial = None
    if page is not None:
        initial = {"title": page.title, "body": page.body, "parent": page.parent_id, "published": page.published}
    form = forms.PageForm(request.POST or None, initial=initial, tree=tree, page=page)
    enable_uploads(form.fields["body"], reverse("uploads:upload", args=[services.FILES, workspace.pk]))

    def save(data):
        parent = None
        if data["parent"]:
            parent = Page.objects.filter(workspace=workspace, pk=data["parent"]).first()
            if parent is None:
                raise services.WorkspaceError(_("Choose a page of this TwinSpace."), field="parent")
        return services.page_save(
            actor=request.user,
            workspace=workspace,
            page=page,
            title=data["title"],
            body=data["body"],
            parent=parent,
            published=data["published"],
        )

    response = form_action(
        request,
        form,
        save,
        success=_saved_message,
        redirect_to=lambda saved: reverse("twinspace:page", args=[project.pk, saved.pk]),
    )
    context = {"project": project, "workspace": workspace, "page": page, "form": form}
    return response or render(request, "twinspace/page_form.html", context)


@login_for_visitors
@require_POST
def page_delete(request, project_id, page_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "edit_pages", project):
        raise PermissionDenied
    page = _page_or_404(workspace, page_id, selectors.page_tree(workspace, drafts=True))
    page.workspace = workspace
    return post_action(
        request,
        lambda: services.page_delete(actor=request.user, page=page),
        success=_("The page is deleted."),
        redirect_to=reverse("twinspace:home", args=[project.pk]),
    )


@login_for_visitors
def settings(request, project_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "manage_members", project):
        raise PermissionDenied
    everything = workspace_materials.materials(workspace, public_only=False)
    images = [m for m in everything if m.attachment_id and m.attachment.width]
    initial = {
        "about": workspace.about,
        "public": workspace.public,
        "public_materials": workspace.public_materials,
        "cover": workspace.cover_id,
    }
    form = forms.SettingsForm(request.POST or None, initial=initial, images=images)
    enable_uploads(form.fields["about"], reverse("uploads:upload", args=[services.FILES, workspace.pk]))

    def save(data):
        chosen = data.pop("cover")
        cover = next((m.attachment for m in images if m.attachment_id == chosen), None)
        return services.settings_save(actor=request.user, workspace=workspace, cover=cover, **data)

    response = form_action(
        request,
        form,
        save,
        success=_("The settings are saved."),
        redirect_to=reverse("twinspace:home", args=[project.pk]),
    )
    context = {"project": project, "workspace": workspace, "form": form}
    return response or render(request, "twinspace/settings.html", context)


@login_for_visitors
@require_POST
def moderate(request, project_id):
    """The staff concerned hide a workspace (with a reason) or show it again."""
    project, workspace, role = _open(request, project_id)
    if role != policies.Role.STAFF:
        raise PermissionDenied
    hide = request.POST.get("hide") == "yes"
    return post_action(
        request,
        lambda: services.workspace_moderate(
            actor=request.user, workspace=workspace, hide=hide, reason=request.POST.get("reason", "")
        ),
        success=_("The TwinSpace is hidden.") if hide else _("The TwinSpace is shown again."),
        redirect_to=reverse("twinspace:home", args=[project.pk]),
    )
