"""The TwinSpace archive (issue 9, item 7): a round trip loses nothing, a bad archive changes nothing, only
the founders and the staff concerned reach it, the jobs run once, the page keeps a fixed number of queries."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core import embeds
from twinning.core.attachments import attach
from twinning.core.models import Attachment, AuditEvent, PlatformRule
from twinning.core.rules import rules_changed
from twinning.core.tests.test_embeds import known_sites
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Discussion, Post, Thread
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.reference.tests.factories import CountryFactory
from twinning.twinspace import archive, feed, materials, selectors, services
from twinning.twinspace.models import Album, ArchiveJob, Material, Page, Update, UpdateComment

pytestmark = pytest.mark.django_db


def _png(name="river photo.png", colour=(10, 200, 30)):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _project(country, partner_country):
    founder, partner = etwinner(country), etwinner(partner_country)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    workspace = services.workspace_open(project)
    workspace.project = project
    return project, workspace, founder


@pytest.fixture
def world(greece, italy):
    project, workspace, founder = _project(greece, italy)
    member = etwinner(greece)
    make_contacts(founder, member)
    project_services.member_invite(project=project, by=founder, user=member)
    project_services.invitation_answer(project=project, user=member, accept=True, school=school_of(member))
    other, other_workspace, other_founder = _project(greece, italy)
    return {
        "project": project,
        "workspace": workspace,
        "founder": founder,
        "member": member,
        "other": other,
        "other_workspace": other_workspace,
        "other_founder": other_founder,
    }


def _fill(world):
    """Pages (a tree, a draft, an image), files, the forum (a pupil's reply, a hidden post) and the bulletin."""
    founder, member, workspace = world["founder"], world["member"], world["workspace"]
    photo = attach(actor=founder, host=services.FILES, host_id=workspace.pk, upload=_png(), rights="own",
                   description="Our river")  # fmt: skip
    notes = SimpleUploadedFile("notes.txt", "Σημειώσεις: 12 cm of rain".encode(), content_type="text/plain")
    attach(actor=member, host=services.FILES, host_id=workspace.pk, upload=notes, rights="cc-by")
    image = f'<p>Look:</p><p><img src="/files/{photo.pk}/river%20photo.png" alt="Our river"></p>'
    services.settings_save(actor=founder, workspace=workspace, about=f"<p>About us</p>{image}", public=False)

    def page(title, parent=None, published=True, body="<p>text</p>", actor=founder):
        return services.page_save(
            actor=actor, workspace=workspace, page=None, title=title, body=body, parent=parent, published=published
        )

    rivers = page("Our rivers", body=image)
    page("Week 1", parent=rivers, actor=member)
    page("Week 2", parent=rivers)
    page("Plans (draft)", published=False)
    (pupil,) = services.pupils_add(
        actor=founder, workspace=workspace, count=1, nicknames="Νεφέλη", team="B2", under_consent_age=False
    )
    forums = selectors.forums(workspace)
    talk = discussion_services.discussion_create(actor=founder, forum=forums[services.FORUM], title="Rain")
    thread = discussion_services.thread_create(
        actor=member, discussion=talk, title="Our gauges", body=f"<p>Photo</p>{image}"
    )
    discussion_services.post_reply(actor=pupil.pupil.user, thread=thread, body="<p>Mine says 12 cm</p>")
    rude = discussion_services.post_reply(actor=member, thread=thread, body="<p>off topic</p>")
    discussion_services.post_hide(actor=founder, post=rude, reason="off topic")
    plan = discussion_services.discussion_create(actor=founder, forum=forums[services.BULLETIN], title="Planning")
    discussion_services.thread_create(actor=founder, discussion=plan, title="Dates", body="<p>May 12</p>")
    _fill_feed_and_materials(world, pupil, photo)
    return {"photo": photo, "pupil": pupil}


def _fill_feed_and_materials(world, pupil, photo):
    """The feed (a pinned update, likes, a pupil's comment), a pupil's wall, an album with a public image and
    one of the pupil (tagged), a file and a video; the photo as the cover, materials shown to visitors."""
    founder, member, workspace = world["founder"], world["member"], world["workspace"]
    known_sites()
    embeds.forget()
    trees = feed.update_post(actor=founder, workspace=workspace, body="We planted 12 trees.\nMore on Friday.")
    feed.update_pin(actor=founder, update=trees, pinned=True)
    feed.update_like(actor=member, update=trees, like=True)
    feed.comment_post(actor=pupil.pupil.user, update=trees, body="I planted the oak!")
    feed.comment_post(actor=member, update=trees, body="Well done")
    rain = feed.update_post(actor=member, workspace=workspace, body="Rain gauges are up")
    feed.update_like(actor=founder, update=rain, like=True)
    wall = feed.update_post(
        actor=pupil.pupil.user, workspace=workspace, body="My drawing of the river", wall_user_id=pupil.pupil.user.pk
    )
    feed.comment_post(actor=founder, update=wall, body="Beautiful")
    trip = materials.album_create(actor=founder, workspace=workspace, title="River trip", description="May 2025")
    materials.material_add(actor=founder, workspace=workspace, title="The bridge", upload=_png("bridge.png"),
                           rights="own", description="The old bridge", album_id=trip.pk, public=True)  # fmt: skip
    materials.material_add(actor=founder, workspace=workspace, title="Nefeli at the river",
                           upload=_png("class.png", (200, 10, 10)), rights="own", album_id=trip.pk,
                           pupil_ids=[pupil.pupil.pk])  # fmt: skip
    sheet = SimpleUploadedFile("sheet.txt", b"depth: 2 m", content_type="text/plain")
    materials.material_add(actor=member, workspace=workspace, title="Worksheet", upload=sheet, rights="cc-by")
    materials.material_add(actor=founder, workspace=workspace, title="Our song",
                           embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", public=True)  # fmt: skip
    workspace.refresh_from_db()
    services.settings_save(actor=founder, workspace=workspace, about=workspace.about, public=False,
                           public_materials=True, cover=photo)  # fmt: skip


def _export(workspace, actor, django_capture_on_commit_callbacks) -> bytes:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.archive_export_start(actor=actor, workspace=workspace)
    job.refresh_from_db()
    assert job.status == ArchiveJob.Status.DONE, job.message
    with job.file.open("rb") as handle:
        return handle.read()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _import(workspace, actor, data: bytes, django_capture_on_commit_callbacks) -> ArchiveJob:
    upload = SimpleUploadedFile("archive.zip", data, content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.archive_import_start(actor=actor, workspace=workspace, upload=upload)
    job.refresh_from_db()
    if job.status == ArchiveJob.Status.READY:
        with django_capture_on_commit_callbacks(execute=True):
            services.archive_import_confirm(actor=actor, job=job)
        job.refresh_from_db()
    return job


def _comparable(members: dict[str, bytes]) -> dict:
    """What must survive a round trip: the JSON without timestamps, and, for pages and files (whose rows have
    no place for another author), without the author either; the files' bytes."""
    drop = {"created_at", "updated_at", "edited_at", "exported_at"}

    def clean(value, path):
        if isinstance(value, dict):
            skip = drop | ({"author"} if path in ("pages.json", "files.json", "materials.json") else set())
            return {k: clean(v, path) for k, v in value.items() if k not in skip}
        if isinstance(value, list):
            return [clean(v, path) for v in value]
        return value

    out = {name: clean(json.loads(raw), name) for name, raw in members.items() if name.endswith(".json")}
    out["manifest.json"] = {k: v for k, v in out["manifest.json"].items() if k not in ("members", "installation")}
    out["files"] = {name: raw for name, raw in members.items() if name.startswith("files/")}
    return out


def test_a_round_trip_loses_nothing(client, world, django_capture_on_commit_callbacks):
    made = _fill(world)
    data = _export(world["workspace"], world["founder"], django_capture_on_commit_callbacks)
    first = _members(data)
    manifest = json.loads(first["manifest.json"])
    assert manifest["counts"] == {
        "files": 5,
        "pages": 4,
        "forum_discussions": 1,
        "forum_threads": 1,
        "forum_posts": 3,
        "bulletin_discussions": 1,
        "bulletin_threads": 1,
        "bulletin_posts": 1,
        "feed_updates": 2,
        "feed_comments": 2,
        "wall_updates": 1,
        "albums": 1,
        "materials": 4,
    }
    # Readable without Twinning, pictures included; people by name only, a pupil by nickname.
    assert "Our rivers" in first["index.html"].decode() and "Plans (draft)" in first["index.html"].decode()
    page = next(first[n].decode() for n in first if n.startswith("pages/") and b"Look:" in first[n])
    assert 'src="../files/0001-river%20photo.png"' in page
    assert "files/0001-river photo.png" in first and "Mine says 12 cm" in first["forum.html"].decode()
    everything = b"".join(first.values()).decode("utf-8", "ignore")
    assert world["founder"].email not in everything and world["member"].email not in everything
    assert made["pupil"].pupil.user.username not in everything and "Νεφέλη" in first["forum.json"].decode()
    # The feed with its pin, likes and comments (a pupil by nickname), the wall kept for the founders; the
    # materials without the pupils they show.
    updates = json.loads(first["feed.json"])
    assert [(u["body"], u["pinned"], u["likes"]) for u in updates["updates"]] == [
        ("We planted 12 trees.\nMore on Friday.", True, 1),
        ("Rain gauges are up", False, 1),
    ]
    assert [c["author"] for c in updates["updates"][0]["comments"]] == ["Νεφέλη", world["member"].get_full_name()]
    (wall,) = updates["walls"]
    assert wall["pupil"] == "Νεφέλη" and [(u["author"], u["body"]) for u in wall["updates"]] == [
        ("Νεφέλη", "My drawing of the river")
    ]
    assert [(c["author"], c["body"]) for c in wall["updates"][0]["comments"]] == [
        (world["founder"].get_full_name(), "Beautiful")
    ]
    feed_html, walls_html = first["feed.html"].decode(), first["walls.html"].decode()
    assert "We planted 12 trees.<br>More on Friday." in feed_html and "My drawing" not in feed_html
    assert feed_html.index("We planted") < feed_html.index("Rain gauges")  # pinned first
    assert "My drawing of the river" in walls_html and "Νεφέλη" in walls_html
    assert 'href="feed.html"' in first["index.html"].decode() and 'href="walls.html"' in first["index.html"].decode()
    stuff = json.loads(first["materials.json"])
    assert stuff["albums"][0]["title"] == "River trip"
    assert [(m["title"], m["album"], m["public"], bool(m["file"]), m["embed_url"]) for m in stuff["materials"]] == [
        ("The bridge", 1, True, True, ""),
        ("Nefeli at the river", 1, False, True, ""),
        ("Worksheet", None, False, True, ""),
        ("Our song", None, True, False, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ]
    assert "pupils" not in first["materials.json"].decode() and "Νεφέλη" not in first["materials.json"].decode()
    assert 'src="files/0003-bridge.png"' in first["materials.html"].decode()
    settings_data = json.loads(first["workspace.json"])
    assert settings_data["cover"] == "files/0001-river photo.png" and settings_data["public_materials"] is True

    job = _import(world["other_workspace"], world["other_founder"], data, django_capture_on_commit_callbacks)
    assert job.status == ArchiveJob.Status.DONE, job.message
    assert not job.file  # the uploaded archive is not kept once imported
    # The new rows are the importing founder's; the posts keep their authors' names, dates and state.
    posts = list(Post.objects.filter(thread__discussion__forum__host_id=world["other_workspace"].pk).order_by("pk"))
    assert {p.author_id for p in posts} == {world["other_founder"].pk}
    member = world["member"].get_full_name()
    assert [p.author_name for p in posts] == [member, "Νεφέλη", member, world["founder"].get_full_name()]
    original = Post.objects.filter(thread__discussion__forum__host_id=world["workspace"].pk).order_by("pk").first()
    assert posts[0].created_at == original.created_at and posts[2].hidden_at is not None
    new_photo = Attachment.objects.filter(host=services.FILES, host_id=world["other_workspace"].pk).order_by("pk")[0]
    assert (
        f'src="/files/{new_photo.pk}/river%20photo.png"'
        in Page.objects.get(workspace=world["other_workspace"], title="Our rivers").body
    )
    assert AuditEvent.objects.filter(action="twinspace.archive_imported", target_id=str(world["other"].pk)).exists()
    # The feed comes in with its authors' names, pin and likes; the wall does not (its pupil is not here), and
    # the report says so; the materials come in untagged and not public, the cover is the imported photo.
    assert job.summary["counts"]["walls_skipped"] == 1 and job.summary["counts"]["feed_updates"] == 2
    target = world["other_workspace"]
    copied = list(Update.objects.filter(workspace=target).order_by("created_at"))
    assert [(u.author_name, u.wall_id, u.pinned_at is not None, u.like_count, u.comment_count) for u in copied] == [
        (world["founder"].get_full_name(), None, True, 1, 2),
        (world["member"].get_full_name(), None, False, 1, 0),
    ]
    assert {u.author_id for u in copied} == {world["other_founder"].pk}
    assert copied[0].created_at == Update.objects.get(workspace=world["workspace"], pinned_at__isnull=False).created_at
    assert list(
        UpdateComment.objects.filter(update__workspace=target).order_by("created_at").values_list("author_name", "body")
    ) == [("Νεφέλη", "I planted the oak!"), (world["member"].get_full_name(), "Well done")]
    assert Album.objects.get(workspace=target).title == "River trip"
    imported = Material.objects.filter(workspace=target)
    assert imported.count() == 4 and not imported.filter(public=True).exists()
    assert not Material.pupils.through.objects.filter(material__workspace=target).exists()
    target.refresh_from_db()
    assert target.cover == new_photo and target.public_materials
    log_in(client, world["other_founder"])  # the feed shows the original author, and who imported it
    page = client.get(reverse("twinspace:feed", args=[world["other"].pk])).content.decode()
    assert "I planted the oak!" in page and f"imported by {world['other_founder'].get_full_name()}" in page
    log_in(client, world["other_founder"])  # the thread shows the original author, and who imported it
    thread = client.get(reverse("discussions:thread", args=[posts[0].thread_id])).content.decode()
    assert "Νεφέλη" in thread and f"imported by {world['other_founder'].get_full_name()}" in thread
    # Exporting the copy gives the same content.
    world["other_workspace"].refresh_from_db()
    second = _members(_export(world["other_workspace"], world["other_founder"], django_capture_on_commit_callbacks))
    # ... but for what the import leaves on purpose: the pupils' walls, and the materials' "public".
    expected = _comparable(first)
    expected["feed.json"]["walls"] = []
    expected["manifest.json"]["counts"]["wall_updates"] = 0
    for row in expected["materials.json"]["materials"]:
        row["public"] = False
    assert _comparable(second) == expected


def _zip_of(members: dict[str, bytes], *, relist: bool = True) -> bytes:
    """An archive of ``members``; the manifest lists them again (with their SHA-256) unless ``relist`` is off."""
    members = dict(members)
    data = json.loads(members.pop("manifest.json"))
    if relist:
        data["members"] = {
            name: {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()} for name, raw in members.items()
        }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, raw in members.items():
            zf.writestr(name, raw)
        zf.writestr("manifest.json", json.dumps(data))
    return out.getvalue()


def _state(workspace) -> tuple:
    return (
        Page.objects.filter(workspace=workspace).count(),
        Attachment.objects.filter(host=services.FILES, host_id=workspace.pk).count(),
        Discussion.objects.filter(forum__host_id=workspace.pk, forum__host__startswith="twinspace.").count(),
        Thread.objects.count(),
        Post.objects.count(),
        Update.objects.count(),
        UpdateComment.objects.count(),
        Album.objects.count(),
        Material.objects.count(),
        sorted(
            str(p) for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file() and "archives" not in str(p)
        ),
        workspace.about,
    )


def _tampered(members: dict[str, bytes]) -> dict[str, bytes]:
    out = dict(members)
    out["files/0002-notes.txt"] = b"changed"
    return out


def _bomb(members: dict[str, bytes]) -> dict[str, bytes]:
    return {**members, "files/0003-zeros.txt": b"0" * (20 * 1024 * 1024)}


def _unordered_pages(members: dict[str, bytes]) -> dict[str, bytes]:
    pages = json.loads(members["pages.json"])
    pages["pages"].reverse()  # children before their parents: found only while writing
    return {**members, "pages.json": json.dumps(pages).encode()}


def _material_of_no_file(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["materials.json"])
    data["materials"][0]["file"] = "files/9999-elsewhere.png"
    return {**members, "materials.json": json.dumps(data).encode()}


def _empty_update(members: dict[str, bytes]) -> dict[str, bytes]:
    data = json.loads(members["feed.json"])
    data["updates"][-1]["body"] = "   "
    return {**members, "feed.json": json.dumps(data).encode()}


BAD = {
    "traversal": (lambda m: {**m, "../evil.txt": b"x"}, True, "outside its own folders"),
    "absolute": (lambda m: {**m, "/etc/evil": b"x"}, True, "outside its own folders"),
    "bomb": (_bomb, True, "far more than its size"),
    "version": (lambda m: {**m, "manifest.json": m["manifest.json"].replace(b'"version": 1', b'"version": 7')}, True,
                "format 7"),
    "tampered": (_tampered, False, "changed or damaged"),
    "missing": (lambda m: {k: v for k, v in m.items() if k != "pages.json"}, False, "missing"),
    "bad json": (lambda m: {**m, "forum.json": b"{not json"}, True, "not valid JSON"),
    "not a zip": (None, None, "not a TwinSpace archive"),
    "damaged part": (_unordered_pages, True, "not in order"),
    "material of no file": (_material_of_no_file, True, "“materials” of the archive is damaged"),
    "empty update": (_empty_update, True, "“feed” of the archive is damaged"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_archive_changes_nothing(world, case, django_capture_on_commit_callbacks):
    _fill(world)
    good = _members(_export(world["workspace"], world["founder"], django_capture_on_commit_callbacks))
    change, relist, message = BAD[case]
    data = b"PK\x03\x04 not really" if change is None else _zip_of(change(good), relist=relist)
    target = world["other_workspace"]
    before = _state(target)
    # Each is refused by the check, before the founder is asked to confirm; a damaged part passes the check
    # and is refused while it is written (the transaction rolls back).
    job = _import(target, world["other_founder"], data, django_capture_on_commit_callbacks)
    assert job.status == ArchiveJob.Status.FAILED and message in job.message, job.message
    assert not job.file  # the refused upload is not kept
    target.refresh_from_db()
    assert _state(target) == before
    assert not AuditEvent.objects.filter(action="twinspace.archive_imported").exists()


def test_a_failing_part_removes_the_files_already_stored(world, django_capture_on_commit_callbacks):
    _fill(world)
    good = _members(_export(world["workspace"], world["founder"], django_capture_on_commit_callbacks))
    target = world["other_workspace"]
    before = _state(target)
    with pytest.raises(archive.ArchiveError, match="not in order"):
        archive.import_archive(
            io.BytesIO(_zip_of(_unordered_pages(good))), workspace=target, actor=world["other_founder"]
        )
    target.refresh_from_db()
    assert _state(target) == before  # the two files were stored, then deleted with the rollback


def test_the_quota_is_checked_before_anything_is_written(world, django_capture_on_commit_callbacks):
    _fill(world)
    data = _export(world["workspace"], world["founder"], django_capture_on_commit_callbacks)
    PlatformRule.objects.create(key="twinspace.quota_mb", value=10)
    rules_changed()
    attach(actor=world["other_founder"], host=services.FILES, host_id=world["other_workspace"].pk,
           upload=SimpleUploadedFile("big.txt", b"x" * (10 * 1024 * 1024 - 100)), rights="own")  # fmt: skip
    before = _state(world["other_workspace"])
    job = _import(world["other_workspace"], world["other_founder"], data, django_capture_on_commit_callbacks)
    assert job.status == ArchiveJob.Status.FAILED and "space" in job.message
    assert _state(world["other_workspace"]) == before


def test_jobs_run_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.archive_export_start(actor=world["founder"], workspace=world["workspace"])
        again = services.archive_export_start(actor=world["founder"], workspace=world["workspace"])
    assert again.pk == job.pk and ArchiveJob.objects.count() == 1 and len(callbacks) == 1
    assert archive.run_export(job.pk)["status"] == "done"
    job.refresh_from_db()
    stored = job.file.name
    assert archive.run_export(job.pk) == {"skipped": True}  # a finished job is not redone
    job.refresh_from_db()
    assert job.file.name == stored and job.done == job.total
    assert AuditEvent.objects.filter(action="twinspace.archive_export_requested").count() == 1


def test_founders_and_staff_concerned_export_others_cannot(client, world, greece, django_capture_on_commit_callbacks):
    project = world["project"]
    archive_url = reverse("twinspace:archive", args=[project.pk])
    log_in(client, world["founder"])
    home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert archive_url in home
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("twinspace:archive_export", args=[project.pk])).status_code == 302
    job = ArchiveJob.objects.get()
    download = reverse("twinspace:archive_download", args=[project.pk, job.pk])
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("manifest.json")
    page = client.get(archive_url).content.decode()
    assert download in page and "Import an archive" in page
    # Staff of a member's country: see and download, never import.
    log_in(client, nso_staff(greece))
    page = client.get(archive_url).content.decode()
    assert download in page and "Import an archive" not in page
    assert client.get(download).status_code == 200
    upload = SimpleUploadedFile("a.zip", b"PK", content_type="application/zip")
    assert client.post(archive_url, {"archive": upload}).status_code == 403
    # A teacher member, a teacher outside the project, staff of another country: no.
    for outsider in (world["member"], teacher(country=greece), nso_staff(CountryFactory(code="FR"))):
        log_in(client, outsider)
        home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
        assert archive_url not in home
        for url in (archive_url, download, reverse("twinspace:archive_jobs", args=[project.pk])):
            assert client.get(url).status_code in (403, 404)
        assert client.post(reverse("twinspace:archive_export", args=[project.pk])).status_code in (403, 404)
    assert ArchiveJob.objects.count() == 1
    client.logout()
    assert client.get(download).status_code in (302, 403, 404)


def test_a_closed_project_is_exported_but_takes_no_import(client, world, django_capture_on_commit_callbacks):
    project = world["project"]
    project.status = ProjectStatus.CLOSED
    project.save(update_fields=["status"])
    log_in(client, world["founder"])
    url = reverse("twinspace:archive", args=[project.pk])
    page = client.get(url).content.decode()
    assert "Make an archive" in page and "Import an archive" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("twinspace:archive_export", args=[project.pk]))
    assert ArchiveJob.objects.get().status == ArchiveJob.Status.DONE
    upload = SimpleUploadedFile("a.zip", b"PK", content_type="application/zip")
    assert client.post(url, {"archive": upload}).status_code == 403
    assert ArchiveJob.objects.count() == 1


def test_the_upload_form_checks_then_asks_to_confirm(client, world, django_capture_on_commit_callbacks):
    _fill(world)
    data = _export(world["workspace"], world["founder"], django_capture_on_commit_callbacks)
    other = world["other"]
    log_in(client, world["other_founder"])
    url = reverse("twinspace:archive", args=[other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"archive": SimpleUploadedFile("a.zip", data, content_type="application/zip")})
    assert response.status_code == 302
    job = ArchiveJob.objects.get(workspace=world["other_workspace"])
    assert job.status == ArchiveJob.Status.READY and not Page.objects.filter(workspace=world["other_workspace"])
    page = client.get(url).content.decode()
    assert "4 pages" in page and "5 files" in page and "Import into this TwinSpace" in page
    assert "2 updates in the feed" in page and "4 materials" in page and "1 updates on pupils&#x27; walls" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("twinspace:archive_confirm", args=[other.pk, job.pk]))
    job.refresh_from_db()
    assert job.status == ArchiveJob.Status.DONE and Page.objects.filter(workspace=world["other_workspace"]).count() == 4
    page = client.get(url).content.decode()  # the report says the wall was left
    assert "1 updates on pupils&#x27; walls not imported (the pupils are not in this project)" in page
    # Only once.
    response = client.post(reverse("twinspace:archive_confirm", args=[other.pk, job.pk]), follow=True)
    assert "not waiting to be imported" in response.content.decode()
    assert Page.objects.filter(workspace=world["other_workspace"]).count() == 4
    # Without JavaScript the list is the page itself; with htmx, the list alone.
    assert client.get(reverse("twinspace:archive_jobs", args=[other.pk])).status_code == 302
    fragment = client.get(reverse("twinspace:archive_jobs", args=[other.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<h1>" not in fragment.content.decode()


def test_the_archive_page_keeps_a_fixed_number_of_queries(client, world, django_capture_on_commit_callbacks):
    log_in(client, world["founder"])
    url = reverse("twinspace:archive", args=[world["project"].pk])
    counts = []
    for _n in range(2):
        for _i in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                services.archive_export_start(actor=world["founder"], workspace=world["workspace"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
