"""A test-only host ("test.room") whose access the test sets per person, and a forum with content."""

from __future__ import annotations

import contextlib

from twinning.discussions import hosts, policies, services
from twinning.discussions.models import Discussion, Forum, Thread

ROOM = "test.room"
READER = hosts.Access(title="Test room", url="/en/", read=True)
MEMBER = hosts.Access(title="Test room", url="/en/", read=True, start_thread=True, reply=True)
PUPIL = hosts.Access(title="Test room", url="/en/", read=True, reply=True)
LEADER = hosts.Access(
    title="Test room", url="/en/", read=True, start_discussion=True, start_thread=True, reply=True, moderate=True
)


class Room:
    """Who may do what in the test room: ``room.grant(user, MEMBER)``; anyone else cannot see it."""

    def __init__(self):
        self.rights: dict[int | None, hosts.Access] = {}

    def grant(self, user, access: hosts.Access | None) -> None:
        key = getattr(user, "pk", None)
        if access is None:
            self.rights.pop(key, None)
        else:
            self.rights[key] = access
        if user is not None:
            policies.forget(user)

    def access(self, user, host_id: int) -> hosts.Access | None:
        return self.rights.get(getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None)


@contextlib.contextmanager
def room_host():
    saved = hosts.snapshot()
    room = Room()
    hosts.register_host(ROOM, "test room", room.access)
    try:
        yield room
    finally:
        hosts.restore(saved)


def forum_with_thread(room: Room, leader, *, posts: int = 1) -> tuple[Forum, Discussion, Thread]:
    room.grant(leader, LEADER)
    forum = services.forum_create(host=ROOM, host_id=1, title="Our forum")
    discussion = services.discussion_create(actor=leader, forum=forum, title="Water")
    thread = services.thread_create(actor=leader, discussion=discussion, title="Rain gauges", body="<p>Post 1</p>")
    for n in range(2, posts + 1):
        services.post_reply(actor=leader, thread=thread, body=f"<p>Post {n}</p>")
    thread.refresh_from_db()
    return forum, discussion, thread
