"""A TwinSpace at greece scale (24,000 workspaces, 480,000 pages): its home, a page and the page editor
as a founder, the home and a page as a visitor."""


def run(ctx) -> list[dict]:
    from twinning.projects.models import MemberRole, MemberStatus, ProjectStatus
    from twinning.twinspace.models import Page, Workspace

    active = Workspace.objects.select_related("project").filter(project__status=ProjectStatus.ACTIVE).order_by("pk")
    workspace = active[active.count() // 2 :].first()
    if workspace is None:
        return [{"bench": "twinspace_page", "metric": "error", "value": "no workspace: generate the population"}]
    project = workspace.project
    founder = project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).select_related("user").first()
    page = Page.objects.filter(
        workspace=workspace, parent__isnull=False, published=True, parent__published=True
    ).first()
    home = f"/en/twinspace/{project.pk}/"
    lines = []
    lines += ctx.measure("twinspace_page", "founder_home", home, user=founder.user)
    lines += ctx.measure("twinspace_page", "visitor_home", home)
    if page is not None:
        url = f"/en/twinspace/{project.pk}/pages/{page.pk}/"
        lines += ctx.measure("twinspace_page", "founder_page", url, user=founder.user)
        lines += ctx.measure("twinspace_page", "visitor_page", url)
        lines += ctx.measure("twinspace_page", "founder_edit", f"{url}edit/", user=founder.user)
    return lines
