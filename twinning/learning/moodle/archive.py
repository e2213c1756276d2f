"""Opening a Moodle course backup (``.mbz``) safely.

An ``.mbz`` is a gzip-compressed tar archive (Moodle 2.6 and later, the default) or a zip (older sites, or a
site set so). Either is checked as it is unpacked into a temporary folder, with the same rules as an H5P
package (``learning.h5p``, whose path check is reused): no absolute path, no ``..``, no backslash or drive
letter, no symbolic or hard link or device, no encrypted entry, no name twice, at most ``MAX_FILES`` files
and ``MAX_UNPACKED_BYTES`` bytes actually written (the sizes an archive declares are not trusted: an
archive bomb stops at the limit). A damaged archive (a truncated gzip, a broken zip) and an archive without
``moodle_backup.xml`` are refused with a message in the person's language; the temporary folder is always
removed.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError

from ..h5p import _is_symlink, _unsafe_name  # the same path rules as an H5P package's

MB = 1024 * 1024
MAX_BACKUP_BYTES = getattr(settings, "MOODLE_MAX_BACKUP_BYTES", 200 * MB)
MAX_UNPACKED_BYTES = getattr(settings, "MOODLE_MAX_UNPACKED_BYTES", 1024 * MB)
MAX_FILES = getattr(settings, "MOODLE_MAX_FILES", 20000)
MANIFEST = "moodle_backup.xml"
CHUNK = 1024 * 1024


class BackupRefused(DomainError):
    """The file is not a Moodle backup the platform can read (the message says why); nothing was changed."""


def check_size(size: int) -> None:
    if size <= 0:
        raise BackupRefused(_("The file is empty."))
    if size > MAX_BACKUP_BYTES:
        raise BackupRefused(
            _("The backup is too large: at most %(max)s. Make the backup without user data and try again.")
            % {"max": filesizeformat(MAX_BACKUP_BYTES)}
        )


def _damaged() -> BackupRefused:
    return BackupRefused(
        _("The backup is damaged and cannot be read (perhaps it was not downloaded whole): make it again in Moodle.")
    )


def _unsafe(name: str) -> BackupRefused:
    return BackupRefused(
        _("The backup is refused: it holds a file with an unsafe path (%(name)s).") % {"name": name[:120]}
    )


class _Budget:
    """Files and bytes written so far, refused beyond the limits."""

    def __init__(self, target: Path):
        self.target = target
        self.root = target.resolve()
        self.files = 0
        self.bytes = 0
        self.names: set[str] = set()

    def destination(self, name: str) -> Path | None:
        """Where an entry goes (None for the archive's own root folder); refused when unsafe or seen twice."""
        while name.startswith("./"):
            name = name[2:]
        if name in ("", "."):
            return None
        if _unsafe_name(name):
            raise _unsafe(name)
        clean = name.rstrip("/")
        path = self.target.joinpath(*clean.split("/"))
        if self.root not in path.resolve().parents:
            raise _unsafe(name)
        return path

    def add_file(self, name: str) -> None:
        if name in self.names:
            raise BackupRefused(_("The backup holds the same file twice (%(name)s).") % {"name": name[:120]})
        self.names.add(name)
        self.files += 1
        if self.files > MAX_FILES:
            raise BackupRefused(_("The backup holds too many files: at most %(max)s.") % {"max": MAX_FILES})

    def add_bytes(self, count: int) -> None:
        self.bytes += count
        if self.bytes > MAX_UNPACKED_BYTES:
            raise BackupRefused(
                _("The backup is too large once unpacked: at most %(max)s.")
                % {"max": filesizeformat(MAX_UNPACKED_BYTES)}
            )

    def copy(self, source: IO[bytes], path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            while chunk := source.read(CHUNK):
                self.add_bytes(len(chunk))
                out.write(chunk)


def _unpack_tar(handle: IO[bytes], budget: _Budget) -> None:
    try:
        with tarfile.open(fileobj=handle, mode="r:*") as archive:
            for member in archive:
                path = budget.destination(member.name)
                if member.isdir() or path is None:
                    continue
                if not member.isfile():  # symbolic and hard links, devices, fifos
                    raise BackupRefused(
                        _("The backup is refused: it holds a link or a special file (%(name)s).")
                        % {"name": member.name[:120]}
                    )
                budget.add_file(str(path.relative_to(budget.target)))
                source = archive.extractfile(member)
                if source is None:
                    raise _damaged()
                with source:
                    budget.copy(source, path)
    except BackupRefused:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError):
        raise _damaged() from None


def _unpack_zip(handle: IO[bytes], budget: _Budget) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_FILES:
                raise BackupRefused(_("The backup holds too many files: at most %(max)s.") % {"max": MAX_FILES})
            for info in infos:
                path = budget.destination(info.filename)
                if _is_symlink(info):
                    raise BackupRefused(
                        _("The backup is refused: it holds a link or a special file (%(name)s).")
                        % {"name": info.filename[:120]}
                    )
                if info.flag_bits & 0x1:
                    raise BackupRefused(_("The backup is refused: it holds encrypted files."))
                if info.is_dir() or path is None:
                    continue
                budget.add_file(str(path.relative_to(budget.target)))
                with archive.open(info) as source:
                    budget.copy(source, path)
    except BackupRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error, ValueError, NotImplementedError):
        raise _damaged() from None


def unpack(handle: IO[bytes], target: Path) -> None:
    """Check and unpack the archive ``handle`` (seekable, read from its start) into the empty folder ``target``."""
    handle.seek(0)
    head = handle.read(512)
    handle.seek(0)
    budget = _Budget(target)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _unpack_zip(handle, budget)
    elif head.startswith(b"\x1f\x8b") or head[257:262] == b"ustar":
        _unpack_tar(handle, budget)
    else:
        raise BackupRefused(
            _("The file is not a Moodle course backup (.mbz): it is neither a tar.gz nor a zip archive.")
        )
    if not (target / MANIFEST).is_file():
        raise BackupRefused(
            _("The archive is not a Moodle course backup: it has no moodle_backup.xml. Make a course backup in "
              "Moodle (without user data) and upload the .mbz file.")
        )  # fmt: skip


@contextmanager
def unpacked(handle: IO[bytes]) -> Iterator[Path]:
    """The backup unpacked into a temporary folder, removed when the block ends (whatever happens)."""
    folder = Path(tempfile.mkdtemp(prefix="moodle-"))
    try:
        unpack(handle, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
