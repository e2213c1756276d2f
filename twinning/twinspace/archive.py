"""A TwinSpace as one self-contained archive, and back (issue 9, item 7; docs/twinspace.md, "Archive").

The archive is a zip that people can read and that this or another installation can import:

    manifest.json                  format and version, source installation, project, counts, and the size and
                                   SHA-256 of every other member
    index.html                     what the archive holds, for people
    files.json, files/0001-<name>  the workspace's files (``core.attachments``) and what is known of them
    workspace.json                 the settings (about, public view, public materials, cover)
    pages.json, pages/0001.html    the pages: tree, order, drafts, text
    forum.json, forum.html         the forum: discussions → threads → posts
    bulletin.json, bulletin.html   the teachers' bulletin
    feed.json, feed.html           the feed: updates (pins, likes) → comments; walls.html, the pupils' walls
                                   (exported for the founders, never imported: their pupils are not elsewhere)
    materials.json, materials.html albums and materials (a file by its path, an embed by its link); never the
                                   pupils an image shows, and imported as not public

Each part registers itself with ``register_part(name, export, import_)``, in the order the parts are written
and read (files first: the others point at them); the feed and the materials add theirs the same way at the
end of this module. Texts point at the workspace's files by their path in the archive (``files/0001-river.png``),
turned back into the new files' addresses on import. People appear by name only: never an e-mail, and a
pupil by nickname or as "Pupil 12".

An import checks the whole archive before it writes anything (``check``: a zip, no path outside it, sizes
within bounds, a known format, every member listed and intact, the JSON readable, room in the project's
space), then writes every part in one transaction; if anything goes wrong the transaction rolls back and the
files stored so far are deleted. What it writes is the importing person's; posts, updates and comments keep
their authors' names.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Max
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import embeds, upload_check
from twinning.core.attachments import UploadError, access_for, attach, used_bytes
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import Attachment
from twinning.core.pupils import is_pupil
from twinning.core.richtext import sanitize
from twinning.core.services import audit_record
from twinning.discussions.models import TITLE_MAX as FORUM_TITLE_MAX
from twinning.discussions.models import Discussion, Forum, Post, Thread

from . import policies, selectors, services
from .models import TITLE_MAX, UPDATE_MAX, Album, ArchiveJob, Material, Page, Update, UpdateComment, Workspace

logger = logging.getLogger(__name__)

FORMAT = "twinning-twinspace"
VERSION = 1
MANIFEST = "manifest.json"
MB = 1024 * 1024
CHUNK = MB
# Bounds against zip bombs: how many members, how much text (JSON, HTML) and how much in all an archive may
# unpack to, and how much smaller than its content a member may be packed.
MAX_MEMBERS = 20_000
MAX_TEXT_BYTES = 256 * MB
MAX_UNPACKED_BYTES = 8 * 1024 * MB
MAX_RATIO = 200
_PACKED_KINDS = frozenset({"pdf", "txt", "csv"})  # files worth compressing (images, media, Office are already)

Progress = Callable[[int, int], None]


class ArchiveError(DomainError):
    """The archive cannot be imported; the message says why, in the reader's language."""


# --- The registry of parts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    name: str
    export: Callable[[Export], None]
    import_: Callable[[Import], None]
    size: Callable[[Workspace], int] | None = None
    labels: dict[str, Any] = field(default_factory=dict)


_PARTS: dict[str, Part] = {}


def register_part(
    name: str,
    export: Callable[[Export], None],
    import_: Callable[[Import], None],
    *,
    size: Callable[[Workspace], int] | None = None,
    labels: dict[str, Any] | None = None,
) -> None:
    """Add a part to every archive. ``export(ctx)`` writes it through an ``Export``; ``import_(ctx)`` reads it
    back through an ``Import`` and raises ``ArchiveError`` (or lets a ``KeyError``/``TypeError``/``ValueError``
    out: "this part is damaged") when its data is not right. ``size(workspace)``: how many steps it reports
    with ``ctx.advance()`` (the progress bar); ``labels``: the words of the counts it writes."""
    _PARTS[name] = Part(name, export, import_, size, dict(labels or {}))


def count_labels() -> dict[str, Any]:
    return {key: label for part in _PARTS.values() for key, label in part.labels.items()}


# --- Shared helpers ----------------------------------------------------------------------------------------

_FILE_URL = re.compile(r'(?P<attr>\b(?:src|href))="/files/(?P<id>\d+)/[^"]*"')
_ARCHIVE_URL = re.compile(r'(?P<attr>\b(?:src|href))="(?P<path>files/[^"]*)"')


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _when(value: Any) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _rows(data: Any, key: str) -> list[dict]:
    rows = data[key]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TypeError(f"{key} is not a list of objects")
    return rows


def _text(row: dict, key: str, limit: int | None = None) -> str:
    value = row.get(key) or ""
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value[:limit] if limit else value


def _flag(row: dict, key: str) -> bool:
    value = row.get(key, False)
    if not isinstance(value, bool):
        raise TypeError(f"{key} is not true or false")
    return value


def _title(row: dict, limit: int = TITLE_MAX) -> str:
    title = " ".join(_text(row, "title").split())
    if not title or len(title) > limit:
        raise ArchiveError(_("A title in the archive is missing or too long."))
    return title


def people_names(user_ids) -> dict[int, str]:
    """How the archive names these people: a pupil by nickname or as "Pupil 12", anyone else by full name;
    never an e-mail (one or two queries)."""
    from twinning.accounts.models import Pupil, User

    names: dict[int, str] = {}
    pupils = []
    for user in User.objects.filter(pk__in=list(user_ids)).only("id", "first_name", "last_name", "email"):
        if is_pupil(user):
            pupils.append(user.pk)
        else:
            names[user.pk] = user.get_full_name() or _("A member")
    for user_id, nickname, number in Pupil.objects.filter(user_id__in=pupils).values_list(
        "user_id", "nickname", "number"
    ):
        names[user_id] = nickname or _("Pupil %(number)s") % {"number": number}
    return names


# --- Export ------------------------------------------------------------------------------------------------


class Export:
    """What an exporting part writes with: members of the zip (each listed in the manifest with its size and
    SHA-256), counts, contents for ``index.html``, people's names, file addresses made archive paths."""

    def __init__(self, workspace: Workspace, archive: zipfile.ZipFile, progress: Progress | None, total: int):
        self.workspace = workspace
        self.project = workspace.project
        self.zip = archive
        self.members: dict[str, dict] = {}
        self.counts: dict[str, int] = {}
        self.contents: dict[str, list[dict]] = {}  # index.html: section -> links (label, path, depth, draft)
        self.file_paths: dict[int, str] = {}  # attachment id -> its path in the archive
        self.done, self.total = 0, total
        self._progress = progress
        self._reported = 0.0
        self._names: dict[int, str] = {}

    def write(self, path: str, data: bytes | str) -> None:
        raw = data.encode() if isinstance(data, str) else data
        self.zip.writestr(path, raw)
        self.members[path] = {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}

    def write_json(self, path: str, data: Any) -> None:
        self.write(path, json.dumps(data, ensure_ascii=False, indent=1))

    def write_file(self, path: str, handle, *, compress: bool) -> None:
        """Copy a (large) file into the archive in chunks."""
        info = zipfile.ZipInfo(path, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        digest, size = hashlib.sha256(), 0
        with self.zip.open(info, "w", force_zip64=True) as out:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        self.members[path] = {"size": size, "sha256": digest.hexdigest()}

    def names(self, user_ids) -> dict[int, str]:
        missing = {pk for pk in user_ids if pk is not None and pk not in self._names}
        if missing:
            self._names.update(people_names(missing))
        return self._names

    def to_archive(self, body: str | None, prefix: str = "") -> str:
        """Rich text whose links and images to the workspace's files point at them in the archive
        (``prefix``: "../" for a page in a folder)."""

        def swap(match: re.Match) -> str:
            path = self.file_paths.get(int(match["id"]))
            return f'{match["attr"]}="{prefix}{quote(path)}"' if path else match[0]

        return _FILE_URL.sub(swap, body or "")

    def link(self, section: str, label: str, path: str, *, depth: int = 0, draft: bool = False) -> None:
        """A link in index.html, under ``section`` (a heading in the reader's language)."""
        self.contents.setdefault(section, []).append(
            {"label": label, "path": path, "indent": "— " * depth, "draft": draft}
        )

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        now = time.monotonic()
        if self._progress is not None and now - self._reported > 1:
            self._reported = now
            self._progress(min(self.done, self.total), self.total)

    def render(self, template: str, context: dict) -> str:
        return render_to_string(template, {"project": self.project, "lang": translation.get_language(), **context})


def export_archive(workspace: Workspace, out: BinaryIO, *, progress: Progress | None = None) -> dict:
    """Write the workspace's archive into ``out`` (a binary file); returns its manifest."""
    steps = [(part, part.size(workspace) if part.size else 1) for part in _PARTS.values()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ctx = Export(workspace, archive, progress, sum(n for _part, n in steps))
        for part, n in steps:
            target = ctx.done + n
            part.export(ctx)
            ctx.done = target
        contents = sorted(ctx.contents.items(), key=lambda item: item[0] != _("Pages"))  # the pages first
        ctx.write("index.html", ctx.render("twinspace/archive/index.html", {"contents": contents}))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "installation": settings.SITE_URL,
            "exported_at": timezone.now().isoformat(),
            "language": translation.get_language(),
            "project": {"title": ctx.project.title},
            "parts": list(_PARTS),
            "counts": ctx.counts,
            "members": ctx.members,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    if progress is not None:
        progress(ctx.total, ctx.total)
    return manifest


# --- Import ------------------------------------------------------------------------------------------------


class Import:
    """What an importing part reads with (the checked archive) and writes for (the workspace, as ``actor``)."""

    def __init__(self, workspace: Workspace, actor: Any, archive: zipfile.ZipFile, manifest: dict):
        self.workspace = workspace
        self.actor = actor
        self.zip = archive
        self.manifest = manifest
        self.counts: dict[str, int] = {}
        self.file_urls: dict[str, str] = {}  # path in the archive -> address of the new file
        self.attachments: dict[str, Attachment] = {}  # path in the archive -> the new file
        self.stored: list = []  # files written to the storage so far: deleted if the import fails
        self._json: dict[str, Any] = {}

    def read_json(self, path: str) -> Any:
        if path not in self._json:
            self._json[path] = _load_json(self.zip, path)
        return self._json[path]

    def read(self, path: str) -> bytes:
        if path not in self.manifest["members"]:
            raise ArchiveError(_("The archive is missing %(name)s.") % {"name": path})
        return self.zip.read(path)

    def from_archive(self, body: str) -> str:
        """Rich text pointing at the new files again (then sanitised, as every stored text is)."""

        def swap(match: re.Match) -> str:
            url = self.file_urls.get(unquote(html.unescape(match["path"])))
            return f'{match["attr"]}="{url}"' if url else match[0]

        return sanitize(_ARCHIVE_URL.sub(swap, body or ""))


def _load_json(archive: zipfile.ZipFile, path: str) -> Any:
    try:
        return json.loads(archive.read(path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ArchiveError(
            _("The archive's %(name)s cannot be read (it is not valid JSON).") % {"name": path}
        ) from None


def _safe_member(name: str) -> bool:
    """A relative path inside the archive: no "..", no root, no drive, no backslash."""
    parts = name.split("/")
    return "\\" not in name and ":" not in name and all(part not in ("", ".", "..") for part in parts)


_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def open_zip(handle) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(handle)
    except _DAMAGED:
        raise ArchiveError(_("This file is not a TwinSpace archive (a zip file made by Twinning).")) from None


def check(archive: zipfile.ZipFile, *, room: int | None, progress: Progress | None = None) -> dict:
    """The manifest of an archive that is safe and whole, or ``ArchiveError`` saying what is wrong. ``room``:
    the bytes of files the workspace can still take (None: no quota). Reads every member once; writes
    nothing."""
    try:
        return _check(archive, room, progress)
    except _DAMAGED:
        raise ArchiveError(_("The archive is damaged: it cannot be read.")) from None


def _check(archive: zipfile.ZipFile, room: int | None, progress: Progress | None) -> dict:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(_("The archive holds too many files (at most %(n)s).") % {"n": MAX_MEMBERS})
    sizes: dict[str, int] = {}
    for info in infos:
        if not _safe_member(info.filename) or info.filename in sizes:
            raise ArchiveError(
                _("The archive holds a file outside its own folders (%(name)s): it cannot be imported.")
                % {"name": info.filename[:100]}
            )
        if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveError(_("The archive unpacks to far more than its size: it cannot be imported."))
        sizes[info.filename] = info.file_size
    files = sum(size for name, size in sizes.items() if name.startswith("files/"))
    if sum(sizes.values()) - files > MAX_TEXT_BYTES or files > MAX_UNPACKED_BYTES:
        raise ArchiveError(_("The archive unpacks to far more than its size: it cannot be imported."))
    if MANIFEST not in sizes:
        raise ArchiveError(_("This file is not a TwinSpace archive (a zip file made by Twinning)."))
    manifest = _load_json(archive, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("This file is not a TwinSpace archive (a zip file made by Twinning)."))
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            _("This archive is in format %(version)s, which this installation cannot read (it reads format %(ours)s).")
            % {"version": str(manifest.get("version"))[:20], "ours": VERSION}
        )
    listed, names = manifest.get("members"), manifest.get("parts")
    if not isinstance(listed, dict) or not isinstance(names, list) or not isinstance(manifest.get("counts"), dict):
        raise ArchiveError(_("The archive's manifest is damaged."))
    unknown = [str(name) for name in names if not isinstance(name, str) or name not in _PARTS]
    if unknown:
        raise ArchiveError(
            _("The archive has parts this installation does not know: %(parts)s.") % {"parts": ", ".join(unknown)[:200]}
        )
    missing = sorted(set(listed) - set(sizes))
    if missing:
        raise ArchiveError(_("Files are missing from the archive: %(names)s.") % {"names": ", ".join(missing)[:200]})
    unlisted = sorted(set(sizes) - set(listed) - {MANIFEST})
    if unlisted:
        raise ArchiveError(
            _("The archive holds files its manifest does not list: %(names)s.") % {"names": ", ".join(unlisted)[:200]}
        )
    if room is not None and files > room:
        raise ArchiveError(
            _("The archive's files (%(size)s) do not fit in the space this TwinSpace has left (%(room)s).")
            % {"size": filesizeformat(files), "room": filesizeformat(room)}
        )
    for done, (name, expected) in enumerate(sorted(listed.items()), 1):
        digest, size = hashlib.sha256(), 0
        with archive.open(name) as member:
            for chunk in iter(lambda: member.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
        if (
            not isinstance(expected, dict)
            or expected.get("size") != size
            or expected.get("sha256") != digest.hexdigest()
        ):
            raise ArchiveError(
                _("The file %(name)s of the archive has been changed or damaged: the archive cannot be imported.")
                % {"name": name[:100]}
            )
        if name.endswith(".json"):
            _load_json(archive, name)
        if progress is not None and (done % 50 == 0 or done == len(listed)):
            progress(done, len(listed))
    return manifest


def room_for(actor: Any, workspace: Workspace) -> int | None:
    """The bytes of files ``actor`` may still add to the workspace (None: no quota)."""
    access = access_for(actor, services.FILES, workspace.pk)
    if access is None or not access.upload:
        raise NotAllowed(_("You cannot add files to this TwinSpace."))
    if access.quota_bytes is None:
        return None
    return max(0, access.quota_bytes - used_bytes(services.FILES, workspace.pk))


def import_archive(
    handle, *, workspace: Workspace, actor: Any, finish: Callable[[dict, dict], None] | None = None
) -> dict:
    """Check the archive, then write all its parts into ``workspace`` as ``actor`` in one transaction, with
    ``finish(manifest, counts)`` last in it. Returns the counts of what was written; ``ArchiveError`` and
    nothing written (no row, no file) otherwise."""
    with open_zip(handle) as archive:
        manifest = check(archive, room=room_for(actor, workspace))
        ctx = Import(workspace, actor, archive, manifest)
        try:
            with transaction.atomic():
                for name in [name for name in _PARTS if name in manifest["parts"]]:  # files first
                    try:
                        _PARTS[name].import_(ctx)
                    except (KeyError, TypeError, ValueError, AttributeError) as exc:
                        logger.info("archive part %s refused: %s", name, exc)
                        raise ArchiveError(
                            _("The part “%(part)s” of the archive is damaged: it cannot be imported.") % {"part": name}
                        ) from None
                if finish is not None:
                    finish(manifest, ctx.counts)
        except BaseException:
            for stored in ctx.stored:
                stored.storage.delete(stored.name)
            raise
    return ctx.counts


# --- Jobs (run by ``tasks``; each is safe to run twice) ----------------------------------------------------

_FAILED = gettext_lazy("The work stopped because of an unexpected error; nothing was changed. Try again.")


def _job(job_id: int, kind: str, status: str, *, claim: str | None = None) -> ArchiveJob | None:
    """The job if it is of ``kind`` and in ``status`` (moved to ``claim`` first, so that only one run takes it)."""
    if claim is not None:
        if not ArchiveJob.objects.filter(pk=job_id, kind=kind, status=status).update(status=claim):
            return None
        status = claim
    query = ArchiveJob.objects.select_related("workspace__project", "requested_by")
    return query.filter(pk=job_id, kind=kind, status=status).first()


def _language(job: ArchiveJob) -> str:
    return getattr(job.requested_by, "preferred_language", "") or settings.LANGUAGE_CODE


def _progress(job_id: int) -> Progress:
    def write(done: int, total: int) -> None:
        ArchiveJob.objects.filter(pk=job_id).update(done=done, total=total)

    return write


def _summary(manifest: dict) -> dict:
    return {
        "project": str(manifest.get("project", {}).get("title", ""))[:300],
        "installation": str(manifest.get("installation", ""))[:300],
        "exported_at": str(manifest.get("exported_at", ""))[:40],
        "counts": {str(k)[:60]: v for k, v in manifest.get("counts", {}).items() if isinstance(v, int)},
    }


def _fail(job: ArchiveJob, message: Any) -> dict:
    fields: dict[str, Any] = {
        "status": ArchiveJob.Status.FAILED,
        "message": str(message),
        "finished_at": timezone.now(),
    }
    if job.kind == ArchiveJob.Kind.IMPORT and job.file:
        job.file.storage.delete(job.file.name)  # an uploaded archive is not kept once refused
        fields["file"] = ""
    ArchiveJob.objects.filter(pk=job.pk).update(**fields)
    return {"failed": True, "message": str(message)}


def run_export(job_id: int) -> dict:
    """Make the archive of an export job waiting in the queue."""
    job = _job(job_id, ArchiveJob.Kind.EXPORT, ArchiveJob.Status.QUEUED, claim=ArchiveJob.Status.RUNNING)
    if job is None:
        return {"skipped": True}
    with translation.override(_language(job)):
        try:
            with tempfile.TemporaryFile() as out:
                manifest = export_archive(job.workspace, out, progress=_progress(job.pk))
                size = out.seek(0, 2)
                out.seek(0)
                job.file.save("archive.zip", File(out), save=False)
        except Exception:  # noqa: BLE001 (recorded on the job and in the log)
            logger.exception("TwinSpace archive export %s failed", job_id)
            return _fail(job, _FAILED)
    ArchiveJob.objects.filter(pk=job.pk).update(
        status=ArchiveJob.Status.DONE,
        file=job.file.name,
        size=size,
        done=F("total"),
        summary=_summary(manifest),
        finished_at=timezone.now(),
    )
    return {"status": ArchiveJob.Status.DONE, "bytes": size}


def run_import_check(job_id: int) -> dict:
    """Check an uploaded archive and keep what it holds for the founder to confirm (writes nothing)."""
    job = _job(job_id, ArchiveJob.Kind.IMPORT, ArchiveJob.Status.CHECKING)
    if job is None:
        return {"skipped": True}
    with translation.override(_language(job)):
        try:
            with job.file.open("rb") as handle, open_zip(handle) as archive:
                room = room_for(job.requested_by, job.workspace)
                manifest = check(archive, room=room, progress=_progress(job.pk))
        except DomainError as exc:
            return _fail(job, exc.message)
        except Exception:  # noqa: BLE001
            logger.exception("TwinSpace archive check %s failed", job_id)
            return _fail(job, _FAILED)
    ArchiveJob.objects.filter(pk=job.pk, status=ArchiveJob.Status.CHECKING).update(
        status=ArchiveJob.Status.READY, summary=_summary(manifest)
    )
    return {"status": ArchiveJob.Status.READY}


def run_import(job_id: int) -> dict:
    """Import a confirmed archive into its workspace, as the founder who uploaded it (one transaction)."""
    job = _job(job_id, ArchiveJob.Kind.IMPORT, ArchiveJob.Status.QUEUED, claim=ArchiveJob.Status.RUNNING)
    if job is None:
        return {"skipped": True}
    actor, project = job.requested_by, job.workspace.project
    with translation.override(_language(job)):
        if not policies.may_import_archive(policies.role_of(actor, project), project):
            return _fail(job, _("You can no longer import an archive into this TwinSpace."))

        def finish(manifest: dict, counts: dict) -> None:
            ArchiveJob.objects.filter(pk=job.pk).update(
                status=ArchiveJob.Status.DONE,
                summary={**_summary(manifest), "counts": counts},
                file="",
                finished_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="twinspace.archive_imported",
                target=project,
                country_code=actor.country.code if actor.country_id else "",
                data={"job": job.pk, "from": _summary(manifest), "counts": counts},
            )

        try:
            with job.file.open("rb") as handle:
                counts = import_archive(handle, workspace=job.workspace, actor=actor, finish=finish)
        except DomainError as exc:
            return _fail(job, exc.message)
        except Exception:  # noqa: BLE001
            logger.exception("TwinSpace archive import %s failed", job_id)
            return _fail(job, _FAILED)
    job.file.storage.delete(job.file.name)  # imported: the uploaded archive is not kept
    return {"status": ArchiveJob.Status.DONE, "counts": counts}


# --- The built-in parts ------------------------------------------------------------------------------------


def _files_export(ctx: Export) -> None:
    rows = list(Attachment.objects.filter(host=services.FILES, host_id=ctx.workspace.pk).order_by("pk"))
    names = ctx.names({row.uploaded_by_id for row in rows})
    entries = []
    for n, attachment in enumerate(rows, 1):
        path = f"files/{n:04d}-{upload_check.display_name(attachment.name)}"
        try:
            with attachment.file.open("rb") as handle:
                ctx.write_file(path, handle, compress=attachment.kind in _PACKED_KINDS)
        except FileNotFoundError:  # lost from the storage before this export: nothing to take
            logger.warning("attachment %s has no file", attachment.pk)
            continue
        finally:
            ctx.advance()
        ctx.file_paths[attachment.pk] = path
        entries.append(
            {
                "path": path,
                "name": attachment.name,
                "kind": attachment.kind,
                "rights": attachment.rights,
                "description": attachment.description,
                "author": names.get(attachment.uploaded_by_id, ""),
                "created_at": _iso(attachment.created_at),
            }
        )
        ctx.link(_("Files"), attachment.name, path)
    ctx.write_json("files.json", {"files": entries})
    ctx.counts["files"] = len(entries)


def _files_import(ctx: Import) -> None:
    for entry in _rows(ctx.read_json("files.json"), "files"):
        path, name = _text(entry, "path"), _text(entry, "name")
        if not path.startswith("files/"):
            raise ArchiveError(_("The archive is missing %(name)s.") % {"name": path[:100]})
        upload = ContentFile(ctx.read(path), name=name)
        try:
            attachment = attach(
                actor=ctx.actor,
                host=services.FILES,
                host_id=ctx.workspace.pk,
                upload=upload,
                rights=_text(entry, "rights"),
                description=_text(entry, "description", 300),
            )
        except (UploadError, NotAllowed) as exc:
            raise ArchiveError(
                _("The file “%(name)s” cannot be imported: %(reason)s") % {"name": name[:100], "reason": exc.message}
            ) from None
        ctx.stored.append(attachment.file)
        ctx.attachments[path] = attachment
        ctx.file_urls[path] = reverse("files:attachment_named", args=[attachment.pk, attachment.name])
    ctx.counts["files"] = len(ctx.file_urls)


def _settings_export(ctx: Export) -> None:
    workspace = ctx.workspace
    ctx.write_json(
        "workspace.json",
        {
            "about": ctx.to_archive(workspace.about),
            "public": workspace.public,
            "public_materials": workspace.public_materials,
            "cover": ctx.file_paths.get(workspace.cover_id) if workspace.cover_id else None,  # a path in files/
        },
    )


def _settings_import(ctx: Import) -> None:
    """The archive's settings are taken only by a workspace that has no "about" text yet (its own win); the
    cover, only by one without a cover either."""
    data = ctx.read_json("workspace.json")
    workspace = ctx.workspace
    about, public = ctx.from_archive(_text(data, "about")), _flag(data, "public")
    public_materials, cover_path = _flag(data, "public_materials"), data.get("cover")
    cover = ctx.attachments[_text(data, "cover")] if cover_path is not None else None  # KeyError: damaged
    if not workspace.about:
        workspace.about, workspace.public, workspace.public_materials = about, public, public_materials
        fields = ["about", "public", "public_materials"]
        if cover is not None and cover.kind in upload_check.IMAGES and workspace.cover_id is None:
            workspace.cover = cover
            fields.append("cover")
        workspace.save(update_fields=fields)


def _pages_export(ctx: Export) -> None:
    tree = selectors.page_tree(ctx.workspace, drafts=True)
    full = Page.objects.filter(workspace=ctx.workspace).only("id", "body", "created_by_id", "updated_at").in_bulk()
    names = ctx.names({page.created_by_id for page in full.values()})
    keys = {node.page.pk: n for n, node in enumerate(tree, 1)}
    entries = []
    for node in tree:
        page, stored = node.page, full[node.page.pk]
        entry = {
            "key": keys[page.pk],
            "parent": keys.get(page.parent_id),
            "title": page.title,
            "position": page.position,
            "published": page.published,
            "body": ctx.to_archive(stored.body),
            "author": names.get(stored.created_by_id, ""),
            "updated_at": _iso(stored.updated_at),
        }
        entries.append(entry)
        path = f"pages/{entry['key']:04d}.html"
        # The stored text is sanitised on every write; only its file addresses change here.
        body = ctx.to_archive(sanitize(stored.body), prefix="../")
        ctx.write(path, ctx.render("twinspace/archive/page.html", {"page": entry, "body": body, "root": "../"}))
        ctx.link(_("Pages"), page.title, path, depth=node.depth, draft=not page.published)
        ctx.advance()
    ctx.write_json("pages.json", {"pages": entries})
    ctx.counts["pages"] = len(entries)


def _pages_import(ctx: Import) -> None:
    """The pages, in the archive's tree and order, after the workspace's own top-level pages."""
    workspace = ctx.workspace
    last = Page.objects.filter(workspace=workspace, parent=None).aggregate(n=Max("position"))["n"]
    offset = 0 if last is None else last + 1
    created: dict[int, Page] = {}
    for row in _rows(ctx.read_json("pages.json"), "pages"):
        key, parent_key = row["key"], row.get("parent")
        if not isinstance(key, int) or key in created or (parent_key is not None and parent_key not in created):
            raise ArchiveError(_("The archive's pages are not in order (a page comes before its parent)."))
        parent = created.get(parent_key) if parent_key is not None else None
        position = max(0, int(row.get("position", 0))) + (offset if parent is None else 0)
        created[key] = Page.objects.create(
            workspace=workspace,
            parent=parent,
            title=_title(row),
            body=ctx.from_archive(_text(row, "body")),
            position=position,
            published=_flag(row, "published"),
            created_by=ctx.actor,
            updated_by=ctx.actor,
        )
    ctx.counts["pages"] = len(created)


def _forum_part(host: str, name: str, label: Any) -> tuple[Callable[[Export], None], Callable[[Import], None]]:
    """The export and import of the workspace's forums of one host kind (the forum, the teachers' bulletin)."""

    def export(ctx: Export) -> None:
        forums = list(Forum.objects.filter(host=host, host_id=ctx.workspace.pk).order_by("position", "pk"))
        discussions = list(Discussion.objects.filter(forum__in=forums).order_by("created_at", "pk"))
        threads = list(Thread.objects.filter(discussion__in=discussions).order_by("created_at", "pk"))
        posts: dict[int, list[Post]] = {}
        for post in (
            Post.objects.filter(thread__discussion__forum__in=forums)
            .only("id", "thread_id", "author_id", "author_name", "body", "created_at", "edited_at", "hidden_at",
                  "hidden_reason", "erased")
            .order_by("created_at", "pk")
        ):  # fmt: skip
            posts.setdefault(post.thread_id, []).append(post)
        names = ctx.names({p.author_id for thread_posts in posts.values() for p in thread_posts if not p.author_name})

        def post_data(post: Post) -> dict:
            return {
                "author": post.author_name or names.get(post.author_id or 0, ""),
                "created_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
                "body": "" if post.erased else ctx.to_archive(sanitize(post.body)),
                "hidden": post.hidden_at is not None,
                "hidden_reason": post.hidden_reason,
                "erased": post.erased,
            }

        def thread_data(thread: Thread) -> dict:
            items = [post_data(post) for post in posts.get(thread.pk, [])]
            ctx.advance(len(items))
            return {
                "title": thread.title,
                "created_at": _iso(thread.created_at),
                "pinned": thread.pinned,
                "locked": thread.locked_at is not None,
                "posts": items,
            }

        by_discussion: dict[int, list[Thread]] = {}
        for thread in threads:
            by_discussion.setdefault(thread.discussion_id, []).append(thread)
        data = {
            "forums": [
                {
                    "title": forum.title,
                    "description": forum.description,
                    "position": forum.position,
                    "discussions": [
                        {
                            "title": d.title,
                            "description": d.description,
                            "created_at": _iso(d.created_at),
                            "locked": d.locked_at is not None,
                            "threads": [thread_data(t) for t in by_discussion.get(d.pk, [])],
                        }
                        for d in discussions
                        if d.forum_id == forum.pk
                    ],
                }
                for forum in forums
            ]
        }
        ctx.write_json(f"{name}.json", data)
        ctx.write(f"{name}.html", ctx.render("twinspace/archive/forum.html", {"title": str(label), **data}))
        ctx.link(_("Discussions"), str(label), f"{name}.html")
        ctx.counts[f"{name}_discussions"] = len(discussions)
        ctx.counts[f"{name}_threads"] = len(threads)
        ctx.counts[f"{name}_posts"] = sum(len(items) for items in posts.values())

    def import_(ctx: Import) -> None:
        now, actor = timezone.now(), ctx.actor
        counts = {"discussions": 0, "threads": 0, "posts": 0}
        for n, row in enumerate(_rows(ctx.read_json(f"{name}.json"), "forums")):
            forum = Forum.objects.filter(host=host, host_id=ctx.workspace.pk).order_by("position", "pk").first()
            if n or forum is None:
                forum = Forum.objects.create(
                    host=host,
                    host_id=ctx.workspace.pk,
                    title=" ".join(_text(row, "title", FORUM_TITLE_MAX).split()),
                    description=_text(row, "description", 1000),
                    position=max(0, min(int(row.get("position", 0)), 32767)),
                )
            for d in _rows(row, "discussions"):
                discussion = Discussion.objects.create(
                    forum=forum,
                    title=_title(d, FORUM_TITLE_MAX),
                    description=_text(d, "description", 1000),
                    created_by=actor,
                    locked_at=now if _flag(d, "locked") else None,
                )
                discussion.created_at = _when(d["created_at"])
                dated: list[Thread] = []
                for t in _rows(d, "threads"):
                    items = _rows(t, "posts")
                    thread = Thread.objects.create(
                        discussion=discussion,
                        title=_title(t, FORUM_TITLE_MAX),
                        author=actor,
                        pinned=_flag(t, "pinned"),
                        locked_at=now if _flag(t, "locked") else None,
                        post_count=len(items),
                        last_author=actor if items else None,
                    )
                    thread.created_at = _when(t["created_at"])
                    new_posts = [
                        Post(
                            thread=thread,
                            author=actor,
                            author_name=_text(p, "author", 150),
                            body="" if _flag(p, "erased") else ctx.from_archive(_text(p, "body")),
                            edited_at=_when(p["edited_at"]) if p.get("edited_at") else None,
                            hidden_at=now if _flag(p, "hidden") else None,
                            hidden_reason=_text(p, "hidden_reason", 500),
                            erased=_flag(p, "erased"),
                        )
                        for p in items
                    ]
                    Post.objects.bulk_create(new_posts, batch_size=500)
                    for post, p in zip(new_posts, items, strict=True):
                        post.created_at = _when(p["created_at"])  # the original dates (created_at is set on insert)
                    Post.objects.bulk_update(new_posts, ["created_at"], batch_size=500)
                    thread.last_post_at = max((post.created_at for post in new_posts), default=None)
                    dated.append(thread)
                    counts["posts"] += len(new_posts)
                Thread.objects.bulk_update(dated, ["created_at", "last_post_at"], batch_size=500)
                discussion.thread_count = len(dated)
                discussion.last_post_at = max((t.last_post_at for t in dated if t.last_post_at), default=None)
                discussion.save(update_fields=["created_at", "thread_count", "last_post_at"])
                counts["threads"] += len(dated)
                counts["discussions"] += 1
        ctx.counts.update({f"{name}_{key}": value for key, value in counts.items()})

    return export, import_


def _posts_in(host: str) -> Callable[[Workspace], int]:
    return lambda workspace: Post.objects.filter(
        thread__discussion__forum__host=host, thread__discussion__forum__host_id=workspace.pk
    ).count()


register_part(
    "files",
    _files_export,
    _files_import,
    size=lambda workspace: Attachment.objects.filter(host=services.FILES, host_id=workspace.pk).count(),
    labels={"files": gettext_lazy("files")},
)
register_part("settings", _settings_export, _settings_import)
register_part(
    "pages",
    _pages_export,
    _pages_import,
    size=lambda workspace: Page.objects.filter(workspace=workspace).count(),
    labels={"pages": gettext_lazy("pages")},
)
for _host, _name, _label, _posts_label in (
    (services.FORUM, "forum", gettext_lazy("Forum"), gettext_lazy("posts in the forum")),
    (
        services.BULLETIN,
        "bulletin",
        gettext_lazy("Teachers' bulletin"),
        gettext_lazy("posts in the teachers' bulletin"),
    ),
):
    register_part(
        _name, *_forum_part(_host, _name, _label), size=_posts_in(_host), labels={f"{_name}_posts": _posts_label}
    )


# --- The feed and the pupils' walls --------------------------------------------------------------------------


def _feed_export(ctx: Export) -> None:
    """The feed's updates with their comments, likes and pins; the pupils' walls too (the founders' archive
    keeps the pupils' work), named by the pupil's label. Only the feed is imported (``_feed_import``)."""
    updates = list(
        Update.objects.filter(workspace=ctx.workspace)
        .only("id", "wall_id", "author_id", "author_name", "body", "created_at", "pinned_at", "like_count")
        .order_by("created_at", "pk")
    )
    comments: dict[int, list[UpdateComment]] = {}
    for comment in (
        UpdateComment.objects.filter(update__workspace=ctx.workspace)
        .only("id", "update_id", "author_id", "author_name", "body", "created_at")
        .order_by("created_at", "pk")
    ):
        comments.setdefault(comment.update_id, []).append(comment)
    names = ctx.names(
        {u.author_id for u in updates if not u.author_name}
        | {c.author_id for items in comments.values() for c in items if not c.author_name}
        | {u.wall_id for u in updates if u.wall_id}
    )

    def author(row: Update | UpdateComment) -> str:
        return row.author_name or names.get(row.author_id or 0, "")

    def update_data(update: Update) -> dict:
        ctx.advance()
        return {
            "author": author(update),
            "created_at": _iso(update.created_at),
            "body": update.body,
            "pinned": update.pinned_at is not None,
            "pinned_at": _iso(update.pinned_at),
            "likes": update.like_count,
            "comments": [
                {"author": author(c), "created_at": _iso(c.created_at), "body": c.body}
                for c in comments.get(update.pk, [])
            ],
        }

    feed = [update_data(u) for u in updates if u.wall_id is None]
    by_wall: dict[int, list[dict]] = {}
    for update in updates:
        if update.wall_id is not None:
            by_wall.setdefault(update.wall_id, []).append(update_data(update))
    walls = sorted(
        ({"pupil": names.get(wall_id, ""), "updates": rows} for wall_id, rows in by_wall.items()),
        key=lambda wall: wall["pupil"],
    )
    ctx.write_json("feed.json", {"updates": feed, "walls": walls})
    # For people, as the feed shows them: pinned first, then the newest.
    shown = sorted(feed, key=lambda u: (u["pinned_at"] or "", u["created_at"] or ""), reverse=True)
    ctx.write("feed.html", ctx.render("twinspace/archive/feed.html", {"title": _("Updates"), "updates": shown}))
    ctx.link(_("Updates"), _("The feed"), "feed.html")
    if walls:
        newest_first = [{**wall, "updates": wall["updates"][::-1]} for wall in walls]
        ctx.write("walls.html", ctx.render("twinspace/archive/feed.html", {"title": _("Pupils' walls"),
                                                                              "walls": newest_first}))  # fmt: skip
        ctx.link(_("Updates"), _("Pupils' walls"), "walls.html")
    ctx.counts["feed_updates"] = len(feed)
    ctx.counts["feed_comments"] = sum(len(u["comments"]) for u in feed)
    ctx.counts["wall_updates"] = sum(len(wall["updates"]) for wall in walls)


def _update_body(row: dict) -> str:
    body = _text(row, "body").strip()
    if not body:
        raise ValueError("an empty update or comment")
    return body[:UPDATE_MAX]


def _feed_import(ctx: Import) -> None:
    """The feed's updates and comments, with their authors' names, dates, pins and like counts. The pupils'
    walls are not imported: their pupils are not in this project (the counts say how many were left)."""
    data = ctx.read_json("feed.json")
    rows = _rows(data, "updates")
    skipped = sum(len(_rows(wall, "updates")) for wall in _rows(data, "walls"))
    actor, now = ctx.actor, timezone.now()

    def by(row: dict) -> dict:
        """An imported row is the importing person's, naming its author; one whose author is gone, nobody's."""
        name = _text(row, "author", 150)
        return {"author": actor if name else None, "author_name": name}

    updates = [
        Update(
            workspace=ctx.workspace,
            body=_update_body(row),
            pinned_at=(_when(row["pinned_at"]) if row.get("pinned_at") else now) if _flag(row, "pinned") else None,
            like_count=min(max(0, int(row.get("likes") or 0)), 1_000_000),
            comment_count=len(_rows(row, "comments")),
            **by(row),
        )
        for row in rows
    ]
    Update.objects.bulk_create(updates, batch_size=500)
    comments, dates = [], []
    for update, row in zip(updates, rows, strict=True):
        update.created_at = _when(row["created_at"])  # the original dates (created_at is set on insert)
        for c in _rows(row, "comments"):
            comments.append(UpdateComment(update=update, body=_update_body(c), **by(c)))
            dates.append(_when(c["created_at"]))
    Update.objects.bulk_update(updates, ["created_at"], batch_size=500)
    UpdateComment.objects.bulk_create(comments, batch_size=500)
    for comment, when in zip(comments, dates, strict=True):
        comment.created_at = when
    UpdateComment.objects.bulk_update(comments, ["created_at"], batch_size=500)
    ctx.counts["feed_updates"] = len(updates)
    ctx.counts["feed_comments"] = len(comments)
    if skipped:
        ctx.counts["walls_skipped"] = skipped


# --- The materials and albums --------------------------------------------------------------------------------


def _materials_export(ctx: Export) -> None:
    """Albums and materials: a file by its path in the archive (the files part), an embed by its link, and
    whether visitors see it. The pupils an image shows are not written (personal data, and they are not
    pupils of another project)."""
    albums = list(Album.objects.filter(workspace=ctx.workspace).order_by("created_at", "pk"))
    items = list(
        Material.objects.filter(workspace=ctx.workspace)
        .select_related("attachment")
        .only("id", "album_id", "title", "embed_url", "public", "created_by_id", "created_at",
              "attachment__id", "attachment__name", "attachment__kind", "attachment__description")
        .order_by("created_at", "pk")
    )  # fmt: skip
    names = ctx.names({a.created_by_id for a in albums} | {m.created_by_id for m in items})
    keys = {album.pk: n for n, album in enumerate(albums, 1)}
    album_rows = [
        {
            "key": keys[album.pk],
            "title": album.title,
            "description": album.description,
            "author": names.get(album.created_by_id or 0, ""),
            "created_at": _iso(album.created_at),
        }
        for album in albums
    ]
    rows, shown = [], []
    for material in items:
        ctx.advance()
        path = ctx.file_paths.get(material.attachment_id) if material.attachment_id else None
        if material.attachment_id and path is None:  # its file was lost before this export
            logger.warning("material %s has no file in the archive", material.pk)
            continue
        row = {
            "title": material.title,
            "album": keys.get(material.album_id),
            "file": path,
            "embed_url": material.embed_url,
            "public": material.public,
            "author": names.get(material.created_by_id or 0, ""),
            "created_at": _iso(material.created_at),
        }
        rows.append(row)
        attachment = material.attachment
        shown.append(
            {
                **row,
                "image": attachment is not None and attachment.kind in upload_check.IMAGES,
                "name": attachment.name if attachment else "",
                "description": attachment.description if attachment else "",
            }
        )
    ctx.write_json("materials.json", {"albums": album_rows, "materials": rows})
    groups = [{**album, "items": [m for m in shown if m["album"] == album["key"]]} for album in album_rows]
    loose = [m for m in shown if m["album"] is None]
    groups += [{"title": "", "items": loose}] if loose else []
    ctx.write("materials.html", ctx.render("twinspace/archive/materials.html", {"groups": groups}))
    ctx.link(_("Materials"), _("Materials and albums"), "materials.html")
    ctx.counts["albums"] = len(album_rows)
    ctx.counts["materials"] = len(rows)


def _materials_import(ctx: Import) -> None:
    """The albums and materials, with no pupil tagged and none public (the founders decide again here). A
    link to a site this installation does not allow is left out (the counts say how many)."""
    data = ctx.read_json("materials.json")
    actor = ctx.actor
    albums: dict[int, Album] = {}
    for row in _rows(data, "albums"):
        key = row["key"]
        if not isinstance(key, int) or key in albums:
            raise ValueError("album keys")
        albums[key] = Album(
            workspace=ctx.workspace,
            title=_title(row),
            description=" ".join(_text(row, "description").split())[:500],
            created_by=actor,
        )
    album_rows = {row["key"]: row for row in _rows(data, "albums")}
    Album.objects.bulk_create(list(albums.values()), batch_size=500)
    for key, album in albums.items():
        album.created_at = _when(album_rows[key]["created_at"])
    Album.objects.bulk_update(list(albums.values()), ["created_at"], batch_size=500)
    items, dates, used, skipped = [], [], set(), 0
    for row in _rows(data, "materials"):
        album_key = row.get("album")
        album = albums[album_key] if album_key is not None else None  # KeyError: damaged
        path, link = row.get("file"), _text(row, "embed_url").strip()
        if bool(path) == bool(link):
            raise ValueError("a material is a file or a link")
        attachment = None
        if path:
            attachment = ctx.attachments[_text(row, "file")]
            if attachment.pk in used:
                raise ValueError("two materials of one file")
            used.add(attachment.pk)
        elif len(link) > 500 or embeds.embed_for(link) is None:
            skipped += 1
            continue
        items.append(
            Material(workspace=ctx.workspace, album=album, title=_title(row), attachment=attachment,
                     embed_url=link if attachment is None else "", public=False, created_by=actor)
        )  # fmt: skip
        dates.append(_when(row["created_at"]))
    Material.objects.bulk_create(items, batch_size=500)
    for material, when in zip(items, dates, strict=True):
        material.created_at = when
    Material.objects.bulk_update(items, ["created_at"], batch_size=500)
    ctx.counts["albums"] = len(albums)
    ctx.counts["materials"] = len(items)
    if skipped:
        ctx.counts["materials_skipped"] = skipped


register_part(
    "feed",
    _feed_export,
    _feed_import,
    size=lambda workspace: Update.objects.filter(workspace=workspace).count(),
    labels={
        "feed_updates": gettext_lazy("updates in the feed"),
        "feed_comments": gettext_lazy("comments on updates"),
        "wall_updates": gettext_lazy("updates on pupils' walls"),
        "walls_skipped": gettext_lazy("updates on pupils' walls not imported (the pupils are not in this project)"),
    },
)
register_part(
    "materials",
    _materials_export,
    _materials_import,
    size=lambda workspace: Material.objects.filter(workspace=workspace).count(),
    labels={
        "albums": gettext_lazy("albums"),
        "materials": gettext_lazy("materials"),
        "materials_skipped": gettext_lazy("materials not imported (links to sites not allowed here)"),
    },
)
