"""Writes of the discussion engine. Each checks what the host allows (``policies``), runs in one
transaction, keeps the counters the lists read, and audits the moderators' decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import plain_text, sanitize
from twinning.core.rules import rule
from twinning.core.services import audit_record
from twinning.staff.policies import can_act_for_country, is_support_staff

from . import hosts, policies, selectors
from .models import TITLE_MAX, Discussion, Forum, Post, Thread, ThreadRead


class DiscussionError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise DiscussionError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise DiscussionError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    return title


def _body(value: str) -> str:
    body = sanitize(value)
    if not plain_text(body) and "<img" not in body:
        raise DiscussionError(_("Write some text."), field="body")
    return body


def _check_rate(actor: Any) -> None:
    limit = rule("discussions.posts_per_hour")
    since = timezone.now() - timedelta(hours=1)
    if Post.objects.filter(author=actor, created_at__gte=since).count() >= limit:
        raise DiscussionError(
            _("You have written %(limit)d posts in the last hour, the most allowed. Try again a little later.")
            % {"limit": limit},
            field="body",
        )


def forum_create(*, host: str, host_id: int, title: str = "", description: str = "", position: int = 0) -> Forum:
    """A forum for a host (called by the host's own services, which decide who may create one). Without a
    title it is called "Forum" in each reader's language."""
    return Forum.objects.create(
        host=host,
        host_id=host_id,
        title=_title(title) if title else "",
        description=description.strip()[:1000],
        position=position,
    )


def discussion_open(*, forum: Forum, title: str, description: str = "") -> Discussion:
    """A discussion opened by the host's own services (a course's forum task), which decide who may; the
    people of the place then start threads in it."""
    return Discussion.objects.create(forum=forum, title=_title(title), description=(description or "").strip()[:1000])


@transaction.atomic
def discussion_create(*, actor: Any, forum: Forum, title: str, description: str = "") -> Discussion:
    if not policies.can_start_discussion(policies.access_for(actor, forum)):
        raise NotAllowed(_("You cannot start a discussion in this forum."))
    return Discussion.objects.create(
        forum=forum, title=_title(title), description=(description or "").strip()[:1000], created_by=actor
    )


def _added(thread: Thread, post: Post) -> None:
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_post_at=post.created_at, last_author=post.author
    )
    Discussion.objects.filter(pk=thread.discussion_id).update(last_post_at=post.created_at)
    forum = thread.discussion.forum
    registered = hosts.host(forum.host)
    if registered is not None and registered.on_post is not None:
        registered.on_post(forum.host_id, post)  # the host's own follow-up (e.g. a forum task's progress)


@transaction.atomic
def thread_create(*, actor: Any, discussion: Discussion, title: str, body: str) -> Thread:
    """A thread with its first post."""
    access = policies.access_for(actor, discussion.forum)
    if not policies.can_start_thread(access, discussion):
        raise NotAllowed(_("You cannot start a thread here."))
    title, body = _title(title), _body(body)
    _check_rate(actor)
    thread = Thread.objects.create(discussion=discussion, title=title, author=actor)
    post = Post.objects.create(thread=thread, author=actor, body=body)
    _added(thread, post)
    Discussion.objects.filter(pk=discussion.pk).update(thread_count=F("thread_count") + 1)
    ThreadRead.objects.create(user=actor, thread=thread, read_at=post.created_at)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def post_reply(*, actor: Any, thread: Thread, body: str) -> Post:
    """A reply; the others who wrote in the thread are told (once a day by default, as they chose)."""
    thread = Thread.objects.select_for_update().select_related("discussion__forum").get(pk=thread.pk)
    access = policies.access_for(actor, thread.discussion.forum)
    if not policies.can_reply(access, thread):
        if thread.locked_at is not None or thread.discussion.locked_at is not None:
            raise DiscussionError(_("This thread is closed to new replies."), field="body")
        raise NotAllowed(_("You cannot reply in this thread."))
    body = _body(body)
    _check_rate(actor)
    post = Post.objects.create(thread=thread, author=actor, body=body)
    _added(thread, post)
    ThreadRead.objects.update_or_create(user=actor, thread=thread, defaults={"read_at": post.created_at})
    others = [pk for pk in selectors.participants(thread) if pk != actor.pk]
    if others and access is not None:
        transaction.on_commit(lambda: _tell(others, thread, access.title, actor))
    return post


def _tell(recipient_ids: list[int], thread: Thread, place: str, actor: Any) -> None:
    from twinning.accounts.models import User
    from twinning.accounts.services import notify

    url = reverse("discussions:thread", args=[thread.pk]) + "?page=last"
    for recipient in User.objects.filter(pk__in=recipient_ids, is_active=True):
        if policies.access_for(recipient, thread.discussion.forum) is None:
            continue  # no longer a member of the place
        notify(
            recipient=recipient,
            kind="discussions.reply",
            title=gettext_lazy("New reply in “%(thread)s”") % {"thread": thread.title},
            body=gettext_lazy("%(name)s wrote in %(place)s.") % {"name": actor.display_name, "place": place},
            url=url,
        )


@transaction.atomic
def post_edit(*, actor: Any, post: Post, body: str) -> Post:
    access = policies.access_for(actor, post.thread.discussion.forum)
    if not policies.can_edit(actor, access, post):
        raise NotAllowed(_("You cannot edit this post."))
    body = _body(body)
    if body == post.body:
        return post
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    return post


def _moderated(actor: Any, forum: Forum, author: Any = None) -> None:
    """The place's moderators decide; for a post, so do the staff of its author's country (a report)."""
    if policies.can_moderate(policies.access_for(actor, forum)):
        return
    if author is not None and is_support_staff(actor) and can_act_for_country(actor, author.country_id):
        return
    raise NotAllowed(_("Only the moderators of this place can do this."))


def _country_code(user: Any) -> str:
    country = getattr(user, "country", None) if user is not None else None
    return country.code if country is not None else ""


@transaction.atomic
def post_hide(*, actor: Any, post: Post, reason: str) -> Post:
    """Hide a post from everyone but its author and the moderators (audited, with the reason)."""
    _moderated(actor, post.thread.discussion.forum, post.author)
    if post.hidden_at is None:
        post.hidden_at = timezone.now()
        post.hidden_reason = (reason or "").strip()[:500]
        post.save(update_fields=["hidden_at", "hidden_reason"])
        audit_record(
            actor=actor,
            action="discussions.post_hidden",
            target=post,
            country_code=_country_code(post.author),
            reason=post.hidden_reason,
        )
    return post


@transaction.atomic
def post_show(*, actor: Any, post: Post, reason: str = "") -> Post:
    _moderated(actor, post.thread.discussion.forum, post.author)
    if post.hidden_at is not None:
        post.hidden_at = None
        post.hidden_reason = ""
        post.save(update_fields=["hidden_at", "hidden_reason"])
        audit_record(
            actor=actor,
            action="discussions.post_shown",
            target=post,
            country_code=_country_code(post.author),
            reason=(reason or "").strip(),
        )
    return post


@transaction.atomic
def thread_lock(*, actor: Any, thread: Thread, locked: bool, reason: str = "") -> Thread:
    _moderated(actor, thread.discussion.forum)
    if (thread.locked_at is not None) != locked:
        thread.locked_at = timezone.now() if locked else None
        thread.save(update_fields=["locked_at"])
        action = "discussions.thread_locked" if locked else "discussions.thread_unlocked"
        audit_record(actor=actor, action=action, target=thread, reason=(reason or "").strip())
    return thread


@transaction.atomic
def thread_pin(*, actor: Any, thread: Thread, pinned: bool) -> Thread:
    _moderated(actor, thread.discussion.forum)
    if thread.pinned != pinned:
        thread.pinned = pinned
        thread.save(update_fields=["pinned"])
    return thread


def thread_read(*, user: Any, thread: Thread, known: Any = None) -> None:
    """Remember that ``user`` has read ``thread`` up to its last post. ``known``: when they last read it
    (the page has just read it): nothing is written when that is already the last post."""
    if not getattr(user, "is_authenticated", False) or thread.last_post_at is None:
        return
    if known is None:
        ThreadRead.objects.get_or_create(user=user, thread=thread, defaults={"read_at": thread.last_post_at})
    elif known < thread.last_post_at:
        ThreadRead.objects.filter(user=user, thread=thread).update(read_at=thread.last_post_at)
