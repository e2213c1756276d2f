"""The feed of updates (post, like, comment, pin, remove), the pupils' walls and "what is new since my last
visit", through the pages, by role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core.models import Notification
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.twinspace import feed, services
from twinning.twinspace.models import Page, Update, UpdateComment, UpdateLike

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
    workspace.project = project
    logins = {}
    for who in ("founder", "partner"):
        made = services.pupils_add(
            actor=locals()[who], workspace=workspace, count=1, nicknames="", team="", under_consent_age=False
        )
        logins[who] = made[0]
    return {
        "project": project, "founder": founder, "partner": partner, "member": member, "workspace": workspace,
        "greek_pupil": logins["founder"], "italian_pupil": logins["partner"],
    }  # fmt: skip


def pupil_in(client, login):
    assert (
        client.post(reverse("pupils:login"), {"username": login.username, "password": login.password}).status_code
        == 302
    )


def test_teachers_post_members_like_and_comment_the_author_is_told(client, world):
    project = world["project"]
    log_in(client, world["member"])
    response = client.post(reverse("twinspace:feed", args=[project.pk]), {"body": "We planted trees <b>today</b>"})
    assert response.status_code == 302
    update = Update.objects.get()
    assert update.wall_id is None and update.author == world["member"]
    assert Notification.objects.filter(recipient=world["founder"], kind="twinspace.update").exists()
    page = client.get(reverse("twinspace:feed", args=[project.pk])).content.decode()
    assert "We planted trees &lt;b&gt;today&lt;/b&gt;" in page  # plain text, shown inert
    client.logout()
    pupil_in(client, world["greek_pupil"])
    like = reverse("twinspace:update", args=[project.pk, update.pk, "like"])
    client.post(like)
    client.post(like)  # twice counts once
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "comment"]), {"comment": "Bravo!"})
    update.refresh_from_db()
    assert update.like_count == 1 == UpdateLike.objects.count() and update.comment_count == 1
    assert Notification.objects.filter(recipient=world["member"], kind="twinspace.comment").exists()
    # a pupil does not post updates, nor pin
    assert client.post(reverse("twinspace:feed", args=[project.pk]), {"body": "x"}).status_code == 403
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "pin"]))
    update.refresh_from_db()
    assert update.pinned_at is None and Update.objects.count() == 1


def test_pinned_updates_come_first_and_teachers_remove_what_others_wrote(client, world):
    project, workspace = world["project"], world["workspace"]
    first = feed.update_post(actor=world["founder"], workspace=workspace, body="first")
    feed.update_post(actor=world["member"], workspace=workspace, body="second")
    log_in(client, world["member"])
    client.post(reverse("twinspace:update", args=[project.pk, first.pk, "pin"]))
    page = client.get(reverse("twinspace:feed", args=[project.pk])).content.decode()
    assert page.index(">first<") < page.index(">second<")
    comment = feed.comment_post(actor=world["partner"], update=first, body="hello")
    client.post(reverse("twinspace:comment_remove", args=[project.pk, comment.pk]))
    client.post(reverse("twinspace:update", args=[project.pk, first.pk, "remove"]))
    assert not UpdateComment.objects.exists() and list(Update.objects.values_list("body", flat=True)) == ["second"]


def test_bad_input_and_outsiders_change_nothing(client, world, greece):
    project, workspace = world["project"], world["workspace"]
    update = feed.update_post(actor=world["founder"], workspace=workspace, body="hi")
    log_in(client, world["member"])
    assert client.post(reverse("twinspace:feed", args=[project.pk]), {"body": "   "}).status_code == 200
    assert client.post(reverse("twinspace:feed", args=[project.pk]), {"body": "x" * 2001}).status_code == 200
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "comment"]), {"comment": ""})
    assert client.post(reverse("twinspace:update", args=[project.pk, update.pk, "dance"])).status_code == 404
    log_in(client, teacher(country=greece))  # not a member: the feed is members-only
    assert client.get(reverse("twinspace:feed", args=[project.pk])).status_code == 404
    assert client.post(reverse("twinspace:update", args=[project.pk, update.pk, "like"])).status_code == 404
    log_in(client, nso_staff(greece))  # staff read, write nothing
    assert client.get(reverse("twinspace:feed", args=[project.pk])).status_code == 200
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "like"]))
    assert Update.objects.count() == 1 and not UpdateComment.objects.exists() and not UpdateLike.objects.exists()


def test_a_closed_project_keeps_its_feed_readable_and_takes_no_writes(client, world):
    project, workspace = world["project"], world["workspace"]
    update = feed.update_post(actor=world["founder"], workspace=workspace, body="hi")
    project.status = ProjectStatus.CLOSED
    project.save()
    log_in(client, world["founder"])
    assert client.get(reverse("twinspace:feed", args=[project.pk])).status_code == 200
    assert client.post(reverse("twinspace:feed", args=[project.pk]), {"body": "more"}).status_code == 403
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "comment"]), {"comment": "late"})
    assert Update.objects.count() == 1 and not UpdateComment.objects.exists()


def test_pupils_write_on_their_own_wall_only_and_see_their_schools_walls(client, world):
    project = world["project"]
    greek, italian = world["greek_pupil"].pupil, world["italian_pupil"].pupil
    pupil_in(client, world["greek_pupil"])
    assert (
        client.post(reverse("twinspace:wall", args=[project.pk, greek.pk]), {"body": "My drawing"}).status_code == 302
    )
    walls = client.get(reverse("twinspace:walls", args=[project.pk])).content.decode()
    assert reverse("twinspace:wall", args=[project.pk, italian.pk]) not in walls
    assert client.get(reverse("twinspace:wall", args=[project.pk, italian.pk])).status_code == 404
    client.logout()
    log_in(client, world["partner"])  # a teacher reads every wall and comments, but does not write on it
    assert client.post(reverse("twinspace:wall", args=[project.pk, greek.pk]), {"body": "hi"}).status_code == 403
    update = Update.objects.get(wall=greek.user)
    client.post(reverse("twinspace:update", args=[project.pk, update.pk, "comment"]), {"comment": "Lovely"})
    assert UpdateComment.objects.filter(update=update).exists()
    client.logout()
    pupil_in(client, world["italian_pupil"])  # an Italian pupil cannot reach the Greek pupil's wall by id
    assert client.post(reverse("twinspace:update", args=[project.pk, update.pk, "like"])).status_code == 404


def test_what_is_new_since_my_last_visit(client, world):
    project, workspace = world["project"], world["workspace"]
    log_in(client, world["member"])
    first = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert "since your last visit" not in first
    feed.update_post(actor=world["founder"], workspace=workspace, body="news")
    Page.objects.create(workspace=workspace, title="Draft plan", published=False, created_by=world["founder"])
    page = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert "New since your last visit" in page and "1 update" in page and "1 page changed" in page
    assert (
        "Nothing new since your last visit" in client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    )


def test_the_feed_keeps_a_fixed_number_of_queries(client, world):
    project, workspace = world["project"], world["workspace"]
    log_in(client, world["member"])
    client.get(reverse("twinspace:feed", args=[project.pk]))  # the first request of a session writes more
    counts = []
    for n in (1, 15):
        for i in range(n):
            update = feed.update_post(actor=world["founder"], workspace=workspace, body=f"u{i}")
            feed.comment_post(actor=world["partner"], update=update, body="c")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("twinspace:feed", args=[project.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_mentioned_teacher_is_told_once_and_others_as_usual(world):
    workspace, member, founder = world["workspace"], world["member"], world["founder"]
    name = member.get_full_name()
    feed.update_post(actor=founder, workspace=workspace, body=f"Thanks  @{name.upper()}  for the photos!")
    mentions = Notification.objects.filter(kind="twinspace.mention")
    assert list(mentions.values_list("recipient_id", flat=True)) == [member.pk]
    assert not Notification.objects.filter(recipient=member, kind="twinspace.update").exists()  # told once
    assert Notification.objects.filter(recipient=world["partner"], kind="twinspace.update").exists()
    update = Update.objects.get()
    feed.comment_post(actor=world["partner"], update=update, body="@nobody here, and an e-mail: a@b.gr")
    assert mentions.count() == 1
