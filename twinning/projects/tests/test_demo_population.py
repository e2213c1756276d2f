import io

import pytest
from django.core.management import call_command

from twinning.accounts.models import User
from twinning.core.models import AuditEvent
from twinning.projects.models import (
    ApprovalStatus,
    ExternalPartner,
    MemberRole,
    MemberStatus,
    Project,
    ProjectApproval,
    ProjectKit,
    ProjectMember,
    ProjectStatus,
)
from twinning.projects.population import generated_projects
from twinning.reference.models import Country

pytestmark = pytest.mark.django_db


def test_demo_has_projects_in_every_state_and_loads_twice_without_change(capsys, demo_upto):
    demo_upto("projects")
    call_command("load_demo")
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert set(
        Country.objects.filter(hosted_here=True, code__in=["GR", "IT", "CY"]).values_list("code", flat=True)
    ) == {
        "GR",
        "IT",
    }
    esep = ExternalPartner.objects.filter(country__code="CY", project__status=ProjectStatus.ACTIVE).get()
    assert list(esep.project.approvals.values_list("country__code", flat=True)) == ["GR"]
    assert ProjectApproval.objects.filter(status=ApprovalStatus.PENDING, country__code="IT").exists()
    assert ProjectKit.objects.filter(is_published=True).count() == 2
    counts = (Project.objects.count(), ProjectMember.objects.count(), AuditEvent.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (
        Project.objects.count(),
        ProjectMember.objects.count(),
        AuditEvent.objects.count(),
        User.objects.count(),
    ) == counts


def test_population_writes_consistent_projects_and_a_second_run_adds_nothing():
    call_command("generate_population", scale="tiny", seed=5, stdout=io.StringIO())
    projects = generated_projects()
    n = projects.count()
    assert n > 50
    assert projects.filter(status=ProjectStatus.ACTIVE).exists()
    # Every project has two founders; every active one has an approved approval per founder country.
    for project in projects.filter(status=ProjectStatus.ACTIVE)[:20]:
        founders = ProjectMember.objects.filter(project=project, role=MemberRole.FOUNDER)
        assert founders.count() == 2
        countries = set(founders.values_list("country_id", flat=True))
        assert set(project.approvals.values_list("country_id", flat=True)) == countries
        assert set(project.approvals.values_list("status", flat=True)) == {ApprovalStatus.APPROVED}
        assert project.search_text and project.title_key
    assert ProjectMember.objects.filter(status=MemberStatus.ACTIVE, school__isnull=True).count() == 0
    call_command("generate_population", scale="tiny", seed=6, stdout=io.StringIO())
    assert generated_projects().count() == n
