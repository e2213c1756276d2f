"""Who may do what in partner finding.

- Validated eTwinners search posts, people and schools, publish posts and see suggestions.
- A post's page: open posts for every eTwinner; the author sees their own posts in any state (closed,
  expired, hidden by the NSO); staff serving the author's country see it too (moderation).
- Only the author edits, closes or renews a post. "Missing" and "not yours" both answer 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from twinning.accounts.policies import is_etwinner
from twinning.core.lookups import get_or_404
from twinning.staff.policies import can_act_for_country, is_support_staff

from .models import Post


def can_use_partner_finding(user) -> bool:
    return is_etwinner(user)


def can_see_post(user, post: Post) -> bool:
    if getattr(user, "pk", None) == post.author_id:
        return True
    if is_support_staff(user) and can_act_for_country(user, post.author.country_id):
        return True
    return is_etwinner(user) and post.is_open and post.author.is_active and post.author.anonymised_at is None


def post_page_or_404(user, post_id, *, queryset: QuerySet[Post] | None = None) -> Post:
    post = get_or_404(queryset if queryset is not None else Post.objects.select_related("author"), pk=post_id)
    if not can_see_post(user, post):
        raise Http404
    return post


def own_post_or_404(user, post_id, *, queryset: QuerySet[Post] | None = None) -> Post:
    """A post of the user's own (edit, close, renew); anyone else's answers 404."""
    qs = queryset if queryset is not None else Post.objects.all()
    return get_or_404(qs.filter(author_id=getattr(user, "pk", None)), pk=post_id)


def can_edit_post(user, post: Post) -> bool:
    return getattr(user, "pk", None) == post.author_id and is_etwinner(user)
