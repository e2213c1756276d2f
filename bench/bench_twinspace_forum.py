"""A TwinSpace's forum at greece scale (1.3 million posts): a discussion and a thread read by a member of
the project, and the teachers' bulletin."""


def run(ctx) -> list[dict]:
    from twinning.discussions.models import Forum, Thread
    from twinning.projects.models import MemberStatus, ProjectMember
    from twinning.twinspace.models import Workspace

    forum = (
        Forum.objects.filter(host="twinspace.forum")
        .order_by("pk")[Forum.objects.filter(host="twinspace.forum").count() // 2 :]
        .first()
    )
    if forum is None:
        return [{"bench": "twinspace_forum", "metric": "error", "value": "no workspace forum: generate the population"}]
    workspace = Workspace.objects.get(pk=forum.host_id)
    member = (
        ProjectMember.objects.filter(project_id=workspace.project_id, status=MemberStatus.ACTIVE)
        .select_related("user")
        .first()
    )
    thread = Thread.objects.filter(discussion__forum=forum).order_by("-post_count", "pk").first()
    bulletin = Forum.objects.filter(host="twinspace.bulletin", host_id=workspace.pk).first()
    lines = []
    lines += ctx.measure(
        "twinspace_forum", "discussion", f"/en/forums/discussions/{thread.discussion_id}/", user=member.user
    )
    lines += ctx.measure("twinspace_forum", "thread", f"/en/forums/threads/{thread.pk}/", user=member.user)
    lines += ctx.measure("twinspace_forum", "forum", f"/en/forums/{forum.pk}/", user=member.user)
    if bulletin is not None:
        lines += ctx.measure("twinspace_forum", "bulletin", f"/en/forums/{bulletin.pk}/", user=member.user)
    return lines
