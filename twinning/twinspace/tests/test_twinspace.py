"""The TwinSpace: the matrix of domain §6 through the pages, the public view, drafts, closed projects
(read-only, public view kept), the forum and the teachers' bulletin through the discussion engine."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.discussions import services as discussion_services
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, draft, etwinner, school_of
from twinning.twinspace import policies, selectors, services
from twinning.twinspace.models import Page, Workspace
from twinning.twinspace.policies import MATRIX, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(greece, italy):
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    member = etwinner(greece)
    make_contacts(founder, member)
    project_services.member_invite(project=project, by=founder, user=member)
    project_services.invitation_answer(project=project, user=member, accept=True, school=school_of(member))
    workspace = services.workspace_open(project)
    return {"project": project, "founder": founder, "partner": partner, "member": member, "workspace": workspace}


# Domain §6, as the page shows it.
EXPECTED = {
    "view": {"teacher_admin", "teacher", "pupil_admin", "pupil", "staff"},
    "post_updates": {"teacher_admin", "teacher", "pupil_admin"},
    "edit_pages": {"teacher_admin", "teacher", "pupil_admin"},
    "see_drafts": {"teacher_admin", "teacher", "pupil_admin", "staff"},
    "create_discussions": {"teacher_admin", "teacher"},
    "create_threads": {"teacher_admin", "teacher", "pupil_admin"},
    "reply": {"teacher_admin", "teacher", "pupil_admin", "pupil"},
    "bulletin": {"teacher_admin", "teacher", "staff"},
    "manage_members": {"teacher_admin"},
    "see_pupils": {"teacher_admin", "teacher", "staff"},
    "comment": {"teacher_admin", "teacher", "pupil_admin", "pupil"},
    "pin": {"teacher_admin", "teacher"},
}


def test_the_matrix_is_domain_six():
    assert {action: {str(r) for r in roles} for action, roles in MATRIX.items()} == EXPECTED


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_every_role_and_action_in_an_active_and_a_closed_project(world, role, action):
    project = world["project"]
    assert policies.may(role, action, project) == (str(role) in EXPECTED[action])
    project.status = ProjectStatus.CLOSED
    read_only = action in ("view", "see_drafts", "bulletin", "see_pupils")
    assert policies.may(role, action, project) == (str(role) in EXPECTED[action] and read_only)


def test_roles_come_from_the_project(world, greece, italy):
    project = world["project"]
    assert policies.role_of(world["founder"], project) == Role.TEACHER_ADMIN
    assert policies.role_of(world["partner"], project) == Role.TEACHER_ADMIN  # a co-founder
    assert policies.role_of(world["member"], project) == Role.TEACHER
    assert policies.role_of(nso_staff(greece), project) == Role.STAFF
    assert policies.role_of(teacher(country=greece), project) == Role.VISITOR


def test_teachers_write_pages_visitors_see_only_published_public_ones(client, world, greece):
    project, workspace = world["project"], world["workspace"]
    log_in(client, world["member"])
    response = client.post(
        reverse("twinspace:page_new", args=[project.pk]),
        {"title": "Our rivers", "body": "<p>Map <script>x()</script></p>", "published": "on"},
    )
    river = Page.objects.get(title="Our rivers")
    assert response.status_code == 302 and river.body == "<p>Map </p>" and river.published
    client.post(reverse("twinspace:page_new", args=[project.pk]), {"title": "Plan (draft)", "body": "<p>ideas</p>"})
    client.post(
        reverse("twinspace:page_new", args=[project.pk]),
        {"title": "Week 1", "body": "<p>w1</p>", "parent": river.pk, "published": "on"},
    )
    draft_page = Page.objects.get(title="Plan (draft)")
    week = Page.objects.get(title="Week 1")
    assert week.parent == river
    home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert "Plan (draft)" in home and "bulletin" in home
    # A visitor (another teacher, logged in or not) sees the published pages only, no forum, no members.
    for visitor in (teacher(country=greece), None):
        client.logout()
        if visitor:
            log_in(client, visitor)
        home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
        assert "Our rivers" in home and "Week 1" in home and "Plan (draft)" not in home
        assert "bulletin" not in home.lower() and world["member"].last_name not in home
        hidden = client.get(reverse("twinspace:page", args=[project.pk, draft_page.pk])).status_code
        assert hidden == (404 if visitor else 302)  # logged out: asked to log in, whether or not it exists
        assert client.get(reverse("twinspace:page", args=[project.pk, week.pk])).status_code == 200
        response = client.post(reverse("twinspace:page_new", args=[project.pk]), {"title": "x"})
        assert response.status_code in (302, 403) and not Page.objects.filter(title="x").exists()
    # Settings: visitors no longer see anything once the founders close the public view.
    log_in(client, world["founder"])
    client.post(reverse("twinspace:settings", args=[project.pk]), {"about": "<p>About</p>"})
    workspace.refresh_from_db()
    assert not workspace.public
    client.logout()  # a visitor who is not logged in is asked to log in; a logged-in one gets 404
    assert client.get(reverse("twinspace:home", args=[project.pk])).status_code == 302


def test_only_founders_change_the_settings(client, world):
    log_in(client, world["member"])
    url = reverse("twinspace:settings", args=[world["project"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"about": "<p>x</p>", "public": "on"}).status_code == 403


def test_a_page_never_goes_under_itself(world):
    founder, workspace = world["founder"], world["workspace"]
    top = services.page_save(
        actor=founder, workspace=workspace, page=None, title="Top", body="", parent=None, published=True
    )
    child = services.page_save(
        actor=founder, workspace=workspace, page=None, title="Child", body="", parent=top, published=True
    )
    with pytest.raises(services.WorkspaceError):
        services.page_save(
            actor=founder, workspace=workspace, page=top, title="Top", body="", parent=child, published=True
        )
    tree = selectors.page_tree(workspace, drafts=True)
    assert [(n.page.title, n.depth) for n in tree] == [("Top", 0), ("Child", 1)]


def test_a_closed_project_keeps_its_twinspace_read_only(client, world):
    project, founder = world["project"], world["founder"]
    page = services.page_save(
        actor=founder,
        workspace=world["workspace"],
        page=None,
        title="Results",
        body="<p>r</p>",
        parent=None,
        published=True,
    )
    project.status = ProjectStatus.CLOSED
    project.save(update_fields=["status"])
    log_in(client, founder)
    home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert "can be read but not changed" in home and "Results" in home
    assert client.get(reverse("twinspace:page_edit", args=[project.pk, page.pk])).status_code == 403
    assert client.post(reverse("twinspace:page_delete", args=[project.pk, page.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("twinspace:page", args=[project.pk, page.pk])).status_code == 200  # public view kept


def test_no_twinspace_before_approval(client, world, greece):
    founder = world["founder"]
    other = etwinner(greece)
    make_contacts(founder, other)
    pending = draft(founder, other)
    log_in(client, founder)
    assert client.get(reverse("twinspace:home", args=[pending.pk])).status_code == 404
    assert not Workspace.objects.filter(project=pending).exists()


def test_the_forum_and_the_bulletin_through_the_engine(client, world, greece):
    project, workspace = world["project"], world["workspace"]
    forums = selectors.forums(workspace)
    forum, bulletin = forums[services.FORUM], forums[services.BULLETIN]
    discussion = discussion_services.discussion_create(actor=world["member"], forum=forum, title="Our first ideas")
    plan = discussion_services.discussion_create(actor=world["founder"], forum=bulletin, title="Planning")
    log_in(client, world["partner"])
    assert "Our first ideas" in client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert client.get(reverse("discussions:discussion", args=[plan.pk])).status_code == 200
    outsider = teacher(country=greece)
    log_in(client, outsider)
    assert client.get(reverse("discussions:discussion", args=[discussion.pk])).status_code == 404
    assert client.get(reverse("discussions:discussion", args=[plan.pk])).status_code == 404
    log_in(client, nso_staff(greece))  # staff read the bulletin, write nothing
    assert client.get(reverse("discussions:discussion", args=[plan.pk])).status_code == 200
    assert (
        client.post(reverse("discussions:discussion", args=[plan.pk]), {"title": "t", "body": "<p>b</p>"}).status_code
        == 403
    )


def test_the_project_page_links_to_its_twinspace(client, world, greece):
    project = world["project"]
    log_in(client, teacher(country=greece))
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("twinspace:home", args=[project.pk]) in page


def test_the_home_and_a_page_keep_a_fixed_number_of_queries(client, world):
    founder, workspace, project = world["founder"], world["workspace"], world["project"]
    log_in(client, founder)
    counts = []
    for n in (2, 12):
        for i in range(n):
            services.page_save(
                actor=founder,
                workspace=workspace,
                page=None,
                title=f"P{n}-{i}",
                body="<p>x</p>",
                parent=None,
                published=True,
            )
        page = Page.objects.filter(workspace=workspace).first()
        for url in (
            reverse("twinspace:home", args=[project.pk]),
            reverse("twinspace:page", args=[project.pk, page.pk]),
        ):
            client.get(url)
        with CaptureQueriesContext(connection) as home:
            client.get(reverse("twinspace:home", args=[project.pk]))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("twinspace:page", args=[project.pk, page.pk]))
        counts.append((len(home), len(one)))
    assert counts[0] == counts[1], counts


def test_pages_in_greek(client, world):
    log_in(client, world["founder"])
    page = client.get(f"/el/twinspace/{world['project'].pk}/").content.decode()
    assert "Σελίδες" in page and "Add a page" not in page
