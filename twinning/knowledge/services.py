"""Every write of the knowledge base: an article saved (created or edited) and published or unpublished by
the staff who may edit it (audited), a person's vote on an article (one per person, a change of mind moves
the counters), and a deflection ("this answered my question": at most one a day per person and article)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import plain_text, sanitize
from twinning.core.services import audit_record
from twinning.core.text import transliterate_greek

from . import policies
from .models import RESERVED_SLUGS, Article, Category, Deflection, Status, Vote


class ArticleError(DomainError):
    """The article cannot be saved as written (the message names what to change)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotPublished(DomainError):
    pass


def visitor_key(session_key: str) -> str:
    """A visitor's key for votes and deflections: their session key, hashed (never stored as it is)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"knowledge:{session_key}".encode(), hashlib.sha256).hexdigest()


def _country_code(article: Article) -> str:
    return article.country.code if article.country_id and article.country else ""


def _slug_for(slug: str, titles: tuple[str, str]) -> str:
    """The address given, or one made from the English title (or the Greek one, in Latin letters)."""
    made = slugify(slug or "") or slugify(titles[0]) or slugify(transliterate_greek(titles[1]))
    return made[:120].strip("-")


def _check_text(fields: dict[str, str]) -> None:
    messages = {
        "en": _("The English version needs both a title and a text (or neither)."),
        "el": _("The Greek version needs both a title and a text (or neither)."),
    }
    complete = []
    for language in ("en", "el"):
        has_title = bool(fields[f"title_{language}"].strip())
        has_body = bool(plain_text(fields[f"body_{language}"]))
        if has_title != has_body:
            raise ArticleError(messages[language], field=f"title_{language}" if not has_title else f"body_{language}")
        if has_title:
            complete.append(language)
    if not complete:
        raise ArticleError(_("Write the article in English or in Greek (a title and a text)."), field="title_en")


@transaction.atomic
def article_save(
    *,
    by: Any,
    article: Article | None = None,
    category: Category,
    country: Any = None,
    slug: str = "",
    title_en: str = "",
    title_el: str = "",
    summary_en: str = "",
    summary_el: str = "",
    body_en: str = "",
    body_el: str = "",
    publish: bool | None = None,
) -> Article:
    """Create (``article=None``) or edit an article; ``publish`` True/False publishes or unpublishes it
    (``None`` leaves its status)."""
    country_id = getattr(country, "pk", country)
    if article is not None and not policies.can_edit(by, article):
        raise NotAllowed(_("You may not edit this article."))
    if not policies.can_edit_country(by, country_id):
        raise NotAllowed(_("You may write articles for your own country only."))
    fields = {
        "title_en": (title_en or "").strip(),
        "title_el": (title_el or "").strip(),
        "summary_en": (summary_en or "").strip(),
        "summary_el": (summary_el or "").strip(),
        "body_en": sanitize(body_en),
        "body_el": sanitize(body_el),
    }
    _check_text(fields)
    slug = _slug_for(slug, (fields["title_en"], fields["title_el"]))
    if not slug or slug in RESERVED_SLUGS:
        raise ArticleError(_("Choose another address for this article."), field="slug")
    taken = Article.objects.filter(slug=slug)
    if article is not None:
        taken = taken.exclude(pk=article.pk)
    if taken.exists():
        raise ArticleError(_("Another article has this address: choose another one."), field="slug")
    now = timezone.now()
    created = article is None
    if article is None:
        article = Article(author=by if getattr(by, "pk", None) else None, created_at=now)
    changed = created or any(getattr(article, name) != value for name, value in fields.items())
    changed = changed or article.slug != slug or article.category_id != category.pk
    changed = changed or article.country_id != country_id
    for name, value in fields.items():
        setattr(article, name, value)
    article.slug = slug
    article.category = category
    article.country_id = country_id
    article.updated_at = now
    was_published = article.status == Status.PUBLISHED
    if publish is True and not was_published:
        article.status, article.published_at = Status.PUBLISHED, now
    elif publish is False and was_published:
        article.status = Status.DRAFT
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        raise ArticleError(_("Another article has this address: choose another one."), field="slug") from None
    code = _country_code(article)
    if created:
        audit_record(actor=by, action="knowledge.article_created", target=article, country_code=code)
    elif changed:
        audit_record(actor=by, action="knowledge.article_changed", target=article, country_code=code)
    if article.status == Status.PUBLISHED and not was_published:
        audit_record(actor=by, action="knowledge.article_published", target=article, country_code=code)
    elif was_published and article.status != Status.PUBLISHED:
        audit_record(actor=by, action="knowledge.article_unpublished", target=article, country_code=code)
    return article


@transaction.atomic
def article_publish(*, by: Any, article: Article) -> Article:
    if not policies.can_edit(by, article):
        raise NotAllowed(_("You may not edit this article."))
    if article.status == Status.PUBLISHED:
        return article
    article.status, article.published_at = Status.PUBLISHED, timezone.now()
    article.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="knowledge.article_published", target=article, country_code=_country_code(article))
    return article


@transaction.atomic
def article_unpublish(*, by: Any, article: Article) -> Article:
    if not policies.can_edit(by, article):
        raise NotAllowed(_("You may not edit this article."))
    if article.status != Status.PUBLISHED:
        return article
    article.status = Status.DRAFT
    article.save(update_fields=["status"])
    audit_record(actor=by, action="knowledge.article_unpublished", target=article, country_code=_country_code(article))
    return article


def _voter(user: Any, voter_key: str) -> dict[str, Any]:
    if getattr(user, "is_authenticated", False):
        return {"user": user}
    if not voter_key:
        raise DomainError(_("Your vote could not be counted: allow cookies and try again."))
    return {"user": None, "voter_key": voter_key}


def _counter(helpful: bool) -> str:
    return "helpful_count" if helpful else "unhelpful_count"


@transaction.atomic
def vote(*, article: Article, helpful: bool, user: Any = None, voter_key: str = "") -> Vote:
    """One person's answer to "did this help?": a second identical vote changes nothing; a changed answer
    moves one count from one counter to the other."""
    if article.status != Status.PUBLISHED:
        raise NotPublished(_("This article is not published."))
    who = _voter(user, voter_key)
    lookup = {"user": who["user"]} if who["user"] is not None else {"voter_key": who["voter_key"]}
    existing = Vote.objects.select_for_update().filter(article=article, **lookup).first()
    if existing is None:
        try:
            with transaction.atomic():
                row = Vote.objects.create(article=article, helpful=helpful, **who)
        except IntegrityError:  # the same person's other request won the race: that vote stands
            return Vote.objects.get(article=article, **lookup)
        Article.objects.filter(pk=article.pk).update(**{_counter(helpful): F(_counter(helpful)) + 1})
        return row
    if existing.helpful == helpful:
        return existing
    existing.helpful, existing.created_at = helpful, timezone.now()
    existing.save(update_fields=["helpful", "created_at"])
    old = _counter(not helpful)
    Article.objects.filter(pk=article.pk, **{f"{old}__gt": 0}).update(**{old: F(old) - 1})
    Article.objects.filter(pk=article.pk).update(**{_counter(helpful): F(_counter(helpful)) + 1})
    return existing


@transaction.atomic
def record_deflection(
    *, article: Article, user: Any = None, voter_key: str = "", country: Any = None
) -> tuple[Deflection, bool]:
    """ "This answered my question, I do not need to send a ticket": recorded once a day per person and
    article; returns the row and whether it is new."""
    if article.status != Status.PUBLISHED:
        raise NotPublished(_("This article is not published."))
    who = _voter(user, voter_key)
    if who["user"] is not None and country is None:
        country = getattr(who["user"], "country_id", None)
    country_id = getattr(country, "pk", country)
    day = timezone.localdate()
    lookup = {"user": who["user"]} if who["user"] is not None else {"voter_key": who["voter_key"]}
    existing = Deflection.objects.filter(article=article, day=day, **lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = Deflection.objects.create(article=article, day=day, country_id=country_id, **who)
    except IntegrityError:
        return Deflection.objects.get(article=article, day=day, **lookup), False
    return row, True
