"""The matrix of domain §6 through the pages: every role × every action, in an active, a closed and an
archived project. Roles include a pupil of the other school in the same project, a pupil of another project
(trying URLs by id), a teacher removed from the project, an outside teacher and the NSO staff concerned.

An action is *allowed* when the page answers 200 (a form or a read) or a POST writes its row; *refused*
when it answers 403 or 404 (or sends a visitor to log in) and writes nothing."""

import pytest
from django.urls import reverse

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Discussion, Post, Thread
from twinning.projects import services as project_services
from twinning.projects.models import ProjectMember, ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.twinspace import selectors, services
from twinning.twinspace.models import Page, PupilMembership, Update

pytestmark = pytest.mark.django_db

ROLES = [
    "teacher_admin", "teacher", "pupil_admin", "pupil", "other_school_pupil", "other_project_pupil",
    "removed_teacher", "outside_teacher", "staff", "visitor",
]  # fmt: skip
MEMBERS = {"teacher_admin", "teacher", "pupil_admin", "pupil", "other_school_pupil"}
TEACHERS = {"teacher_admin", "teacher"}
# What each role may do, as domain §6 says (the pupil of the other school is a pupil of this project).
ALLOWED = {
    "view": MEMBERS | {"staff"},
    "post_updates": TEACHERS | {"pupil_admin"},
    "edit_pages": TEACHERS | {"pupil_admin"},
    "see_drafts": TEACHERS | {"pupil_admin", "staff"},
    "create_discussions": TEACHERS,
    "create_threads": TEACHERS | {"pupil_admin"},
    "reply": MEMBERS,
    "bulletin": TEACHERS | {"staff"},
    "manage_members": {"teacher_admin"},
}
READS = {"view", "see_drafts", "bulletin"}


@pytest.fixture
def world(greece, italy):
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    people = {"teacher_admin": founder}
    for key in ("teacher", "removed_teacher"):
        person = etwinner(greece)
        make_contacts(founder, person)
        project_services.member_invite(project=project, by=founder, user=person)
        project_services.invitation_answer(project=project, user=person, accept=True, school=school_of(person))
        people[key] = person
    removed = ProjectMember.objects.get(project=project, user=people["removed_teacher"])
    project_services.member_remove(project=project, by=founder, member=removed, reason="left the school")
    workspace = services.workspace_open(project)
    workspace.project = project

    def pupil(actor, space, role="pupil"):
        login = services.pupils_add(
            actor=actor, workspace=space, count=1, nicknames="", team="", under_consent_age=False
        )[0]
        PupilMembership.objects.filter(pupil=login.pupil).update(role=role)
        return login.pupil.user

    people["pupil_admin"] = pupil(founder, workspace, "pupil_admin")
    people["pupil"] = pupil(founder, workspace)
    people["other_school_pupil"] = pupil(partner, workspace)
    other_founder = etwinner(greece)
    make_contacts(other_founder, partner)
    other = services.workspace_open(active_project(other_founder, partner))
    people["other_project_pupil"] = pupil(other_founder, other)
    people["outside_teacher"] = teacher(country=greece)
    people["staff"] = nso_staff(greece)
    forums = selectors.forums(workspace)
    discussion = discussion_services.discussion_create(actor=founder, forum=forums[services.FORUM], title="Ideas")
    thread = discussion_services.thread_create(actor=founder, discussion=discussion, title="T", body="<p>b</p>")
    draft = Page.objects.create(workspace=workspace, title="Draft plan", published=False, created_by=founder)
    return {
        "project": project, "workspace": workspace, "people": people, "forum": forums[services.FORUM],
        "bulletin": forums[services.BULLETIN], "discussion": discussion, "thread": thread, "draft": draft,
    }  # fmt: skip


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "/login/" in response["Location"]


def _attempt(client, world, action) -> bool:
    """Try the action through its page; True when it happened."""
    pk = world["project"].pk
    if action == "view":
        response = client.get(reverse("twinspace:feed", args=[pk]))  # the members' part of the workspace
        return response.status_code == 200
    if action == "post_updates":
        before = Update.objects.count()
        client.post(reverse("twinspace:feed", args=[pk]), {"body": "news"})
        return Update.objects.count() == before + 1
    if action == "edit_pages":
        before = Page.objects.count()
        client.post(reverse("twinspace:page_new", args=[pk]), {"title": "New page", "body": "<p>x</p>"})
        return Page.objects.count() == before + 1
    if action == "see_drafts":
        return client.get(reverse("twinspace:page", args=[pk, world["draft"].pk])).status_code == 200
    if action == "create_discussions":
        before = Discussion.objects.count()
        client.post(reverse("discussions:forum", args=[world["forum"].pk]), {"title": "New discussion"})
        return Discussion.objects.count() == before + 1
    if action == "create_threads":
        before = Thread.objects.count()
        client.post(
            reverse("discussions:discussion", args=[world["discussion"].pk]), {"title": "New", "body": "<p>b</p>"}
        )
        return Thread.objects.count() == before + 1
    if action == "reply":
        before = Post.objects.count()
        client.post(reverse("discussions:thread", args=[world["thread"].pk]), {"body": "<p>reply</p>"})
        return Post.objects.count() == before + 1
    if action == "bulletin":
        return client.get(reverse("discussions:forum", args=[world["bulletin"].pk])).status_code == 200
    if action == "manage_members":
        before = PupilMembership.objects.count()
        client.post(reverse("twinspace:pupils", args=[pk]), {"count": 1, "team": "", "under_consent_age": ""})
        return PupilMembership.objects.count() == before + 1
    raise AssertionError(action)


@pytest.mark.parametrize("status", ["active", "closed", "archived"])
@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_action_through_the_pages(client, world, role, action, status):
    if status != "active":
        project = world["project"]
        project.status = ProjectStatus.CLOSED if status == "closed" else ProjectStatus.ARCHIVED
        project.save()
    person = world["people"].get(role)
    if person is not None:
        log_in(client, person)
    expected = role in ALLOWED[action] and (status == "active" or action in READS)
    assert _attempt(client, world, action) == expected, f"{role} {action} in a {status} project"


@pytest.mark.parametrize("role", ["other_project_pupil", "outside_teacher", "removed_teacher", "visitor"])
def test_those_outside_get_404_or_login_on_the_members_pages(client, world, role):
    person = world["people"].get(role)
    if person is not None:
        log_in(client, person)
    pk, pupil = world["project"].pk, world["people"]["pupil"]
    for url in (
        reverse("twinspace:feed", args=[pk]),
        reverse("twinspace:walls", args=[pk]),
        reverse("twinspace:wall", args=[pk, pupil.pk]),
        reverse("discussions:thread", args=[world["thread"].pk]),
        reverse("discussions:forum", args=[world["bulletin"].pk]),
    ):
        assert _refused(client.get(url)), (role, url)
