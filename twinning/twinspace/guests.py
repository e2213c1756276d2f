"""Guests of a TwinSpace: people who are not eTwinners (parents, a colleague outside the programme) whom a
teacher admin lets read chosen parts of the workspace through a link, until a date.

The parts a guest may be given are a registry, so that each part of the workspace adds itself with one call
from ``extensions``::

    register_guest_part("pages", gettext_lazy("Published pages"), template="twinspace/guest/_pages.html",
                        load=lambda workspace: ..., shows_file=lambda workspace, attachment_id: ...)

``load(workspace)`` gives what the part's section on the guest's home lists; ``shows_file`` says whether the
part shows an attached file (an image in a page), which the guest's file address then serves.

A guest never sees a pupil's personal data: authors who are pupils are shown as "Pupil", nobody's e-mail
is shown, there is no member list. The link's token is kept only as its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from twinning.core.pupils import is_pupil

from . import policies
from .models import GuestInvitation, Workspace

TOKEN_BYTES = 32
TOKEN_MAX = 100  # a longer token is not one of ours (never reaches the database)
LAST_USED_EVERY = timedelta(minutes=10)  # ``last_used_at`` written at most this often


@dataclass(frozen=True)
class GuestPart:
    key: str
    label: Any  # lazy text
    template: str  # its section on the guest's home (context: ``guest``, ``part``, ``data``)
    load: Callable[[Workspace], Any]
    shows_file: Callable[[Workspace, int], bool] | None = None
    position: int = 50


_PARTS: dict[str, GuestPart] = {}


def register_guest_part(
    key: str,
    label,
    *,
    template: str,
    load: Callable[[Workspace], Any],
    shows_file: Callable[[Workspace, int], bool] | None = None,
    position: int = 50,
) -> None:
    _PARTS[key] = GuestPart(key, label, template, load, shows_file, position)


def parts() -> list[GuestPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.position, part.key))


def part(key: str) -> GuestPart | None:
    return _PARTS.get(key)


def part_choices() -> list[tuple[str, str]]:
    return [(p.key, str(p.label)) for p in parts()]


# --- The link ---------------------------------------------------------------------------------------------


def new_token() -> tuple[str, str]:
    """A token for a link, and the hash kept of it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_valid(invitation: GuestInvitation, today=None) -> bool:
    today = today or timezone.localdate()
    return invitation.revoked_at is None and invitation.expires_on >= today


def guest_or_404(token: str, *, part_key: str | None = None) -> GuestInvitation:
    """The invitation of a link that is still valid (not revoked, not expired, its project's workspace open),
    with its workspace and project; 404 otherwise, and when ``part_key`` is not one of the chosen parts.
    Marks the link used (at most every few minutes)."""
    if not token or len(token) > TOKEN_MAX:
        raise Http404
    invitation = (
        GuestInvitation.objects.select_related("workspace__project").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or not is_valid(invitation) or not policies.is_open(invitation.workspace.project):
        raise Http404
    if invitation.workspace.hidden_at is not None:
        raise Http404  # hidden by moderation: nobody but the staff concerned sees it
    if part_key is not None and (part_key not in invitation.parts or part_key not in _PARTS):
        raise Http404
    now = timezone.now()
    if invitation.last_used_at is None or invitation.last_used_at < now - LAST_USED_EVERY:
        GuestInvitation.objects.filter(pk=invitation.pk).update(last_used_at=now)
        invitation.last_used_at = now
    invitation.token = token  # type: ignore[attr-defined] - for the links of the pages it shows
    return invitation


def chosen_parts(invitation: GuestInvitation) -> list[GuestPart]:
    return [p for p in parts() if p.key in invitation.parts]


def shows_file(invitation: GuestInvitation, attachment_id: int) -> bool:
    """Whether one of the guest's parts (or the workspace's "about" text) shows this file of the workspace."""
    workspace = invitation.workspace
    from .materials import files_showing_pupils_without_consent  # materials reads services, which reads this

    if files_showing_pupils_without_consent(workspace, {attachment_id}):
        return False  # a guest is outside the project: an image of such a pupil is never theirs to see
    if f"/files/{attachment_id}/" in (workspace.about or ""):
        return True
    return any(p.shows_file is not None and p.shows_file(workspace, attachment_id) for p in chosen_parts(invitation))


# --- What a guest sees ------------------------------------------------------------------------------------

_FILE_LINK = re.compile(r'(src|href)="/files/(\d+)/([^"/]*)"')


def guest_html(html: str, token: str) -> SafeString:
    """Rich text as ``richtext.show`` rendered it, its attached files pointed at the guest's file address
    (``/files/`` checks the logged-in person, and a guest is not one)."""

    def _to_guest(match: re.Match) -> str:
        url = reverse("twinspace:guest_file", args=[token, int(match.group(2))])
        return f'{match.group(1)}="{url}{match.group(3)}"'

    return mark_safe(_FILE_LINK.sub(_to_guest, str(html)))  # noqa: S308 - sanitised HTML, a local path swapped


def post_author_label(post: Any) -> str:
    """A post's (an update's, a comment's) author for a guest. One imported from an archive names its original
    author in free text, which may be a pupil's name: a guest is not shown it."""
    if getattr(post, "author_name", ""):
        return _("a member of the project")
    return author_label(post.author)


def author_label(user: Any) -> str:
    """How a guest sees an author: a pupil as "Pupil", anyone else by name, never by e-mail."""
    if user is None:
        return _("a former member")
    if is_pupil(user):
        return _("Pupil")
    return user.get_full_name() or _("a member of the project")
