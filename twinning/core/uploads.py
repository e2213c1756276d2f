"""Uploads, shared by every domain: how large a request a view takes, and private files' names.

- ``accepts_upload(max_bytes)`` raises the request-size limit for one view (the default,
  ``MAX_REQUEST_BYTES``, fits forms without files); ``RequestSizeLimitMiddleware`` refuses larger bodies
  before reading them.
- ``accept_uploads_under(prefix, max_bytes)`` does the same for the views under a path that an installed
  application serves (Wagtail's admin), whose views the platform cannot decorate.
- ``RandomName("profile-photos")`` names a stored file with a random, unguessable name that keeps only a
  known extension, so no file is found by guessing and no user-chosen name reaches the disk.
- ``private_storage`` is the storage for files that are not public (``STORAGES["private"]``).
- ``KeptUploads`` keeps an import's upload privately between the check and the job that imports it, and
  sweeps those never confirmed.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

_LIMIT_ATTR = "max_request_bytes"
SAFE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".csv", ".pdf", ".txt"}
    | {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".mp3", ".mp4"}
)


def accepts_upload(max_bytes: int):
    """Let a view take a request body of up to ``max_bytes`` (for example a file upload)."""

    def decorate(view):
        setattr(view, _LIMIT_ATTR, int(max_bytes))
        return view

    return decorate


_PATH_LIMITS: dict[str, int] = {}


def accept_uploads_under(prefix: str, max_bytes: int) -> None:
    """Let every view under the path ``prefix`` take a request body of up to ``max_bytes``."""
    _PATH_LIMITS[prefix] = int(max_bytes)


def request_limit_of(view, path: str = "") -> int | None:
    """The view's own limit, else that of the longest registered prefix of ``path``; None: the default."""
    own = getattr(view, _LIMIT_ATTR, None)
    if own is not None:
        return own
    matches = [prefix for prefix in _PATH_LIMITS if path.startswith(prefix)]
    return _PATH_LIMITS[max(matches, key=len)] if matches else None


@deconstructible
class RandomName:
    """``upload_to`` giving ``<prefix>/<yyyy>/<32 random hex>.<ext>``; unknown extensions are dropped."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        ext = os.path.splitext(filename or "")[1].lower()
        ext = ext if ext in SAFE_EXTENSIONS else ""
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    """The storage of private files (a callable, so that models and migrations refer to it lazily)."""
    return _private


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        _private._wrapped = empty


def sha256_of(handle) -> str:
    """The SHA-256 of a file read from its start (left at its start): an upload's fingerprint."""
    handle.seek(0)
    hasher = hashlib.sha256()
    while chunk := handle.read(1024 * 1024):
        hasher.update(chunk)
    handle.seek(0)
    return hasher.hexdigest()


@dataclass(frozen=True)
class KeptUploads:
    """Files uploaded for an import that runs as a job (``job_kind``): kept on private storage under ``folder``
    with a random name until the import ends, never trusted by name from a request (``is_ours``), and deleted by
    the app's daily sweep once ``keep`` has passed unless a waiting or running job still needs them (the job's
    ``params["stored"]``)."""

    folder: str
    extension: str
    job_kind: str
    keep: timedelta = timedelta(days=1)

    def is_ours(self, name: str) -> bool:
        return bool(re.fullmatch(rf"{re.escape(self.folder)}/[0-9a-f]{{32}}\.{re.escape(self.extension)}", name or ""))

    def keep_upload(self, upload) -> tuple[str, str]:
        """Store ``upload``: (its stored name, its SHA-256)."""
        storage = private_storage()
        name = storage.save(f"{self.folder}/{uuid.uuid4().hex}.{self.extension}", upload)
        with storage.open(name, "rb") as handle:
            return name, sha256_of(handle)

    def discard(self, name: str) -> None:
        """Delete a kept upload (only ever one of these)."""
        if self.is_ours(name):
            storage = private_storage()
            if storage.exists(name):
                storage.delete(name)

    def sweep(self, now=None) -> int:
        """Delete the kept uploads older than ``keep`` that no waiting or running job needs; how many."""
        from django.utils import timezone

        from .models import Job, JobState

        now = now or timezone.now()
        storage = private_storage()
        try:
            _folders, names = storage.listdir(self.folder)
        except (FileNotFoundError, NotImplementedError):
            return 0
        busy = set(
            Job.objects.filter(kind=self.job_kind, state__in=[JobState.QUEUED, JobState.RUNNING]).values_list(
                "params__stored", flat=True
            )
        )
        removed = 0
        for base in names:
            name = f"{self.folder}/{base}"
            if self.is_ours(name) and name not in busy and storage.get_modified_time(name) + self.keep < now:
                storage.delete(name)
                removed += 1
        return removed
