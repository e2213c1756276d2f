"""The TwinSpace's entries in the registries: its forum and teachers' bulletin (discussion hosts), its files
(an attachment host with a quota rule), and its link on the project's page."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import upload_check
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.pupils import register_pupil_area, register_pupil_home
from twinning.core.registries import (
    DAILY,
    IMMEDIATELY,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)
from twinning.core.rules import register_rule, rule
from twinning.core.scheduling import register_periodic
from twinning.discussions.hosts import Access, register_host
from twinning.projects.sections import register_project_section
from twinning.staff import policies as staff_policies

from . import feed, guests, materials, policies, selectors
from .meeting_tasks import send_meeting_reminders
from .models import Workspace
from .pupil_tasks import pupils_lifecycle_task

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
    if not policies.can_view(user, project, workspace):
        return None
    member = policies.may(role, "view", project)
    return FileAccess(
        read=True,
        upload=policies.may(role, "edit_pages", project),
        quota_bytes=rule("twinspace.quota_mb") * MB,
        allowed=upload_check.MATERIALS,
        # a visitor reads only what the public view shows, never by trying numbers
        visible=None if member else (lambda attachment: materials.publicly_visible(workspace, attachment)),
    )


def project_link(project, viewer) -> dict | None:
    if not policies.is_open(project):
        return None
    return {"project": project, "member": policies.may(policies.role_of(viewer, project), "view", project)}


register_host("twinspace.forum", gettext_lazy("TwinSpace forum"), forum_access, pupils=True)
register_host("twinspace.bulletin", gettext_lazy("teachers' bulletin"), bulletin_access)
register_attachment_host("twinspace.workspace", workspace_files, pupils=True)
register_project_section("twinspace", "twinspace/_project_link.html", project_link, position=10)
register_rule(
    "twinspace.quota_mb",
    gettext_lazy("Space for the files of one project's TwinSpace"),
    default=1000,
    minimum=10,
    maximum=100_000,
    unit=gettext_lazy("MB"),
)
register_rule(
    "twinspace.pupils_keep_months",
    gettext_lazy(
        "Months after the end of the school year before the accounts of pupils whose projects closed are erased"
    ),
    default=4,
    minimum=0,
    maximum=24,
    unit=gettext_lazy("months"),
    help_text=gettext_lazy("Long enough for the quality-label and prize rounds of that school year to close."),
    per_country=True,
)
register_audit_actions(
    {
        "twinspace.pupils_added": gettext_lazy("pupils added to a TwinSpace"),
        "twinspace.hidden": gettext_lazy("TwinSpace hidden by moderation"),
        "twinspace.shown": gettext_lazy("TwinSpace shown again after moderation"),
        "twinspace.pupil_changed": gettext_lazy("pupil's team or role changed"),
        "twinspace.pupil_removed": gettext_lazy("pupil removed from a TwinSpace"),
        "twinspace.archive_export_requested": gettext_lazy("TwinSpace archive asked for"),
        "twinspace.archive_imported": gettext_lazy("archive imported into a TwinSpace"),
    }
)
register_notification_kind(
    "twinspace.update", gettext_lazy("New updates in the TwinSpaces of your projects"), delivery=DAILY
)
register_notification_kind(
    "twinspace.moderation", gettext_lazy("A moderation decision about a TwinSpace you founded"), delivery=IMMEDIATELY
)
register_notification_kind(
    "twinspace.mention", gettext_lazy("Someone mentions you in a TwinSpace (@your name)"), delivery=IMMEDIATELY
)
register_notification_kind("twinspace.comment", gettext_lazy("Comments on your updates"), delivery=IMMEDIATELY)
register_pupil_area("twinspace")
register_pupil_area("discussions")
register_pupil_home("twinspace:mine")
register_periodic("twinspace.pupils_lifecycle", pupils_lifecycle_task, timedelta(days=1))

# Guests and meetings (docs/twinspace.md).
guests.register_guest_part(
    "pages",
    gettext_lazy("Published pages"),
    template="twinspace/guest/_pages.html",
    load=selectors.guest_pages,
    shows_file=selectors.guest_page_shows_file,
    position=10,
)
guests.register_guest_part(
    "forum",
    gettext_lazy("The forum (reading only; never the teachers' bulletin)"),
    template="twinspace/guest/_forum.html",
    load=selectors.guest_discussions,
    shows_file=selectors.guest_forum_shows_file,
    position=20,
)
guests.register_guest_part(
    "materials",
    gettext_lazy("Materials (never an image of a pupil whose parents have not agreed to publication)"),
    template="twinspace/guest/_materials.html",
    load=materials.guest_material_count,
    shows_file=materials.guest_shows_file,
    position=30,
)
guests.register_guest_part(
    "updates",
    gettext_lazy("The feed of updates (reading only; never the pupils' walls)"),
    template="twinspace/guest/_updates.html",
    load=feed.feed_count,
    position=40,
)
register_audit_actions(
    {
        "twinspace.guest_invited": gettext_lazy("guest invited to a TwinSpace"),
        "twinspace.guest_revoked": gettext_lazy("guest's link revoked"),
        "twinspace.meeting_scheduled": gettext_lazy("meeting scheduled"),
        "twinspace.meeting_changed": gettext_lazy("meeting changed"),
        "twinspace.meeting_cancelled": gettext_lazy("meeting cancelled"),
        "twinspace.video_service_set": gettext_lazy("video service for meetings set"),
        "twinspace.video_service_cleared": gettext_lazy("video service for meetings back to the default"),
    }
)
register_notification_kind("twinspace.meeting_reminder", gettext_lazy("A project meeting is about to start"))
register_nav(
    "twinspace.video_services",
    gettext_lazy("Video service for meetings"),
    "twinspace:video_services",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=97,
)
register_periodic("twinspace.meeting_reminders", send_meeting_reminders, timedelta(minutes=30))
