"""The workspace's materials (domain §6): files, images in albums, and videos or classroom tools from the
allowed sites; the pupils an image shows, and what may be made public.

Rights and consent: every upload carries a rights statement (``core.attachments``). An image tagged with a
pupil whose parents have not agreed to publication is never shown to visitors: it cannot be marked public,
and a page showing it cannot be published in a public workspace. Making a page public lists the pupils its
images show.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from twinning.accounts.models import Pupil
from twinning.core import attachments, embeds, upload_check
from twinning.core.errors import NotAllowed
from twinning.core.files import delete_after_commit
from twinning.core.models import Attachment

from . import policies
from .models import TITLE_MAX, Album, Material, Page, PupilMembership, Workspace
from .services import FILES, WorkspaceError

_FILE_URL = re.compile(r"/files/(\d+)/")


def pupil_label(pupil: Pupil) -> str:
    return pupil.nickname or _("Pupil %(number)s") % {"number": pupil.number}


def _editor_checks(actor: Any, workspace: Workspace) -> policies.Role:
    project = workspace.project
    role = policies.role_of(actor, project)
    if not policies.may(role, "edit_pages", project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("You cannot change the materials of this TwinSpace."))
    return role


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise WorkspaceError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise WorkspaceError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    return title


def _pupils(workspace: Workspace, role: policies.Role, pupil_ids) -> list[Pupil]:
    """The pupils an image shows: pupils of this workspace, tagged by a teacher (pupils do not tag)."""
    ids = {int(i) for i in pupil_ids or ()}
    if not ids:
        return []
    if role not in policies.TEACHERS:
        raise NotAllowed(_("Only teachers say which pupils an image shows."))
    found = list(
        Pupil.objects.filter(pk__in=ids, memberships__workspace=workspace).only(
            "pk", "nickname", "number", "publication_consent"
        )
    )
    if len(found) != len(ids):
        raise WorkspaceError(_("Choose pupils of this TwinSpace."), field="pupils")
    return found


def without_consent(pupils) -> list[Pupil]:
    return [p for p in pupils if not p.publication_consent]


def _refuse_public(pupils) -> None:
    missing = without_consent(pupils)
    if missing:
        raise WorkspaceError(
            _("This image cannot be made public: the parents of %(names)s have not agreed to publication.")
            % {"names": ", ".join(pupil_label(p) for p in missing)},
            field="public",
        )


def _album(workspace: Workspace, album_id) -> Album | None:
    if not album_id:
        return None
    album = Album.objects.filter(workspace=workspace, pk=album_id).first()
    if album is None:
        raise WorkspaceError(_("Choose an album of this TwinSpace."), field="album")
    return album


@transaction.atomic
def material_add(
    *,
    actor: Any,
    workspace: Workspace,
    title: str,
    upload=None,
    embed_url: str = "",
    rights: str = "",
    description: str = "",
    album_id=None,
    pupil_ids=(),
    public: bool = False,
) -> Material:
    """A file or image (checked and stored by ``core.attachments``) or an embed from an allowed site."""
    role = _editor_checks(actor, workspace)
    title = _title(title)
    album = _album(workspace, album_id)
    pupils = _pupils(workspace, role, pupil_ids)
    if public:
        _refuse_public(pupils)
    embed_url = (embed_url or "").strip()
    if bool(upload) == bool(embed_url):
        raise WorkspaceError(
            _("Add a file, or paste the link of a video or a classroom tool (not both)."), field="file"
        )
    attachment = None
    if embed_url:
        if embeds.embed_for(embed_url) is None:
            raise WorkspaceError(
                _("This link cannot be shown here: its site is not on the list of allowed sites."), field="embed_url"
            )
        if pupils:
            raise WorkspaceError(_("Pupils are tagged in images only."), field="pupils")
    else:
        try:
            attachment = attachments.attach(
                actor=actor, host=FILES, host_id=workspace.pk, upload=upload, rights=rights, description=description
            )
        except attachments.UploadError as exc:
            raise WorkspaceError(exc.message, field="rights" if exc.field == "rights" else "file") from exc
        if pupils and attachment.kind not in upload_check.IMAGES:
            raise WorkspaceError(_("Pupils are tagged in images only."), field="pupils")
    material = Material.objects.create(
        workspace=workspace, album=album, title=title, attachment=attachment, embed_url=embed_url,
        public=bool(public), created_by=actor,
    )  # fmt: skip
    material.pupils.set(pupils)
    return material


@transaction.atomic
def material_update(
    *, actor: Any, material: Material, title: str, album_id=None, pupil_ids=(), public: bool = False
) -> Material:
    workspace = material.workspace
    role = _editor_checks(actor, workspace)
    material.title = _title(title)
    material.album = _album(workspace, album_id)
    if role in policies.TEACHERS:
        pupils = _pupils(workspace, role, pupil_ids)
        if pupils and (material.attachment is None or material.attachment.kind not in upload_check.IMAGES):
            raise WorkspaceError(_("Pupils are tagged in images only."), field="pupils")
        material.pupils.set(pupils)
    else:
        pupils = list(material.pupils.all())
    if public:
        _refuse_public(pupils)
    material.public = bool(public)
    material.save(update_fields=["title", "album", "public"])
    return material


@transaction.atomic
def material_delete(*, actor: Any, material: Material) -> None:
    _editor_checks(actor, material.workspace)
    attachment = material.attachment
    material.delete()
    if attachment is not None:
        stored = attachment.file
        attachment.delete()
        delete_after_commit(stored)


@transaction.atomic
def album_create(*, actor: Any, workspace: Workspace, title: str, description: str = "") -> Album:
    _editor_checks(actor, workspace)
    return Album.objects.create(
        workspace=workspace, title=_title(title), description=" ".join((description or "").split())[:500],
        created_by=actor,
    )  # fmt: skip


@transaction.atomic
def album_delete(*, actor: Any, album: Album) -> None:
    """The album goes; its materials stay, outside any album."""
    _editor_checks(actor, album.workspace)
    album.delete()


# --- Publication checks -----------------------------------------------------------------------------------


def file_ids(html: str) -> set[int]:
    return {int(m) for m in _FILE_URL.findall(html or "")}


def pupils_in_images(workspace: Workspace, html: str) -> list[Pupil]:
    """The pupils shown by the tagged images a page's text holds (one query)."""
    ids = file_ids(html)
    if not ids:
        return []
    return list(
        Pupil.objects.filter(
            Exists(Material.pupils.through.objects.filter(pupil_id=OuterRef("pk"), material__workspace=workspace,
                                                         material__attachment_id__in=ids))
        ).only("pk", "nickname", "number", "publication_consent").order_by("number")
    )  # fmt: skip


def check_page_publication(workspace: Workspace, body: str, published: bool) -> list[Pupil]:
    """Before a page goes public: refuse when an image shows a pupil without publication consent; otherwise
    the pupils its images show (for the warning). Only pages visitors will see are checked."""
    if not (published and workspace.public):
        return []
    pupils = pupils_in_images(workspace, body)
    missing = without_consent(pupils)
    if missing:
        raise WorkspaceError(
            _("This page cannot be published: its images show %(names)s, whose parents have not agreed to "
              "publication. Remove those images or keep the page as a draft.")
            % {"names": ", ".join(pupil_label(p) for p in missing)},
            field="published",
        )  # fmt: skip
    return pupils


def files_showing_pupils_without_consent(workspace: Workspace, ids) -> set[int]:
    """Which of these files of the workspace are images tagged with a pupil whose parents have not agreed to
    publication (one query): never shown to visitors or guests."""
    if not ids:
        return set()
    return set(
        Material.pupils.through.objects.filter(
            material__workspace=workspace, material__attachment_id__in=ids, pupil__publication_consent=False
        ).values_list("material__attachment_id", flat=True)
    )


def check_workspace_public(workspace: Workspace) -> None:
    """Before the workspace goes public: no published page may show a pupil without publication consent."""
    pages = list(Page.objects.filter(workspace=workspace, published=True).only("id", "title", "body"))
    # One query for every image of every published page, not one per page.
    lacking = files_showing_pupils_without_consent(workspace, set().union(*(file_ids(p.body) for p in pages)))
    blocked = [p.title for p in pages if file_ids(p.body) & lacking]
    if blocked:
        raise WorkspaceError(
            _("These published pages show pupils whose parents have not agreed to publication: %(pages)s. "
              "Unpublish them or remove those images first.") % {"pages": ", ".join(blocked)},
            field="public",
        )  # fmt: skip


def publicly_visible(workspace: Workspace, attachment: Attachment) -> bool:
    """May a visitor read this file of a public workspace? Only what the public view shows: an image of a
    published page (never one of a pupil without consent), the cover, a public material."""
    if workspace.cover_id == attachment.pk:
        return True
    if files_showing_pupils_without_consent(workspace, {attachment.pk}):
        return False
    material = Material.objects.filter(workspace=workspace, attachment=attachment).only("public").first()
    if material is not None and material.public and workspace.public_materials:
        return True
    return Page.objects.filter(workspace=workspace, published=True, body__contains=f"/files/{attachment.pk}/").exists()


def materials(workspace: Workspace, *, public_only: bool, album_id=None) -> list[Material]:
    """The materials, newest first, with their file and tagged pupils (three queries); for visitors only
    the public ones without a pupil lacking consent."""
    qs = Material.objects.filter(workspace=workspace).select_related("attachment", "album")
    if album_id:
        qs = qs.filter(album_id=album_id)
    if public_only:
        lacking = Material.pupils.through.objects.filter(material_id=OuterRef("pk"), pupil__publication_consent=False)
        qs = qs.filter(public=True).exclude(Exists(lacking))
    qs = qs.prefetch_related(Prefetch("pupils", queryset=Pupil.objects.only("pk", "nickname", "number",
                                                                             "publication_consent")))  # fmt: skip
    return list(qs.order_by("-created_at", "-pk")[:500])


def albums(workspace: Workspace) -> list[Album]:
    return list(Album.objects.filter(workspace=workspace).order_by("title", "pk"))


def taggable_pupils(workspace: Workspace) -> list[PupilMembership]:
    return list(
        PupilMembership.objects.filter(workspace=workspace)
        .select_related("pupil__school")
        .only("id", "pupil__number", "pupil__nickname", "pupil__school__name", "pupil__publication_consent")
        .order_by("pupil__school__name", "pupil__number")
    )


# --- What a guest sees (``guests``: the "materials" part) ---------------------------------------------------


def _shows_pupil_without_consent():
    return Material.pupils.through.objects.filter(material_id=OuterRef("pk"), pupil__publication_consent=False)


def guest_materials(workspace: Workspace, *, album_id=None) -> list[Material]:
    """What a guest sees of the materials, newest first: all of them but the images showing a pupil whose
    parents have not agreed to publication; never who an image shows (one query)."""
    qs = Material.objects.filter(workspace=workspace).exclude(Exists(_shows_pupil_without_consent()))
    if album_id:
        qs = qs.filter(album_id=album_id)
    return list(qs.select_related("attachment", "album").order_by("-created_at", "-pk")[:500])


def guest_material_count(workspace: Workspace) -> int:
    return Material.objects.filter(workspace=workspace).exclude(Exists(_shows_pupil_without_consent())).count()


def guest_shows_file(workspace: Workspace, attachment_id: int) -> bool:
    """Whether this file is a material a guest sees (never an image of a pupil without consent)."""
    return (
        Material.objects.filter(workspace=workspace, attachment_id=attachment_id)
        .exclude(Exists(_shows_pupil_without_consent()))
        .exists()
    )
