"""The knowledge base: short bilingual help articles in the helpdesk's ticket categories, people's votes on
whether an article helped, and deflections (a person read a suggested article and did not send a ticket).

The articles are the helpdesk's own rows, not Wagtail pages (docs/knowledge.md): they belong to a ticket
category, their votes and deflections sit beside the tickets, and the suggestions shown while a ticket is
typed come from one indexed query. Search columns are derived from the text in ``save()``:

- ``search_title`` / ``search_text``: the titles, and the titles, summaries and plain bodies of both
  languages, folded (``core.text.normalize_search``): the SQLite path scores them with ``LIKE``;
- ``search_vector``: the same folded text as a weighted ``tsvector`` (titles A, summaries B, bodies C,
  ``simple`` configuration: no stemming, Greek and English alike), GIN-indexed on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField, plain_text
from twinning.core.text import normalize_search

TITLE_MAX = 200
SUMMARY_MAX = 500
LANGUAGES = ("en", "el")
# Addresses under /help/ that an article's slug may not take.
RESERVED_SLUGS = frozenset({"c", "staff", "suggest", "new", "search"})


def current_language() -> str:
    return "el" if (get_language() or "").startswith("el") else "en"


class Category(models.Model):
    """What an article is about: the same keys as the helpdesk's ticket categories."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_el = models.CharField(_("name (Greek)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("knowledge base category")
        verbose_name_plural = _("knowledge base categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_el if current_language() == "el" and self.name_el else self.name_en


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


@dataclass(frozen=True)
class Version:
    """What a page shows of an article in one language; ``fallback`` when the page's language is missing."""

    language: str
    title: str
    summary: str
    body: str
    fallback: bool


_SEARCHED = frozenset({"title_en", "title_el", "summary_en", "summary_el", "body_en", "body_el"})


class Article(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    # The country whose people the article is for; none: every country (written by the CSS).
    country = models.ForeignKey(
        "reference.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX, blank=True)
    title_el = models.CharField(_("title (Greek)"), max_length=TITLE_MAX, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=SUMMARY_MAX, blank=True)
    summary_el = models.TextField(_("summary (Greek)"), max_length=SUMMARY_MAX, blank=True)
    body_en = RichTextField(_("text (English)"), blank=True)
    body_el = RichTextField(_("text (Greek)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept by the services with F() (votes), never recounted on a page.
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)
    search_title = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "pk"]
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")
        indexes = [
            models.Index(fields=["status", "category", "country"], name="knowledge_article_list_idx"),
            models.Index(fields=["status", "helpful_count"], name="knowledge_article_helpful_idx"),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_el or self.slug

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        refresh = update_fields is None or bool(_SEARCHED & set(update_fields))
        if refresh:
            titles, summaries, bodies = self.search_parts()
            self.search_title = titles
            self.search_text = " ".join(part for part in (titles, summaries, bodies) if part)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        super().save(*args, **kwargs)
        if refresh and connection.vendor == "postgresql":
            set_search_vector(self.pk, titles, summaries, bodies)

    @property
    def published(self) -> bool:
        return self.status == Status.PUBLISHED

    def has_language(self, language: str) -> bool:
        """Written in ``language`` (the service saves a language's title and text together)."""
        return bool(getattr(self, f"title_{language}", ""))

    def shown_language(self, language: str | None = None) -> str:
        """``language`` (the page's by default) when the article is written in it, else the other one."""
        wanted = language or current_language()
        if self.has_language(wanted):
            return wanted
        other = "el" if wanted == "en" else "en"
        return other if self.has_language(other) else wanted

    @property
    def title(self) -> str:
        return getattr(self, f"title_{self.shown_language()}") or self.slug

    @property
    def summary(self) -> str:
        return getattr(self, f"summary_{self.shown_language()}")

    def version(self, language: str | None = None) -> Version:
        """The article in ``language`` (the page's by default), or in the other one when not written yet."""
        wanted = language or current_language()
        shown = self.shown_language(wanted)
        return Version(
            language=shown,
            title=getattr(self, f"title_{shown}") or self.slug,
            summary=getattr(self, f"summary_{shown}"),
            body=getattr(self, f"body_{shown}"),
            fallback=shown != wanted,
        )

    def search_parts(self) -> tuple[str, str, str]:
        """Folded (titles, summaries, plain bodies) of both languages."""
        titles = normalize_search(f"{self.title_en} {self.title_el}")
        summaries = normalize_search(f"{self.summary_en} {self.summary_el}")
        bodies = normalize_search(f"{plain_text(self.body_en)} {plain_text(self.body_el)}")
        return titles, summaries, bodies


def set_search_vector(pk: int, titles: str, summaries: str, bodies: str) -> None:
    """PostgreSQL: the weighted vector of one article (titles A, summaries B, bodies C) from its folded text."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    Article.objects.filter(pk=pk).update(
        search_vector=SearchVector(Value(titles), weight="A", config="simple")
        + SearchVector(Value(summaries), weight="B", config="simple")
        + SearchVector(Value(bodies), weight="C", config="simple")
    )


class Vote(models.Model):
    """Whether an article helped one person: a logged-in person by account, a visitor by their session."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    voter_key = models.CharField(max_length=64, blank=True, default="")  # hashed session key of a visitor
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], condition=Q(user__isnull=False), name="knowledge_vote_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["article", "voter_key"], condition=~Q(voter_key=""), name="knowledge_vote_one_per_visitor"
            ),
        ]

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} {self.article_id}"


class Deflection(models.Model):
    """A person said "this answered my question, I do not need to send a ticket" (at most once a day per
    article and person)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voter_key = models.CharField(max_length=64, blank=True, default="")
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()  # the local date, for "once a day"
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="knowledge_deflection_at_idx"),
            models.Index(fields=["country", "created_at"], name="knowledge_deflection_c_at_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user", "day"],
                condition=Q(user__isnull=False),
                name="knowledge_deflection_daily_user",
            ),
            models.UniqueConstraint(
                fields=["article", "voter_key", "day"],
                condition=~Q(voter_key=""),
                name="knowledge_deflection_daily_visitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}"
