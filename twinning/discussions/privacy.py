"""A person's forum posts in their data download; on erasure the text of their posts is blanked (the rows
stay, marked erased, so that the others' threads still read in order), their read marks go."""

from __future__ import annotations

from twinning.core import privacy as core_privacy
from twinning.core.richtext import plain_text

from .models import Post, ThreadRead


def export_posts(user) -> list[dict]:
    return [
        {
            "thread": post.thread.title,
            "written_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "html": post.body,
            "text": plain_text(post.body),
            "hidden_by_moderators": post.hidden_at is not None,
        }
        for post in Post.objects.filter(author=user, erased=False).select_related("thread").order_by("created_at", "id")
    ]


def erase_posts(user) -> None:
    Post.objects.filter(author=user).update(body="", erased=True, hidden_reason="")
    ThreadRead.objects.filter(user=user).delete()


core_privacy.register_exporter("forum_posts", export_posts, position=85)
core_privacy.register_eraser("forum_posts", erase_posts)
