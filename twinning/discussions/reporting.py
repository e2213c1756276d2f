"""Forum posts as reportable content (``core.registries.register_reportable``): the NSO of the author's
country reads a reported post and may hide it, without the moderation app importing this one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from twinning.core.registries import ReportTarget
from twinning.core.richtext import plain_text

from . import policies, services
from .models import Post

EXCERPT_MAX = 1000


def resolve_post(object_id: int) -> ReportTarget | None:
    post = Post.objects.select_related("thread__discussion__forum", "author__country").filter(pk=object_id).first()
    if post is None or post.erased:
        return None
    forum = post.thread.discussion.forum

    def visible_to(user: Any) -> bool:
        # Those who may read the post report it (its author has nothing to report).
        return policies.access_for(user, forum) is not None and getattr(user, "pk", None) != post.author_id

    return ReportTarget(
        author=post.author,
        excerpt=plain_text(post.body, EXCERPT_MAX),
        url=f"{reverse('discussions:thread', args=[post.thread_id])}#post-{post.pk}",
        hidden=post.hidden_at is not None,
        hide=lambda actor, reason: services.post_hide(actor=actor, post=post, reason=reason),
        unhide=lambda actor, reason: services.post_show(actor=actor, post=post, reason=reason),
        visible_to=visible_to,
    )
