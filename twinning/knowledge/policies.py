"""Who may do what in the knowledge base: everyone (visitors too) reads published articles; CSS staff and
administrators write every article (those for every country included); NSO staff write their own country's
articles only (another country's answers 404, as a missing one); a draft is 404 to anyone who may not edit
it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.staff.policies import is_css_staff, nso_country_ids

from .models import Article, Status


def is_editor(user: Any) -> bool:
    """May open the knowledge base's staff pages (CSS staff, administrators, NSO staff)."""
    return bool(getattr(user, "is_authenticated", False)) and (is_css_staff(user) or bool(nso_country_ids(user)))


def editable_country_ids(user: Any) -> set[int] | None:
    """The countries whose articles the person writes (``None``: every country and the all-country ones)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return None if is_css_staff(user) else nso_country_ids(user)


def can_edit_country(user: Any, country_id: int | None) -> bool:
    """May write an article for ``country_id`` (``None``: for every country, the CSS's)."""
    ids = editable_country_ids(user)
    if ids is None:
        return True
    return country_id is not None and country_id in ids


def can_edit(user: Any, article: Article) -> bool:
    return can_edit_country(user, article.country_id)


def article_or_404(user: Any, slug: Any) -> Article:
    """A published article for anyone; a draft only for those who may edit it."""
    article = get_or_404(Article.objects.select_related("category", "country"), slug=slug)
    if article.status != Status.PUBLISHED and not can_edit(user, article):
        raise Http404
    return article


def published_article_or_404(slug: Any) -> Article:
    """A published article (votes and "this answered my question" are on published articles only)."""
    return get_or_404(Article.objects.select_related("category", "country"), slug=slug, status=Status.PUBLISHED)


def editable_article_or_404(user: Any, article_id: Any) -> Article:
    article = get_or_404(Article.objects.select_related("category", "country"), pk=article_id)
    if not can_edit(user, article):
        raise Http404
    return article
