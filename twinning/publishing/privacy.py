"""A person's part of publishing in their data download, and its erasure: proposals never published are
deleted; published articles stay (they are the magazine's), without the author's name or account; a seat on
the editorial board ends; Wagtail's revisions of the articles lose the name and account as well."""

from __future__ import annotations

from django.db.models import Q

from twinning.core import privacy as core_privacy

from .models import ArticlePage, EditorialBoardMember


def export_publishing(user) -> dict:
    articles = ArticlePage.objects.filter(owner=user).order_by("pk")
    board = EditorialBoardMember.objects.filter(user=user).first()
    return {
        "articles": [
            {
                "title": a.title,
                "summary": a.summary,
                "licence": a.licence,
                "published": a.live,
                "first_published_at": a.first_published_at.isoformat() if a.first_published_at else None,
            }
            for a in articles
        ],
        "editorial_board_role": board.role if board else None,
    }


def _erase_from_revisions(user, page_ids: list[int]) -> None:
    """Wagtail keeps every revision's copy of the page: the name and account go from those copies too, and the
    person from the revisions they saved."""
    from wagtail.models import Revision

    revisions = Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids]).only("pk", "content")
    for revision in revisions.iterator():
        content = dict(revision.content or {})
        changed = False
        if content.get("author_name"):
            content["author_name"], changed = "", True
        for key in ("author", "owner"):
            if content.get(key) == user.pk:
                content[key], changed = None, True
        if changed:
            revision.content = content
            revision.save(update_fields=["content"])
    Revision.objects.filter(user=user).update(user=None)


def erase_publishing(user) -> None:
    for page in ArticlePage.objects.filter(owner=user, first_published_at__isnull=True):
        page.delete()
    kept = list(ArticlePage.objects.filter(Q(owner=user) | Q(author=user)).values_list("pk", flat=True))
    ArticlePage.objects.filter(owner=user).update(owner=None, author=None, author_name="")
    ArticlePage.objects.filter(author=user).update(author=None, author_name="")
    _erase_from_revisions(user, kept)
    EditorialBoardMember.objects.filter(user=user).delete()


core_privacy.register_exporter("publishing", export_publishing, position=90)
core_privacy.register_eraser("publishing", erase_publishing)
