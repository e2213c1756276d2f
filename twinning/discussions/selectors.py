"""Reads of the discussion engine. Every list reads one table (its counters are kept by the services) and
the names of the people it shows, in a fixed number of queries whatever the size of the forum."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet

from .models import Discussion, Forum, Post, Thread, ThreadRead

_PEOPLE = ("id", "first_name", "last_name", "email")


def forum_of(host: str, host_id: int) -> Forum | None:
    """The (first) forum of a place, or None."""
    return Forum.objects.filter(host=host, host_id=host_id).order_by("position", "pk").first()


def forums_of(host: str, host_id: int) -> list[Forum]:
    return list(Forum.objects.filter(host=host, host_id=host_id).order_by("position", "pk"))


def discussions_of(forum: Forum) -> list[Discussion]:
    """A forum's discussions, the most recently active first (a forum holds tens, not thousands)."""
    return list(Discussion.objects.filter(forum=forum).order_by(F("last_post_at").desc(nulls_last=True), "pk")[:500])


def threads_of(discussion: Discussion) -> QuerySet[Thread]:
    """A discussion's threads: pinned first, then by their last post (``paginate`` cuts a page)."""
    return (
        Thread.objects.filter(discussion=discussion)
        .select_related("author", "last_author")
        .only(
            "id",
            "title",
            "created_at",
            "post_count",
            "last_post_at",
            "pinned",
            "locked_at",
            "discussion_id",
            *(f"author__{c}" for c in _PEOPLE),
            *(f"last_author__{c}" for c in _PEOPLE),
        )
        .order_by("-pinned", F("last_post_at").desc(nulls_last=True), "-id")
    )


def posts_of(thread: Thread) -> QuerySet[Post]:
    """A thread's posts in the order they were written (``paginate`` cuts a page)."""
    return (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .only(
            "id",
            "thread_id",
            "body",
            "created_at",
            "edited_at",
            "hidden_at",
            "erased",
            "author_id",
            "author_name",
            *(f"author__{c}" for c in _PEOPLE),
        )
        .order_by("created_at", "id")
    )


def read_marks(user: Any, threads: list[Thread]) -> dict[int, Any]:
    """When ``user`` last read each of ``threads`` (one query; nothing for visitors)."""
    if not getattr(user, "is_authenticated", False) or not threads:
        return {}
    return dict(
        ThreadRead.objects.filter(user=user, thread_id__in=[t.pk for t in threads]).values_list("thread_id", "read_at")
    )


def participants(thread: Thread, *, limit: int = 50) -> list[int]:
    """The people who wrote in a thread (those told of new replies), most recent first."""
    ids: list[int] = []
    for author_id in (
        Post.objects.filter(thread=thread, author__isnull=False, erased=False)
        .order_by("-created_at")
        .values_list("author_id", flat=True)[: limit * 5]
    ):
        if author_id not in ids:
            ids.append(author_id)
            if len(ids) >= limit:
                break
    return ids


def posts_by(user: Any) -> QuerySet[Post]:
    return Post.objects.filter(author=user).select_related("thread").order_by("created_at", "id")


def unread_by_discussion(user: Any, discussions: list[Discussion]) -> dict[int, int]:
    """For each discussion, how many of its threads have posts ``user`` has not read (one query; nothing
    for visitors). A thread never opened counts when someone else wrote in it."""
    if not getattr(user, "is_authenticated", False) or not discussions:
        return {}
    read = ThreadRead.objects.filter(user=user, thread=OuterRef("pk"), read_at__gte=OuterRef("last_post_at"))
    rows = (
        Thread.objects.filter(discussion__in=[d.pk for d in discussions], last_post_at__isnull=False)
        .exclude(last_author=user)
        .exclude(Exists(read))
        .values("discussion_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["discussion_id"]: row["n"] for row in rows}


def discussions_with_unread(user: Any, forum: Forum | None, *, limit: int | None = None) -> list[Discussion]:
    """A forum's discussions (the most recently active first, up to ``limit``), each with ``unread``: how
    many of its threads have posts ``user`` has not read (two queries)."""
    if forum is None:
        return []
    discussions = discussions_of(forum)
    if limit is not None:
        discussions = discussions[:limit]
    unread = unread_by_discussion(user, discussions)
    for item in discussions:
        item.unread = unread.get(item.pk, 0)  # type: ignore[attr-defined]
    return discussions


def with_unread_marks(user: Any, threads: list[Thread]) -> list[Thread]:
    """Give each listed thread ``unread``: it has posts ``user`` has not read (one query; never for visitors)."""
    marks = read_marks(user, threads)
    for thread in threads:
        seen = marks.get(thread.pk)
        thread.unread = bool(  # type: ignore[attr-defined]
            getattr(user, "is_authenticated", False)
            and thread.last_post_at
            and (seen is None or seen < thread.last_post_at)
        )
    return threads


def shown_posts(posts: list[Post], *, thread: Thread, viewer: Any, moderate: bool, seen: Any) -> list[Post]:
    """Prepare a page of posts for the reader: ``shown`` ("body", "hidden" for others, "hidden-visible" for
    its author and the moderators, "erased"), ``new`` (written by someone else since the reader's last
    visit) and ``body_html`` (the text as pages show it, when shown)."""
    from twinning.core.richtext import show

    viewer_id = getattr(viewer, "pk", None)
    for post in posts:
        post.thread = thread  # known: no query per post when its rights are checked
        post.new = bool(  # type: ignore[attr-defined]
            viewer_id and post.author_id != viewer_id and (seen is None or post.created_at > seen)
        )
        if post.erased:
            shown = "erased"
        elif post.hidden_at is None:
            shown = "body"
        else:
            shown = "hidden-visible" if moderate or post.author_id == viewer_id else "hidden"
        post.shown = shown  # type: ignore[attr-defined]
        post.body_html = show(post.body) if shown in ("body", "hidden-visible") else ""  # type: ignore[attr-defined]
    return posts
