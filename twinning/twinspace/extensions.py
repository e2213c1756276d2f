"""The TwinSpace's entries in the registries: its forum and teachers' bulletin (discussion hosts), its files
(an attachment host with a quota rule), and its link on the project's page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import upload_check
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.rules import register_rule, rule
from twinning.discussions.hosts import Access, register_host
from twinning.projects.sections import register_project_section

from . import policies
from .models import Workspace

MB = 1024 * 1024


def _workspace(workspace_id: int):
    return Workspace.objects.select_related("project").filter(pk=workspace_id).first()


def _closed_reason(project) -> str:
    return "" if policies.writable(project) else _("The project is closed: its TwinSpace can be read but not changed.")


def forum_access(user, workspace_id: int) -> Access | None:
    """The project's forum: members and staff read; the matrix says who opens discussions, starts threads and
    replies; the founders moderate."""
    workspace = _workspace(workspace_id)
    if workspace is None:
        return None
    project = workspace.project
    role = policies.role_of(user, project)
    if not policies.may(role, "view", project):
        return None
    return Access(
        title=project.title,
        url=reverse("twinspace:home", args=[project.pk]),
        start_discussion=policies.may(role, "create_discussions", project),
        start_thread=policies.may(role, "create_threads", project),
        reply=policies.may(role, "reply", project),
        moderate=policies.may(role, "manage_members", project),
        read_only_reason=_closed_reason(project),
    )


def bulletin_access(user, workspace_id: int) -> Access | None:
    """The teachers' bulletin: teachers only (pupils never see it), staff read."""
    workspace = _workspace(workspace_id)
    if workspace is None:
        return None
    project = workspace.project
    role = policies.role_of(user, project)
    if not policies.may(role, "bulletin", project):
        return None
    teacher = role in policies.TEACHERS and policies.writable(project)
    return Access(
        title=project.title,
        url=reverse("twinspace:home", args=[project.pk]),
        start_discussion=teacher,
        start_thread=teacher,
        reply=teacher,
        moderate=policies.may(role, "manage_members", project),
        read_only_reason=_closed_reason(project),
        forum_name=_("Teachers' bulletin"),
    )


def workspace_files(user, workspace_id: int) -> FileAccess | None:
    """Files of the workspace: those who see it (a visitor too, for the images of public pages) read them;
    those who edit pages add them, within the project's quota."""
    workspace = _workspace(workspace_id)
    if workspace is None:
        return None
    project = workspace.project
    role = policies.role_of(user, project)
    if not (policies.may(role, "view", project) or (workspace.public and policies.is_open(project))):
        return None
    return FileAccess(
        read=True,
        upload=policies.may(role, "edit_pages", project),
        quota_bytes=rule("twinspace.quota_mb") * MB,
        allowed=upload_check.MATERIALS,
    )


def project_link(project, viewer) -> dict | None:
    if not policies.is_open(project):
        return None
    return {"project": project, "member": policies.may(policies.role_of(viewer, project), "view", project)}


register_host("twinspace.forum", gettext_lazy("TwinSpace forum"), forum_access)
register_host("twinspace.bulletin", gettext_lazy("teachers' bulletin"), bulletin_access)
register_attachment_host("twinspace.workspace", workspace_files)
register_project_section("twinspace", "twinspace/_project_link.html", project_link, position=10)
register_rule(
    "twinspace.quota_mb",
    gettext_lazy("Space for the files of one project's TwinSpace"),
    default=1000,
    minimum=10,
    maximum=100_000,
    unit=gettext_lazy("MB"),
)
