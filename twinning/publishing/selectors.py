"""Reads of the published pages, shaped here so that the pages run a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from twinning.core.cache import forget, remembered

from .models import (
    ArticleCategory,
    ArticlePage,
    ArticleTag,
    EditorialBoardMember,
    MagazineIndexPage,
    MagazineIssue,
    NewsPage,
    ResourcePage,
)


def links_under(anchor: Page, pages: list[Page]) -> None:
    """Give each page (a descendant of ``anchor``) its ``link`` from the anchor's address, found once: Wagtail's
    own ``page.url`` looks the site up and reverses a URL for every page of a list."""
    base = anchor.get_url() or ""
    prefix = anchor.url_path
    for page in pages:
        page.link = base + page.url_path[len(prefix) :]


def article_cards(magazine: Page, *, issue: MagazineIssue | None = None, limit: int | None = None) -> list[ArticlePage]:
    """The cards of the magazine's published articles (newest first), each with its ``link``, ``card_categories``
    and ``card_tags``: three queries whatever the number of articles, without their texts."""
    qs = (
        ArticlePage.objects.live()
        .public()
        .child_of(magazine)
        .select_related("issue", "author")
        .only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id", "content_type_id", "first_published_at",
            "last_published_at", "summary", "author_name", "issue__number", "author__first_name", "author__last_name",
        )
        .order_by("-first_published_at", "-pk")
    )  # fmt: skip
    if issue is not None:
        qs = qs.filter(issue=issue)
    cards = list(qs[:limit] if limit else qs)
    ids = [card.pk for card in cards]
    categories: dict[int, list[ArticleCategory]] = {}
    through = ArticlePage.categories.through
    for row in (
        through.objects.filter(articlepage_id__in=ids)
        .select_related("articlecategory")
        .order_by("articlecategory__name_en")
    ):
        categories.setdefault(row.articlepage_id, []).append(row.articlecategory)
    tags: dict[int, list[str]] = {}
    for object_id, name in (
        ArticleTag.objects.filter(content_object_id__in=ids)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        tags.setdefault(object_id, []).append(name)
    links_under(magazine, cards)
    for card in cards:
        card.card_categories = categories.get(card.pk, [])
        card.card_tags = tags.get(card.pk, [])
    return cards


def magazine_front(magazine: MagazineIndexPage) -> dict[str, Any]:
    """The latest issue (with its editorial) and the latest articles."""
    latest = MagazineIssue.objects.select_related("cover").order_by("-number").first()
    return {"latest_issue": latest, "articles": article_cards(magazine, limit=20)}


@dataclass
class IssueRow:
    issue: MagazineIssue
    articles: int


def issues_with_articles(magazine: Page) -> list[IssueRow]:
    """Every issue, newest first, with the number of its articles published in the magazine's language (two
    queries; each issue's page lists its articles)."""
    issues = list(MagazineIssue.objects.select_related("cover").order_by("-number"))
    counts = dict(
        ArticlePage.objects.live()
        .public()
        .child_of(magazine)
        .filter(issue__isnull=False)
        .order_by()
        .values_list("issue_id")
        .annotate(n=Count("pk"))
    )
    return [IssueRow(issue=i, articles=counts.get(i.pk, 0)) for i in issues]


def news_under(section: Page, *, limit: int = 30) -> list[NewsPage]:
    """The latest news of a section and its country sections, each with its ``link``, without their texts."""
    news = list(
        NewsPage.objects.live()
        .public()
        .descendant_of(section)
        .only("id", "title", "slug", "url_path", "path", "depth", "locale_id", "content_type_id", "date", "summary")
        .order_by("-date", "-pk")[:limit]
    )
    links_under(section, news)
    return news


def resources_under(library: Page, *, filters: dict) -> list[ResourcePage]:
    qs = ResourcePage.objects.live().public().child_of(library).select_related("subject", "age_band", "document")
    if filters.get("licence"):
        qs = qs.filter(licence=filters["licence"])
    if filters.get("subject"):
        qs = qs.filter(subject=filters["subject"])
    if filters.get("age_band"):
        qs = qs.filter(age_band=filters["age_band"])
    return list(qs.order_by("title")[:200])


@dataclass
class ActivityRow:
    title: str
    description: Any
    project_id: int | None
    cards: list


def guide_activities(guide) -> list[ActivityRow]:
    """The guide's activities, each with its project's public card (none for an unknown or private project)."""
    from twinning.projects import selectors as project_selectors

    blocks = [b.value for b in guide.activities if b.block_type == "activity"]
    ids = {b.get("project_id") for b in blocks if b.get("project_id")}
    cards_by_id = {}
    if ids:
        projects = list(project_selectors.gallery().filter(pk__in=ids))
        cards_by_id = {c.project.pk: c for c in project_selectors.gallery_cards(projects)}
    rows = []
    for value in blocks:
        card = cards_by_id.get(value.get("project_id"))
        rows.append(
            ActivityRow(
                title=value.get("title", ""),
                description=value.get("description"),
                project_id=value.get("project_id"),
                cards=[card] if card else [],
            )
        )
    return rows


def current_locale() -> Locale | None:
    code = (get_language() or "el").split("-")[0]
    return Locale.objects.filter(language_code=code).first()


def search_pages(query: str, *, limit: int = 30) -> list[Page]:
    """Live, public pages of the page's language matching the words (Wagtail's search backend)."""
    query = (query or "").strip()[:200]
    locale = current_locale()
    if not query or locale is None:
        return []
    qs = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=2)
    results = qs.search(query, operator="and")[:limit]
    pages = list(results)
    specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    return [specific.get(p.pk, p) for p in pages]


# Asked on every signed-in page (the CMS link of the staff menu): kept in the shared cache between pages,
# dropped whenever a board membership is saved or deleted (publishing.signals; now and once the transaction commits).
BOARD_ROLE_SECONDS = 300


def board_role_key(user_id) -> str:
    return f"publishing:board-role:v1:{user_id}"


def forget_board_role(user_id) -> None:
    forget(board_role_key(user_id))


def board_role(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_publishing_board_role"):
        cached: str | None = user._publishing_board_role
        return cached
    role: str | None = remembered(
        board_role_key(user.pk),
        lambda: EditorialBoardMember.objects.filter(user=user).values_list("role", flat=True).first(),
        BOARD_ROLE_SECONDS,
    )
    user._publishing_board_role = role
    return role


def board_members() -> QuerySet[EditorialBoardMember]:
    return EditorialBoardMember.objects.select_related("user", "added_by").order_by("role", "user__last_name")


def articles_of(user) -> QuerySet[ArticlePage]:
    """The articles a person proposed (drafts included), newest first, with their workflow state."""
    return (
        ArticlePage.objects.filter(owner=user)
        .select_related("locale", "latest_revision")
        .prefetch_related("_workflow_states")
        .order_by("-latest_revision_created_at", "-pk")
    )


@dataclass
class Stage:
    code: str  # draft, in_review, with_editor_in_chief, changes_requested, accepted, scheduled, published
    label: str
    comment: str = ""
    editable: bool = False


def article_stages(pages: list[ArticlePage]) -> dict[int, Stage]:
    """Where each article stands in the editorial workflow, in words (three queries for any number)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _
    from wagtail.models import Revision, TaskState, WorkflowState

    from .cms import ACCEPT_TASK

    ids = [p.pk for p in pages]
    if not ids:
        return {}
    page_type = ContentType.objects.get_for_model(Page)
    latest: dict[int, WorkflowState] = {}
    states = (
        WorkflowState.objects.filter(base_content_type=page_type, object_id__in=[str(i) for i in ids])
        .select_related("current_task_state__task")
        .order_by("created_at", "pk")
    )
    for state in states:
        latest[int(state.object_id)] = state  # the newest wins
    rejected = {
        ts.workflow_state_id: ts.comment
        for ts in TaskState.objects.filter(
            workflow_state__in=[s.pk for s in latest.values()], status=TaskState.STATUS_REJECTED
        ).order_by("finished_at", "pk")
    }
    scheduled = dict(
        Revision.page_revisions.filter(object_id__in=[str(i) for i in ids], approved_go_live_at__isnull=False)
        .order_by("created_at")
        .values_list("object_id", "approved_go_live_at")
    )
    out: dict[int, Stage] = {}
    for page in pages:
        state = latest.get(page.pk)
        go_live = scheduled.get(str(page.pk))
        if page.live and not (state and state.status in (state.STATUS_IN_PROGRESS, state.STATUS_NEEDS_CHANGES)):
            out[page.pk] = Stage("published", _("Published"))
        elif go_live is not None:
            when = date_format(localtime(go_live), "SHORT_DATETIME_FORMAT")
            out[page.pk] = Stage("scheduled", _("Scheduled for %(when)s") % {"when": when})
        elif state is None or state.status == state.STATUS_CANCELLED:
            out[page.pk] = Stage("draft", _("Draft, not sent to the editorial board"))
        elif state.status == state.STATUS_NEEDS_CHANGES:
            comment = rejected.get(state.pk, "")
            label = _("Changes requested: %(comment)s") % {"comment": comment} if comment else _("Changes requested")
            out[page.pk] = Stage("changes_requested", label, comment=comment, editable=True)
        elif state.status == state.STATUS_APPROVED:
            out[page.pk] = Stage("accepted", _("Accepted"))
        elif state.current_task_state and state.current_task_state.task.name == ACCEPT_TASK:
            out[page.pk] = Stage("with_editor_in_chief", _("Reviewed: waiting for the editor-in-chief"))
        else:
            out[page.pk] = Stage("in_review", _("In review"))
    return out


def sections() -> list[Page]:
    """The live sections (magazine, news, information, publications, resources) of the page's language."""
    from .models import PublishingHomePage

    locale = current_locale()
    home = PublishingHomePage.objects.filter(locale=locale).first() if locale else None
    if home is None:
        return []
    return list(home.get_children().live().public().specific().order_by("path"))
