"""The groups app's entries in the registries: the menu link, the forum host (who may do what in a
group's forum), notification kinds and the moderators' and staff's decisions in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import upload_check
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.registries import (
    DAILY,
    IMMEDIATELY,
    MAIN,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)
from twinning.discussions.hosts import Access, register_host

from . import policies
from .models import Group


def forum_access(user, group_id: int) -> Access | None:
    """Members read, start threads and reply; moderators (and the staff who serve the group) also open
    discussions and moderate. A closed group's forum stays readable."""
    group = Group.objects.filter(pk=group_id).only("id", "name", "country_id", "closed_at").first()
    if group is None or not policies.can_read(user, group):
        return None
    moderate = policies.can_moderate(user, group)
    write = policies.can_write(user, group) or (moderate and group.closed_at is None)
    return Access(
        title=group.name,
        url=reverse("groups:detail", args=[group.pk]),
        read=True,
        start_discussion=write and moderate,
        start_thread=write,
        reply=write,
        moderate=moderate,
        read_only_reason=_("The group is closed: it can be read but not written in.") if group.closed_at else "",
    )


def group_files(user, group_id: int) -> FileAccess | None:
    """A group's images (its pages): read by those who read the group, added by its moderators."""
    group = Group.objects.filter(pk=group_id).only("id", "country_id", "closed_at").first()
    if group is None or not policies.can_read(user, group):
        return None
    upload = group.closed_at is None and policies.can_moderate(user, group)
    return FileAccess(read=True, upload=upload, quota_bytes=GROUP_QUOTA_BYTES, allowed=upload_check.IMAGES)


GROUP_QUOTA_BYTES = 500 * 1024 * 1024

register_host("groups.group", gettext_lazy("group"), forum_access)
register_attachment_host("groups.group", group_files)
register_nav("groups.directory", gettext_lazy("Groups"), "groups:directory", section=MAIN, position=46)
register_notification_kind("groups.request", gettext_lazy("Someone asks to join a group you moderate"), delivery=DAILY)
register_notification_kind(
    "groups.answer", gettext_lazy("The answer to your request to join a group"), delivery=IMMEDIATELY
)
register_notification_kind("groups.invitation", gettext_lazy("An invitation to a group"), delivery=IMMEDIATELY)
register_audit_actions(
    {
        "groups.created": gettext_lazy("group opened"),
        "groups.closed": gettext_lazy("group closed"),
        "groups.reopened": gettext_lazy("group opened again"),
        "groups.request_accepted": gettext_lazy("request to join a group accepted"),
        "groups.request_refused": gettext_lazy("request to join a group refused"),
        "groups.invited": gettext_lazy("person invited to a group"),
        "groups.moderator_appointed": gettext_lazy("group moderator appointed"),
        "groups.moderator_removed": gettext_lazy("group moderator role removed"),
        "groups.member_removed": gettext_lazy("member removed from a group"),
    }
)
