"""Who may do what in a forum: the host decides (``hosts.Access``); the engine adds the rules of its own
(a locked thread takes no reply, a post is edited by its author or a moderator). A forum, discussion,
thread or post the person may not see answers 404, as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil

from . import hosts
from .models import Discussion, Forum, Post, Thread

_MEMO = "_discussions_access"


def access_for(user: Any, forum: Forum) -> hosts.Access | None:
    """What ``user`` may do in ``forum`` (asked of its host once per person, forum and request)."""
    memo = getattr(user, _MEMO, None) if user is not None else None
    key = (forum.host, forum.host_id)
    if memo is not None and key in memo:
        return memo[key]
    registered = hosts.host(forum.host)
    access = registered.access(user, forum.host_id) if registered is not None else None
    if access is not None and registered is not None and is_pupil(user) and not registered.pupils:
        access = None  # a pupil's account enters only the forums of its workspaces
    if access is not None and not access.read:
        access = None
    if user is not None:
        try:
            if memo is None:
                memo = {}
                setattr(user, _MEMO, memo)
            memo[key] = access
        except AttributeError:  # an object that takes no attributes: no memo
            pass
    return access


def forget(user: Any) -> None:
    if hasattr(user, _MEMO):
        delattr(user, _MEMO)


def _checked(user: Any, forum: Forum) -> hosts.Access:
    access = access_for(user, forum)
    if access is None:
        raise Http404
    return access


def forum_or_404(user: Any, forum_id: Any) -> tuple[Forum, hosts.Access]:
    forum = get_or_404(Forum.objects.all(), pk=forum_id)
    return forum, _checked(user, forum)


def discussion_or_404(user: Any, discussion_id: Any) -> tuple[Discussion, hosts.Access]:
    discussion = get_or_404(Discussion.objects.select_related("forum"), pk=discussion_id)
    return discussion, _checked(user, discussion.forum)


def thread_or_404(user: Any, thread_id: Any) -> tuple[Thread, hosts.Access]:
    thread = get_or_404(Thread.objects.select_related("discussion__forum"), pk=thread_id)
    return thread, _checked(user, thread.discussion.forum)


def post_or_404(user: Any, post_id: Any) -> tuple[Post, hosts.Access]:
    post = get_or_404(Post.objects.select_related("thread__discussion__forum", "author"), pk=post_id)
    access = _checked(user, post.thread.discussion.forum)
    if post.hidden_at is not None and not (access.moderate or post.author_id == getattr(user, "pk", None)):
        raise Http404
    return post, access


def can_start_discussion(access: hosts.Access | None) -> bool:
    return bool(access and access.start_discussion)


def can_start_thread(access: hosts.Access | None, discussion: Discussion) -> bool:
    return bool(access and access.start_thread and (discussion.locked_at is None or access.moderate))


def can_reply(access: hosts.Access | None, thread: Thread, discussion: Discussion | None = None) -> bool:
    discussion = discussion or thread.discussion
    if not access or not access.reply:
        return False
    return access.moderate or (thread.locked_at is None and discussion.locked_at is None)


def can_edit(user: Any, access: hosts.Access | None, post: Post) -> bool:
    """Moderators edit any post; authors their own while they may still reply there."""
    if not access or post.erased:
        return False
    if access.moderate:
        return True
    return post.author_id is not None and post.author_id == getattr(user, "pk", None) and can_reply(access, post.thread)


def can_moderate(access: hosts.Access | None) -> bool:
    return bool(access and access.moderate)
