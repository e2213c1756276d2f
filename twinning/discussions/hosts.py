"""Where discussions live. A domain that offers forums (groups, workspaces, courses) registers its kind of
host once, from its ``AppConfig.ready()``:

    register_host("groups.group", _("group"), group_access)

``access(user, host_id)`` answers with an ``Access`` (what this person may do in that host's forums), or
``None`` when the person may not see the host at all (the engine then answers 404, as for a forum that does
not exist). The engine asks nothing else of the host and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Access:
    title: str  # the host's name (breadcrumbs, notifications)
    url: str  # the host's page
    read: bool = True
    start_discussion: bool = False
    start_thread: bool = False
    reply: bool = False
    moderate: bool = False  # hide and show posts, pin and lock threads, lock discussions
    read_only_reason: str = ""  # said on the page when nobody may write (e.g. "The project is closed.")
    forum_name: str = ""  # the forum's name in the reader's language, when the host names it (a bulletin)


@dataclass(frozen=True)
class Host:
    kind: str
    label: Any
    access: Callable[[Any, int], Access | None]
    pupils: bool = False  # pupils' accounts may enter (a workspace); everywhere else they get 404
    # Told of each new post in the host's forums (``on_post(host_id, post)``, inside the post's transaction):
    # e.g. a course's forum task counts a learner's posts. The engine does not wait for anything else.
    on_post: Callable[[int, Any], None] | None = None


_HOSTS: dict[str, Host] = {}


def register_host(
    kind: str,
    label,
    access: Callable[[Any, int], Access | None],
    *,
    pupils: bool = False,
    on_post: Callable[[int, Any], None] | None = None,
) -> None:
    _HOSTS[kind] = Host(kind, label, access, pupils, on_post)


def host(kind: str) -> Host | None:
    return _HOSTS.get(kind)


def snapshot() -> dict[str, Host]:
    return dict(_HOSTS)


def restore(saved: dict[str, Host]) -> None:
    _HOSTS.clear()
    _HOSTS.update(saved)
