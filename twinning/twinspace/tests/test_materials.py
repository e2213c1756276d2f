"""Materials: files, images in albums, embeds from allowed sites; pupils tagged in images and the parents'
consent to publication (an image of a pupil without it is never public, and a page showing it cannot be
published in a public workspace); what a visitor may read; moderation hiding a workspace."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from twinning.accounts.models import Pupil
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core import embeds
from twinning.core.models import Attachment, AuditEvent
from twinning.core.tests.test_embeds import known_sites
from twinning.projects.tests.factories import active_project, etwinner
from twinning.twinspace import materials, services
from twinning.twinspace.models import Album, Material, Page, PupilMembership

pytestmark = pytest.mark.django_db


def png(name="class.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(greece, italy):
    known_sites()
    embeds.forget()
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    workspace = services.workspace_open(project)
    workspace.project = project
    logins = services.pupils_add(
        actor=founder, workspace=workspace, count=2, nicknames="Άννα\nΝίκος", team="", under_consent_age=False
    )
    anna, nikos = (login.pupil for login in logins)
    anna.publication_consent = True
    anna.save()
    return {"project": project, "workspace": workspace, "founder": founder, "partner": partner,
            "anna": anna, "nikos": nikos, "logins": logins}  # fmt: skip


def refused(response) -> bool:
    """404, or (for a visitor) the invitation to log in, as for a file that does not exist."""
    return response.status_code == 404 or (response.status_code == 302 and "/login/" in response["Location"])


def upload(client, world, **data):
    return client.post(
        reverse("twinspace:material_new", args=[world["project"].pk]),
        {"title": "Our class", "rights": "own", "description": "Pupils at the river", **data},
    )


def test_an_image_with_pupils_whose_parents_agreed_can_be_public(client, world):
    log_in(client, world["founder"])
    response = upload(client, world, file=png(), pupils=[world["anna"].pk], public="on")
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.public and list(material.pupils.all()) == [world["anna"]]
    assert material.attachment.rights == "own" and material.attachment.description == "Pupils at the river"


def test_an_image_of_a_pupil_without_consent_cannot_be_made_public(client, world):
    log_in(client, world["founder"])
    response = upload(client, world, file=png(), pupils=[world["anna"].pk, world["nikos"].pk], public="on")
    assert response.status_code == 200 and "Νίκος" in response.content.decode()
    assert not Material.objects.exists() and not Attachment.objects.exists()
    upload(client, world, file=png(), pupils=[world["nikos"].pk])  # members only: fine
    material = Material.objects.get()
    edit = reverse("twinspace:material_edit", args=[world["project"].pk, material.pk])
    response = client.post(edit, {"title": "x", "pupils": [world["nikos"].pk], "public": "on"})
    assert response.status_code == 200
    material.refresh_from_db()
    assert not material.public and material.title == "Our class"


def test_bad_materials_are_refused_and_nothing_is_stored(client, world):
    log_in(client, world["founder"])
    svg = SimpleUploadedFile("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    cases = [
        {"file": svg},
        {"embed_url": "https://evil.example.com/video"},
        {"file": png(), "embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {},
        {"file": png(), "rights": "stolen"},
        {"file": png(), "title": ""},
        {"file": png(), "album": 999999},
        {"file": png(), "pupils": [999999]},
    ]
    for data in cases:
        assert upload(client, world, **data).status_code == 200, data
    assert not Material.objects.exists() and not Attachment.objects.exists()


def test_an_allowed_video_link_becomes_an_embed_in_an_album(client, world):
    log_in(client, world["founder"])
    client.post(reverse("twinspace:materials", args=[world["project"].pk]), {"title": "River trip"})
    album = Album.objects.get()
    upload(client, world, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", album=album.pk)
    page = client.get(reverse("twinspace:materials", args=[world["project"].pk]) + f"?album={album.pk}")
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page.content.decode()


def test_who_may_add_materials(client, world, greece):
    url = reverse("twinspace:material_new", args=[world["project"].pk])
    log_in(client, teacher(country=greece))
    assert client.get(url).status_code == 403
    log_in(client, nso_staff(greece))
    assert client.get(url).status_code == 403
    client.logout()
    login = world["logins"][0]
    client.post(reverse("pupils:login"), {"username": login.username, "password": login.password})
    assert client.get(url).status_code == 403  # a pupil (not a pupil administrator)
    membership = PupilMembership.objects.get(pupil=login.pupil)
    membership.role = "pupil_admin"
    membership.save()
    assert client.get(url).status_code == 200
    assert "Νίκος" not in client.get(url).content.decode()  # pupil administrators do not tag pupils
    assert upload(client, world, file=png(), pupils=[world["nikos"].pk]).status_code == 302
    assert not Material.objects.get().pupils.exists()  # the tags they sent are not taken


def test_visitors_see_only_public_materials_and_read_only_the_files_the_public_view_shows(client, world):
    founder, workspace = world["founder"], world["workspace"]
    public = materials.material_add(actor=founder, workspace=workspace, title="Public", upload=png(), rights="own",
                                    public=True, pupil_ids=[world["anna"].pk])  # fmt: skip
    private = materials.material_add(actor=founder, workspace=workspace, title="Nikos", upload=png(), rights="own",
                                     pupil_ids=[world["nikos"].pk])  # fmt: skip
    url = reverse("twinspace:materials", args=[world["project"].pk])
    response = client.get(url)  # materials are not public until the settings say so (a visitor is asked to log in)
    assert response.status_code == 302 and "/login/" in response["Location"]
    workspace.public_materials = True
    workspace.save()
    page = client.get(url).content.decode()
    assert "Public" in page and "Nikos" not in page
    file_url = lambda m: reverse("files:attachment", args=[m.attachment_id])  # noqa: E731
    assert client.get(file_url(public)).status_code == 200
    assert refused(client.get(file_url(private)))  # not by trying numbers
    Page.objects.create(workspace=workspace, title="p", published=True,
                        body=f'<p><img src="/files/{private.attachment_id}/x.png" alt="a"></p>')  # fmt: skip
    assert refused(client.get(file_url(private)))  # a pupil without consent, even on a page
    log_in(client, world["partner"])  # members read everything
    assert client.get(file_url(private)).status_code == 200


def test_publishing_a_page_with_a_pupils_image_warns_or_is_refused(client, world):
    founder, workspace, project = world["founder"], world["workspace"], world["project"]
    ok = materials.material_add(actor=founder, workspace=workspace, title="a", upload=png(), rights="own",
                                pupil_ids=[world["anna"].pk])  # fmt: skip
    no = materials.material_add(actor=founder, workspace=workspace, title="n", upload=png(), rights="own",
                                pupil_ids=[world["nikos"].pk])  # fmt: skip
    log_in(client, founder)
    new = reverse("twinspace:page_new", args=[project.pk])
    body = f'<p><img src="/files/{no.attachment_id}/class.png" alt="class"></p>'
    response = client.post(new, {"title": "Trip", "body": body, "published": "on"})
    assert response.status_code == 200 and "Νίκος" in response.content.decode()
    assert not Page.objects.exists()
    client.post(new, {"title": "Trip", "body": body})  # a draft is fine
    body = f'<p><img src="/files/{ok.attachment_id}/class.png" alt="class"></p>'
    response = client.post(new, {"title": "Trip 2", "body": body, "published": "on"}, follow=True)
    assert "Άννα" in response.content.decode()  # the warning lists the pupils shown
    # a workspace with a published page showing Nikos cannot go public
    Page.objects.filter(title="Trip").update(published=True)
    workspace.public = False
    workspace.save()
    services.settings_save(actor=founder, workspace=workspace, about="", public=False)
    with pytest.raises(services.WorkspaceError):
        services.settings_save(actor=founder, workspace=workspace, about="", public=True)


def test_staff_hide_a_workspace_with_a_reason_and_show_it_again(client, world, greece):
    project = world["project"]
    url = reverse("twinspace:moderate", args=[project.pk])
    log_in(client, world["founder"])
    assert client.post(url, {"hide": "yes", "reason": "x"}).status_code == 403
    staff = nso_staff(greece)
    log_in(client, staff)
    client.post(url, {"hide": "yes", "reason": ""})  # a reason is needed
    world["workspace"].refresh_from_db()
    assert world["workspace"].hidden_at is None
    client.post(url, {"hide": "yes", "reason": "Personal data of pupils on a public page"})
    assert AuditEvent.objects.filter(action="twinspace.hidden", reason__startswith="Personal").exists()
    assert client.get(reverse("twinspace:home", args=[project.pk])).status_code == 200  # staff still see it
    for who in (world["founder"], teacher(country=greece)):
        log_in(client, who)
        assert client.get(reverse("twinspace:home", args=[project.pk])).status_code == 404
    log_in(client, staff)
    client.post(url, {"hide": "no", "reason": "Fixed"})
    log_in(client, world["founder"])
    assert client.get(reverse("twinspace:home", args=[project.pk])).status_code == 200


def test_pupils_removed_from_tags_when_erased(world):
    material = materials.material_add(actor=world["founder"], workspace=world["workspace"], title="a", upload=png(),
                                      rights="own", pupil_ids=[world["nikos"].pk])  # fmt: skip
    Pupil.objects.filter(pk=world["nikos"].pk).delete()
    assert list(material.pupils.all()) == []


def test_a_pupil_administrator_adds_an_image_in_the_editor_a_pupil_cannot(client, world):
    """The editor's upload address is open to pupils' accounts; the workspace's file host decides (pupil
    administrators write pages, pupils do not)."""
    login = world["logins"][0]
    client.post(reverse("pupils:login"), {"username": login.username, "password": login.password})
    url = reverse("uploads:upload", args=[services.FILES, world["workspace"].pk])
    response = client.post(url, {"file": png(), "rights": "own", "description": "Our class"})
    assert response.status_code in (403, 404) and not Attachment.objects.exists()
    PupilMembership.objects.filter(pupil=login.pupil).update(role="pupil_admin")
    response = client.post(url, {"file": png(), "rights": "own", "description": "Our class"})
    assert response.status_code == 201 and Attachment.objects.filter(uploaded_by=login.pupil.user).exists()
