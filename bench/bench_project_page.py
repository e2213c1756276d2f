"""A project's public page (/en/projects/<id>/): to a visitor, to a founder, to the NSO."""

from twinning.projects.models import MemberRole, ProjectMember, ProjectStatus
from twinning.projects.population import generated_projects


def run(ctx) -> list[dict]:
    projects = generated_projects().filter(status=ProjectStatus.ACTIVE).order_by("pk")
    n = projects.count()
    if not n:
        return [{"bench": "project_page", "case": "none", "metric": "error", "value": "no active projects"}]
    project = projects[n // 2]
    busiest = (
        ProjectMember.objects.filter(project__in=projects[:2000])
        .values_list("project_id", flat=True)
        .order_by("-project_id")
        .first()
    )
    founder = ProjectMember.objects.filter(project=project, role=MemberRole.FOUNDER).select_related("user").first()
    lines = []
    path = f"/en/projects/{project.pk}/"
    lines += ctx.measure("project_page", "visitor", path)
    if founder is not None:
        lines += ctx.measure("project_page", "founder", path, user=founder.user)
    lines += ctx.measure("project_page", "nso_staff", path, user=ctx.nso)
    if busiest:
        lines += ctx.measure("project_page", "visitor_other", f"/en/projects/{busiest}/")
    return lines
