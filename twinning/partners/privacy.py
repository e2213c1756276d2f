"""Partner finding's parts of a person's data: the download lists their posts, the erasure deletes them
(the teaching data of a profile — subjects, age bands, languages — is the accounts app's part)."""

from __future__ import annotations

from twinning.core import privacy as core_privacy

from .models import Post


def export_posts(user) -> list[dict]:
    posts = Post.objects.filter(author=user).prefetch_related("subjects", "age_bands", "languages", "countries_wanted")
    return [
        {
            "id": post.pk,
            "title": post.title,
            "description": post.description,
            "purpose": post.purpose,
            "theme": post.theme,
            "length": post.length,
            "erasmus_number": post.erasmus_number,
            "subjects": [s.code for s in post.subjects.all()],
            "age_bands": [a.code for a in post.age_bands.all()],
            "languages": [la.code for la in post.languages.all()],
            "countries_wanted": [c.code for c in post.countries_wanted.all()],
            "created_at": post.created_at.isoformat(),
            "expires_on": post.expires_on.isoformat(),
            "closed_at": post.closed_at.isoformat() if post.closed_at else None,
            "hidden_reason": post.hidden_reason,
        }
        for post in posts.order_by("pk")
    ]


def erase_posts(user) -> None:
    from .services import posts_erase_for

    posts_erase_for(user)


core_privacy.register_exporter("partner_posts", export_posts, position=40)
core_privacy.register_eraser("partner_posts", erase_posts, position=40)
