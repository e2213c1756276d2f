"""A TwinSpace's feed and pupils at greece scale (24,000 workspaces, some 600,000 pupils, 300,000 updates):
the feed, a pupil's wall, the walls' list, the materials and the founder's pupils page, and the workspace's
home as a pupil sees it (their own school's pupils only)."""


def run(ctx) -> list[dict]:
    from twinning.projects.models import MemberRole, MemberStatus, ProjectStatus
    from twinning.twinspace.models import PupilMembership, Update, Workspace

    active = Workspace.objects.filter(project__status=ProjectStatus.ACTIVE, pupil_memberships__isnull=False)
    workspace = active.order_by("pk").distinct()[active.values("pk").distinct().count() // 2 :].first()
    if workspace is None:
        return [{"bench": "twinspace_feed", "metric": "error", "value": "no workspace with pupils: generate"}]
    project = workspace.project
    founder = project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).select_related("user").first()
    membership = PupilMembership.objects.filter(workspace=workspace).select_related("pupil__user").first()
    wall = Update.objects.filter(workspace=workspace, wall__isnull=False).values_list("wall_id", flat=True).first()
    base = f"/en/twinspace/{project.pk}/"
    lines = []
    lines += ctx.measure("twinspace_feed", "feed", f"{base}feed/", user=founder.user)
    lines += ctx.measure("twinspace_feed", "walls", f"{base}walls/", user=founder.user)
    if wall is not None:
        lines += ctx.measure("twinspace_feed", "wall", f"{base}walls/{wall}/", user=founder.user)
    lines += ctx.measure("twinspace_feed", "materials", f"{base}materials/", user=founder.user)
    lines += ctx.measure("twinspace_feed", "pupils", f"{base}pupils/", user=founder.user)
    lines += ctx.measure("twinspace_feed", "pupil_home", base, user=membership.pupil.user)
    lines += ctx.measure("twinspace_feed", "pupil_feed", f"{base}feed/", user=membership.pupil.user)
    return lines
