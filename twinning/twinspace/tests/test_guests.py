"""Guests of a TwinSpace: founders invite, list and revoke them; a guest reads only the parts chosen, through
a link that stops at its date or when revoked (404), never sees a pupil's name nor anyone's e-mail, and the
images of the pages they read come through their link."""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import Pupil
from twinning.accounts.tests.factories import UserFactory, log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core.models import Attachment, AuditEvent
from twinning.discussions import services as discussion_services
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.twinspace import feed, guests, selectors, services
from twinning.twinspace.models import GuestInvitation, Material, Page, PupilMembership, Update, UpdateComment

pytestmark = pytest.mark.django_db

PUPIL_FIRST, PUPIL_LAST = "Ariadni", "Kalogeropoulou"


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


def _page(world, title, *, published=True, body="<p>text</p>", parent=None):
    return services.page_save(
        actor=world["founder"], workspace=world["workspace"], page=None, title=title, body=body, parent=parent,
        published=published,
    )  # fmt: skip


def _invite(client, world, *, parts=("pages",), expires_on=None, email="parent@example.org"):
    """Invite through the founders' page; the token from the e-mail."""
    log_in(client, world["founder"])
    expires_on = expires_on or timezone.localdate() + datetime.timedelta(days=30)
    sent = len(mail.outbox)
    response = client.post(
        reverse("twinspace:guests", args=[world["project"].pk]),
        {"name": "Eleni (parent)", "email": email, "parts": list(parts), "expires_on": expires_on.isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == sent + 1
    client.logout()
    return re.search(r"/twinspace/guest/([A-Za-z0-9_-]+)/", mail.outbox[-1].body).group(1)


def _pupil_in(world, greece):
    school = school_of(world["founder"])
    user = UserFactory(email="u7x2@pupils.twinning.invalid", first_name=PUPIL_FIRST, last_name=PUPIL_LAST)
    pupil = Pupil.objects.create(user=user, school=school, number=7, nickname="Ari", under_consent_age=False)
    PupilMembership.objects.create(workspace=world["workspace"], pupil=pupil, added_by=world["founder"])
    return user


def test_a_founder_invites_a_guest_by_e_mail_and_only_the_hash_is_kept(client, world):
    token = _invite(client, world, parts=("pages", "forum"))
    invitation = GuestInvitation.objects.get()
    message = mail.outbox[-1]
    assert message.to == ["parent@example.org"] and world["project"].title in message.subject
    assert f"/en/twinspace/guest/{token}/" in message.body  # the inviting page's language
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(invitation.__dict__)
    assert invitation.parts == ["pages", "forum"] and invitation.invited_by == world["founder"]
    event = AuditEvent.objects.get(action="twinspace.guest_invited")
    assert event.target_id == str(invitation.pk) and event.actor == world["founder"]
    # The list shows the guest, and a Greek page sends a Greek invitation.
    log_in(client, world["founder"])
    page = client.get(reverse("twinspace:guests", args=[world["project"].pk])).content.decode()
    assert "Eleni (parent)" in page and "parent@example.org" in page
    client.post(
        f"/el/twinspace/{world['project'].pk}/guests/",
        {"name": "Kostas", "email": "k@example.org", "parts": ["pages"], "expires_on": invitation.expires_on},
    )
    assert "/el/twinspace/guest/" in mail.outbox[-1].body and "Kostas" in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["member", "visitor", "staff", "other_founder"])
def test_only_the_founders_invite_and_revoke(client, world, greece, italy, who):
    project = world["project"]
    invitation = GuestInvitation.objects.create(
        workspace=world["workspace"], name="G", email="g@example.org", parts=["pages"],
        expires_on=timezone.localdate(), token_hash="x" * 64,
    )  # fmt: skip
    if who == "other_founder":
        other, partner = etwinner(greece), etwinner(italy)
        make_contacts(other, partner)
        active_project(other, partner)
        person = other
    else:
        person = {"member": world["member"], "visitor": teacher(country=greece), "staff": nso_staff(greece)}[who]
    log_in(client, person)
    url = reverse("twinspace:guests", args=[project.pk])
    data = {"name": "N", "email": "n@example.org", "parts": ["pages"], "expires_on": timezone.localdate()}
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert client.post(reverse("twinspace:guest_revoke", args=[project.pk, invitation.pk])).status_code == 403
    assert GuestInvitation.objects.count() == 1 and not mail.outbox
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    # Where the workspace is not public, those who cannot see it get 404.
    world["workspace"].public = False
    world["workspace"].save(update_fields=["public"])
    expected = 403 if who in ("member", "staff") else 404
    assert client.get(url).status_code == expected


def test_a_founder_of_another_project_cannot_reach_these_guests_through_their_own(client, world, greece, italy):
    invitation = GuestInvitation.objects.create(
        workspace=world["workspace"], name="G", email="g@example.org", parts=["pages"],
        expires_on=timezone.localdate(), token_hash="y" * 64,
    )  # fmt: skip
    other, partner = etwinner(greece), etwinner(italy)
    make_contacts(other, partner)
    theirs = active_project(other, partner)
    log_in(client, other)
    assert client.post(reverse("twinspace:guest_revoke", args=[theirs.pk, invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "x@pupils.twinning.invalid"}, "email"),
        ({"parts": []}, "parts"),
        ({"parts": ["bulletin"]}, "parts"),
        ({"expires_on": "2001-01-01"}, "expires_on"),
        ({"expires_on": (datetime.date.today() + datetime.timedelta(days=800)).isoformat()}, "expires_on"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_input_invites_nobody(client, world, data, field):
    log_in(client, world["founder"])
    good = {"name": "Eleni", "email": "e@example.org", "parts": ["pages"], "expires_on": timezone.localdate()}
    response = client.post(reverse("twinspace:guests", args=[world["project"].pk]), {**good, **data})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not GuestInvitation.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(action="twinspace.guest_invited").exists()


def test_a_closed_project_takes_no_guests(client, world):
    project = world["project"]
    project.status = ProjectStatus.CLOSED
    project.save(update_fields=["status"])
    log_in(client, world["founder"])
    data = {"name": "N", "email": "n@example.org", "parts": ["pages"], "expires_on": timezone.localdate()}
    assert client.post(reverse("twinspace:guests", args=[project.pk]), data).status_code == 403
    assert not GuestInvitation.objects.exists()


def test_a_guest_sees_only_the_parts_chosen(client, world):
    river = _page(world, "Our rivers")
    draft_page = _page(world, "Plan (draft)", published=False)
    hidden_child = _page(world, "Under the draft", parent=draft_page)
    forum = selectors.forums(world["workspace"])[services.FORUM]
    bulletin = selectors.forums(world["workspace"])[services.BULLETIN]
    discussion = discussion_services.discussion_create(actor=world["member"], forum=forum, title="Our first ideas")
    thread = discussion_services.thread_create(
        actor=world["member"], discussion=discussion, title="Hi", body="<p>x</p>"
    )
    note = discussion_services.discussion_create(actor=world["founder"], forum=bulletin, title="Teachers only")
    token = _invite(client, world, parts=("pages",))
    home = client.get(reverse("twinspace:guest_home", args=[token]))
    text = home.content.decode()
    assert home.status_code == 200 and "Our rivers" in text
    assert "Plan (draft)" not in text and "Our first ideas" not in text and "Teachers only" not in text
    assert world["member"].email not in text and world["member"].last_name not in text  # no members' list
    assert client.get(reverse("twinspace:guest_page", args=[token, river.pk])).status_code == 200
    for page in (draft_page, hidden_child):
        assert client.get(reverse("twinspace:guest_page", args=[token, page.pk])).status_code == 404
    # The forum was not chosen: 404 on its discussions and threads; the bulletin is never a guest's.
    assert client.get(reverse("twinspace:guest_discussion", args=[token, discussion.pk])).status_code == 404
    assert client.get(reverse("twinspace:guest_thread", args=[token, thread.pk])).status_code == 404
    # With the forum only: the forum, never the bulletin, and no pages.
    token = _invite(client, world, parts=("forum",), email="colleague@example.org")
    text = client.get(reverse("twinspace:guest_home", args=[token])).content.decode()
    assert "Our first ideas" in text and "Our rivers" not in text and "Teachers only" not in text
    assert client.get(reverse("twinspace:guest_discussion", args=[token, discussion.pk])).status_code == 200
    assert client.get(reverse("twinspace:guest_thread", args=[token, thread.pk])).status_code == 200
    assert client.get(reverse("twinspace:guest_discussion", args=[token, note.pk])).status_code == 404
    assert client.get(reverse("twinspace:guest_page", args=[token, river.pk])).status_code == 404


def test_a_guest_never_sees_a_pupils_name(client, world, greece):
    pupil = _pupil_in(world, greece)
    forum = selectors.forums(world["workspace"])[services.FORUM]
    discussion = discussion_services.discussion_create(actor=world["member"], forum=forum, title="Our town")
    thread = discussion_services.thread_create(
        actor=world["member"], discussion=discussion, title="Photos", body="<p>Send yours</p>"
    )
    discussion_services.post_reply(actor=pupil, thread=thread, body="<p>Here is my street</p>")
    token = _invite(client, world, parts=("forum",))
    pages = [
        client.get(reverse("twinspace:guest_home", args=[token])),
        client.get(reverse("twinspace:guest_discussion", args=[token, discussion.pk])),
        client.get(reverse("twinspace:guest_thread", args=[token, thread.pk])),
    ]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert PUPIL_FIRST not in text and PUPIL_LAST not in text and "Ari" not in text.replace("Ariadni", "")
        assert pupil.email not in text and world["member"].email not in text
    thread_page = pages[2].content.decode()
    assert "Here is my street" in thread_page and "<strong>Pupil</strong>" in thread_page
    assert world["member"].get_full_name() in thread_page  # teachers are named
    assert "<small>Pupil</small>" in pages[1].content.decode()  # the thread's last author


def test_a_revoked_or_expired_or_unknown_link_gives_404(client, world):
    river = _page(world, "Our rivers")
    token = _invite(client, world)
    invitation = GuestInvitation.objects.get()
    home = reverse("twinspace:guest_home", args=[token])
    assert client.get(home).status_code == 200
    invitation.expires_on = timezone.localdate()  # the last day still works
    invitation.save(update_fields=["expires_on"])
    assert client.get(home).status_code == 200
    invitation.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    invitation.save(update_fields=["expires_on"])
    assert client.get(home).status_code == 404
    assert client.get(reverse("twinspace:guest_page", args=[token, river.pk])).status_code == 404
    invitation.expires_on = timezone.localdate() + datetime.timedelta(days=3)
    invitation.save(update_fields=["expires_on"])
    log_in(client, world["partner"])  # a co-founder revokes it
    client.post(reverse("twinspace:guest_revoke", args=[world["project"].pk, invitation.pk]))
    client.logout()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.revoked_by == world["partner"]
    assert AuditEvent.objects.filter(action="twinspace.guest_revoked", target_id=str(invitation.pk)).count() == 1
    assert client.get(home).status_code == 404
    assert client.get(reverse("twinspace:guest_page", args=[token, river.pk])).status_code == 404
    assert client.get(reverse("twinspace:guest_home", args=[token[:-1] + "A"])).status_code == 404
    assert client.get(reverse("twinspace:guest_home", args=["x" * 300])).status_code == 404
    with pytest.raises(services.WorkspaceError):  # once is enough
        services.guest_revoke(actor=world["founder"], invitation=invitation)


def test_guest_pages_are_not_indexed_and_send_no_referrer(client, world):
    river = _page(world, "Our rivers")
    token = _invite(client, world)
    for url in (reverse("twinspace:guest_home", args=[token]), reverse("twinspace:guest_page", args=[token, river.pk])):
        response = client.get(url)
        assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert GuestInvitation.objects.get().last_used_at is not None


def _attachment(workspace, name="photo.png"):
    attachment = Attachment(
        host=services.FILES, host_id=workspace.pk, name=name, kind="png", size=4, rights="own", uploaded_by=None
    )
    attachment.file.save(name, ContentFile(b"\x89PNG"), save=True)
    return attachment


def test_images_of_the_pages_a_guest_reads_come_through_the_link(client, world, greece, italy):
    workspace = world["workspace"]
    shown, unused = _attachment(workspace), _attachment(workspace, "secret.png")
    river = _page(world, "Our rivers", body=f'<p><img src="/files/{shown.pk}/photo.png" alt="Our river"></p>')
    other_founder, other_partner = etwinner(greece), etwinner(italy)
    make_contacts(other_founder, other_partner)
    elsewhere = _attachment(services.workspace_open(active_project(other_founder, other_partner)), "x.png")
    world["workspace"].public = False
    world["workspace"].save(update_fields=["public"])
    token = _invite(client, world)
    text = client.get(reverse("twinspace:guest_page", args=[token, river.pk])).content.decode()
    guest_src = reverse("twinspace:guest_file", args=[token, shown.pk]) + "photo.png"
    assert f'src="{guest_src}"' in text and f'src="/files/{shown.pk}/' not in text
    assert client.get(guest_src).status_code == 200
    assert client.get(f"/files/{shown.pk}/photo.png").status_code in (302, 404)  # the plain address: not for guests
    for other in (unused, elsewhere):  # not shown in a part the guest reads, or another workspace's
        assert client.get(reverse("twinspace:guest_file", args=[token, other.pk])).status_code == 404
    GuestInvitation.objects.update(revoked_at=timezone.now())
    assert client.get(guest_src).status_code == 404


def test_a_failed_e_mail_leaves_no_valid_link(world, monkeypatch):
    def refuse(**kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(services, "send_templated_mail", refuse)
    with pytest.raises(services.WorkspaceError):
        services.guest_invite(
            actor=world["founder"], workspace=world["workspace"], name="Eleni", email="e@example.org",
            parts=["pages"], expires_on=timezone.localdate(), language="en",
        )  # fmt: skip
    invitation = GuestInvitation.objects.get()
    assert invitation.revoked_at is not None and not guests.is_valid(invitation)


def test_a_guests_thread_keeps_a_fixed_number_of_queries(client, world, greece):
    pupil = _pupil_in(world, greece)
    forum = selectors.forums(world["workspace"])[services.FORUM]
    discussion = discussion_services.discussion_create(actor=world["member"], forum=forum, title="Our town")
    thread = discussion_services.thread_create(actor=world["member"], discussion=discussion, title="T", body="<p>a</p>")
    token = _invite(client, world, parts=("forum",))
    url = reverse("twinspace:guest_thread", args=[token, thread.pk])
    counts = []
    for n in (1, 8):
        for i in range(n):
            author = pupil if i % 2 else world["founder"]
            discussion_services.post_reply(actor=author, thread=thread, body=f"<p>{n}-{i}</p>")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_guests_list_keeps_a_fixed_number_of_queries(client, world):
    log_in(client, world["founder"])
    url = reverse("twinspace:guests", args=[world["project"].pk])
    counts = []
    for n in (1, 9):
        for i in range(n):
            GuestInvitation.objects.create(
                workspace=world["workspace"], name=f"G{n}-{i}", email=f"g{n}{i}@example.org", parts=["pages"],
                expires_on=timezone.localdate(), token_hash=f"{n}-{i}".ljust(64, "0"), invited_by=world["partner"],
            )  # fmt: skip
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- The "materials" and "updates" parts ----------------------------------------------------------------


def _material(world, title, *, pupils=(), public=False, name="photo.png"):
    attachment = _attachment(world["workspace"], name)
    material = Material.objects.create(
        workspace=world["workspace"], title=title, attachment=attachment, public=public, created_by=world["founder"]
    )
    material.pupils.set(pupils)
    return material


def _consenting_pupil(world):
    user = UserFactory(email="u8y3@pupils.twinning.invalid", first_name="Danae", last_name="Papadimitriou")
    pupil = Pupil.objects.create(
        user=user, school=school_of(world["founder"]), number=8, nickname="Dani", under_consent_age=False,
        publication_consent=True,
    )  # fmt: skip
    PupilMembership.objects.create(workspace=world["workspace"], pupil=pupil, added_by=world["founder"])
    return pupil


def test_a_guest_without_the_parts_gets_404_on_materials_updates_and_their_files(client, world):
    worksheet = _material(world, "Worksheet", name="sheet.png", public=True)
    feed.update_post(actor=world["founder"], workspace=world["workspace"], body="We planted trees")
    token = _invite(client, world, parts=("pages",))
    home = client.get(reverse("twinspace:guest_home", args=[token])).content.decode()
    assert "We planted trees" not in home and "guest-materials-heading" not in home
    assert client.get(reverse("twinspace:guest_materials", args=[token])).status_code == 404
    assert client.get(reverse("twinspace:guest_updates", args=[token])).status_code == 404
    assert client.get(reverse("twinspace:guest_file", args=[token, worksheet.attachment_id])).status_code == 404
    # With the materials only: the file opens, the feed stays closed.
    token = _invite(client, world, parts=("materials",), email="other@example.org")
    assert client.get(reverse("twinspace:guest_file", args=[token, worksheet.attachment_id])).status_code == 200
    assert client.get(reverse("twinspace:guest_updates", args=[token])).status_code == 404


def test_a_guest_never_sees_an_image_of_a_pupil_without_consent_nor_who_an_image_shows(client, world, greece):
    ari = _pupil_in(world, greece).pupil  # no consent to publication
    dani = _consenting_pupil(world)
    hidden = _material(world, "Ari at the river", pupils=[ari], name="ari.png")
    mixed = _material(world, "The whole class", pupils=[ari, dani], name="class.png", public=True)
    shown = _material(world, "Dani's drawing", pupils=[dani], name="drawing.png")
    worksheet = _material(world, "Worksheet", name="sheet.png")  # not public: a guest still sees it
    token = _invite(client, world, parts=("materials",))
    home = client.get(reverse("twinspace:guest_home", args=[token])).content.decode()
    assert "See the materials (2)" in home
    response = client.get(reverse("twinspace:guest_materials", args=[token]))
    text = response.content.decode()
    assert response.status_code == 200 and "Dani&#x27;s drawing" in text and "Worksheet" in text
    assert "Ari at the river" not in text and "The whole class" not in text
    for name in (PUPIL_FIRST, PUPIL_LAST, "Danae", "Papadimitriou", "Dani<", "Pupil 7", "Pupil 8", "consent"):
        assert name not in text
    for material in (shown, worksheet):
        url = reverse("twinspace:guest_file_named", args=[token, material.attachment_id, material.attachment.name])
        assert url in text and client.get(url).status_code == 200
    for material in (hidden, mixed):
        assert str(material.attachment_id) not in re.findall(r"/files/(\d+)/", text)
        for url in (
            reverse("twinspace:guest_file", args=[token, material.attachment_id]),
            reverse("twinspace:guest_file_named", args=[token, material.attachment_id, material.attachment.name]),
        ):
            assert client.get(url).status_code == 404
    # Once the parents agree, the image is there.
    Pupil.objects.filter(pk=ari.pk).update(publication_consent=True)
    assert "Ari at the river" in client.get(reverse("twinspace:guest_materials", args=[token])).content.decode()


def test_a_guest_reads_the_feed_never_the_walls_and_pupils_are_pupil(client, world, greece):
    pupil = _pupil_in(world, greece)
    workspace = world["workspace"]
    trees = feed.update_post(actor=world["founder"], workspace=workspace, body="We planted trees")
    feed.comment_post(actor=pupil, update=trees, body="I planted the oak")
    Update.objects.create(workspace=workspace, wall=pupil, author=pupil, body="My secret drawing")
    imported = Update.objects.create(
        workspace=workspace, author=world["founder"], author_name="Ariadni K.", body="From the old project"
    )
    UpdateComment.objects.create(update=imported, author=world["founder"], author_name="Ari", body="Old comment")
    token = _invite(client, world, parts=("updates",))
    home = client.get(reverse("twinspace:guest_home", args=[token])).content.decode()
    assert "Read the updates (2)" in home
    response = client.get(reverse("twinspace:guest_updates", args=[token]))
    text = response.content.decode()
    assert response.status_code == 200 and "We planted trees" in text and "From the old project" in text
    assert "My secret drawing" not in text
    assert "<strong>Pupil</strong>: I planted the oak" in text and world["founder"].get_full_name() in text
    assert "Ariadni K." not in text and "<strong>a member of the project</strong>: Old comment" in text
    assert PUPIL_FIRST not in text and PUPIL_LAST not in text and "Ari" not in text.replace("Ariadni", "")
    assert pupil.email not in text and world["founder"].email not in text
    assert "Like" not in text and "<form" not in text.split("<main", 1)[-1]  # read only
    assert client.get(reverse("twinspace:guest_materials", args=[token])).status_code == 404


def test_a_guests_feed_keeps_a_fixed_number_of_queries(client, world, greece):
    pupil = _pupil_in(world, greece)
    token = _invite(client, world, parts=("updates",))
    url = reverse("twinspace:guest_updates", args=[token])
    counts = []
    for n in (1, 6):
        for i in range(n):
            update = feed.update_post(actor=world["founder"], workspace=world["workspace"], body=f"{n}-{i}")
            feed.comment_post(actor=pupil, update=update, body="nice")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_guest_of_the_pages_never_gets_the_image_of_a_pupil_without_consent(client, world, greece):
    ari = _pupil_in(world, greece).pupil  # no consent to publication
    hidden = _material(world, "Ari at the river", pupils=[ari], name="ari.png")
    plain = _material(world, "A map", name="map.png")
    body = "".join(f'<p><img src="/files/{m.attachment_id}/{m.attachment.name}" alt="x"></p>' for m in (hidden, plain))
    Page.objects.create(workspace=world["workspace"], title="River day", body=body, published=True)
    token = _invite(client, world, parts=("pages",))
    assert client.get(reverse("twinspace:guest_file", args=[token, plain.attachment_id])).status_code == 200
    assert client.get(reverse("twinspace:guest_file", args=[token, hidden.attachment_id])).status_code == 404


def test_a_guest_link_gives_404_while_the_workspace_is_hidden_by_moderation(client, world):
    token = _invite(client, world, parts=("pages",))
    client.logout()
    assert client.get(reverse("twinspace:guest_home", args=[token])).status_code == 200
    world["workspace"].hidden_at = timezone.now()
    world["workspace"].save()
    assert client.get(reverse("twinspace:guest_home", args=[token])).status_code == 404
