"""Files attached to a place — an image in a group's page, a workspace's materials — built once for every
domain. A domain registers the kind of place once, from its ``AppConfig.ready()``:

    register_attachment_host("groups.group", group_files)

``group_files(user, host_id)`` answers with ``FileAccess`` (may the person read the place's files, upload
to it, how many bytes the place may hold), or ``None`` when the person may not see the place at all (404).

Every upload goes through ``core.upload_check`` (the kind from the content, images encoded again without
metadata) with the platform's limits (rules ``uploads.max_file_mb``, ``uploads.max_image_mb``), carries a
rights statement and is stored under a random name on private storage. ``/files/<id>/`` sends it only to
whoever the place lets read (``core.files.serve_private``: X-Accel-Redirect or X-Sendfile in production).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import upload_check
from .errors import DomainError, NotAllowed
from .pupils import is_pupil
from .rules import rule

MB = 1024 * 1024


@dataclass(frozen=True)
class FileAccess:
    read: bool = True
    upload: bool = False
    quota_bytes: int | None = None  # what the place may hold in all (None: no quota)
    allowed: frozenset[str] = upload_check.MATERIALS  # kinds this place takes
    # Which of the place's files this person may read, when not all of them (e.g. a visitor of a public
    # workspace reads only the files its public pages show); None: every file of the place.
    visible: Callable[[Any], bool] | None = None


_HOSTS: dict[str, Callable[[Any, int], FileAccess | None]] = {}
_PUPIL_HOSTS: set[str] = set()


def register_attachment_host(kind: str, access: Callable[[Any, int], FileAccess | None], *, pupils=False) -> None:
    """``access(user, host_id)`` says what the person may do with the host's files; a pupil's account reads
    only the files of hosts registered with ``pupils=True`` (its workspaces)."""
    _HOSTS[kind] = access
    if pupils:
        _PUPIL_HOSTS.add(kind)


def access_for(user: Any, host: str, host_id: int) -> FileAccess | None:
    resolve = _HOSTS.get(host)
    if is_pupil(user) and host not in _PUPIL_HOSTS:
        resolve = None
    access = resolve(user, host_id) if resolve is not None else None
    return access if access is not None and access.read else None


def snapshot() -> tuple[dict, set]:
    return dict(_HOSTS), set(_PUPIL_HOSTS)


def restore(saved: tuple[dict, set]) -> None:
    _HOSTS.clear()
    _HOSTS.update(saved[0])
    _PUPIL_HOSTS.clear()
    _PUPIL_HOSTS.update(saved[1])


class UploadError(DomainError):
    def __init__(self, message, *, field: str | None = "file"):
        super().__init__(message)
        self.field = field


def limits(country_id: int | None = None) -> tuple[int, int]:
    """(bytes per file, bytes per image) in force for a person of ``country_id`` (their NSO may set its
    own; else the platform's rules, 20 MB and 5 MB by default)."""
    return rule("uploads.max_file_mb", country_id) * MB, rule("uploads.max_image_mb", country_id) * MB


def used_bytes(host: str, host_id: int) -> int:
    from .models import Attachment

    return Attachment.objects.filter(host=host, host_id=host_id).aggregate(n=Sum("size"))["n"] or 0


@transaction.atomic
def attach(*, actor: Any, host: str, host_id: int, upload, rights: str, description: str = ""):
    """Check and store an upload for a place; ``UploadError`` with a message for the person otherwise
    (nothing is stored)."""
    from .models import Attachment, Rights

    access = access_for(actor, host, host_id)
    if access is None or not access.upload:
        raise NotAllowed(_("You cannot add files here."))
    if rights not in Rights.values:
        raise UploadError(_("Say whose work this is and how it may be used."), field="rights")
    max_file, max_image = limits(getattr(actor, "country_id", None))
    try:
        checked = upload_check.check_upload(
            upload, allowed=access.allowed, max_bytes=max_file, max_image_bytes=max_image
        )
    except ValidationError as exc:
        raise UploadError(exc.messages[0]) from None
    if access.quota_bytes is not None:
        used = used_bytes(host, host_id)
        if used + checked.size > access.quota_bytes:
            raise UploadError(
                _("This would go over the space of this place (%(used)s of %(quota)s used).")
                % {"used": filesizeformat(used), "quota": filesizeformat(access.quota_bytes)}
            )
    attachment = Attachment(
        host=host,
        host_id=host_id,
        name=checked.display_name,
        kind=checked.kind.code,
        size=checked.size,
        width=checked.width,
        height=checked.height,
        rights=rights,
        description=" ".join((description or "").split())[:300],
        uploaded_by=actor,
    )
    attachment.file.save(checked.display_name, checked.content, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)  # no row, no file
        raise
    return attachment
