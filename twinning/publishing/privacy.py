"""A person's part of publishing in their data download, and its erasure: proposals never published are
deleted; published articles stay (they are the magazine's), without the author's name or account; a seat on
the editorial board ends."""

from __future__ import annotations

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


def erase_publishing(user) -> None:
    for page in ArticlePage.objects.filter(owner=user, first_published_at__isnull=True):
        page.delete()
    ArticlePage.objects.filter(owner=user).update(owner=None, author=None, author_name="")
    ArticlePage.objects.filter(author=user).update(author=None, author_name="")
    EditorialBoardMember.objects.filter(user=user).delete()


core_privacy.register_exporter("publishing", export_publishing, position=90)
core_privacy.register_eraser("publishing", erase_publishing)
