"""Writes of publishing done from the platform's own pages: an author's proposal (a draft article sent to
the editorial workflow), its revision after the board asked for changes, the editorial board's members.
Everything else (reviewing, accepting, scheduling, publishing) happens in Wagtail's admin."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Workflow, WorkflowState

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record

from . import policies
from .models import ArticlePage, EditorialBoardMember, MagazineIndexPage


class MagazineMissing(DomainError):
    pass


class NotEditable(DomainError):
    pass


def paragraphs_to_rich_text(text: str) -> str:
    """An author's plain text as Wagtail rich text: one paragraph per blank-line-separated block, escaped."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br/>".join(escape(line) for line in b.split("\n")) + "</p>" for b in blocks)


def _unique_slug(parent: Page, title: str) -> str:
    from twinning.core.text import latin_key

    base = (slugify(latin_key(title)) or "article")[:60]
    slug, n = base, 1
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(page: ArticlePage, data: dict[str, Any]) -> None:
    page.title = data["title"]
    page.summary = data.get("summary", "")
    page.body = paragraphs_to_rich_text(data["body"])
    page.licence = data["licence"]
    page.pupils_consent = bool(data["consent"])
    checked = data.get("image")
    if checked is not None:
        from wagtail.images import get_image_model

        image = get_image_model()(title=page.title[:255])
        image.file.save(checked.display_name, checked.content, save=False)
        image.save()
        page.cover_image = image


def _set_relations(page: ArticlePage, data: dict[str, Any]) -> None:
    category = data.get("category")
    page.categories.set([category] if category else [])
    page.tags.set(data.get("tags") or [])


@transaction.atomic
def article_propose(*, author, magazine: MagazineIndexPage | None, data: dict[str, Any]) -> ArticlePage:
    """A validated teacher proposes an article: a draft owned by them, sent to the editorial workflow."""
    if not policies.can_propose_article(author):
        raise NotAllowed(_("Only validated eTwinning teachers may propose articles."))
    if magazine is None:
        raise MagazineMissing(_("The magazine is not open to proposals yet."))
    if not data.get("consent"):
        raise DomainError(_("Declare that every pupil shown has consent to publication."))
    page = ArticlePage(
        owner=author,
        author=author,
        author_name=author.get_full_name(),
        live=False,
        locale_id=magazine.locale_id,
    )
    _apply(page, data)
    page.slug = _unique_slug(magazine, page.title)
    magazine.add_child(instance=page)
    _set_relations(page, data)
    revision = page.save_revision(user=author, log_action=True)
    workflow = magazine.get_workflow()
    if workflow is not None:
        workflow.start(page, author)
    audit_record(actor=author, action="publishing.article_proposed", target=page, data={"revision": revision.pk})
    return page


@transaction.atomic
def article_revise(*, author, page: ArticlePage, data: dict[str, Any]) -> ArticlePage:
    """The author's new version after the board asked for changes; the review goes on from where it stopped."""
    state = article_workflow_state(page)
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES or page.owner_id != author.pk:
        raise NotEditable(_("This article can be changed only while the editorial board asks for changes."))
    page = page.get_latest_revision_as_object()
    _apply(page, data)
    _set_relations(page, data)
    page.save_revision(user=author, log_action=True)
    state.resume(author)
    audit_record(actor=author, action="publishing.article_revised", target=page)
    return page


def article_workflow_state(page: Page) -> WorkflowState | None:
    return WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()


def default_workflow() -> Workflow | None:
    from .cms import WORKFLOW_NAME

    return Workflow.objects.filter(name=WORKFLOW_NAME).first()


@transaction.atomic
def board_member_set(*, actor, user, role: str) -> EditorialBoardMember:
    """CSS staff appoint a member of the editorial board (or change their role)."""
    if not policies.can_manage_board(actor):
        raise NotAllowed(_("Only CSS staff manage the editorial board."))
    if role not in EditorialBoardMember.Role.values:
        raise DomainError(_("Choose a role."))
    member, created = EditorialBoardMember.objects.update_or_create(
        user=user, defaults={"role": role, "added_by": actor}
    )
    audit_record(
        actor=actor,
        action="publishing.board_member_added" if created else "publishing.board_member_changed",
        target=member,
        data={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def board_member_remove(*, actor, member: EditorialBoardMember) -> None:
    if not policies.can_manage_board(actor):
        raise NotAllowed(_("Only CSS staff manage the editorial board."))
    audit_record(actor=actor, action="publishing.board_member_removed", target=member, data={"user": member.user_id})
    user = member.user
    member.delete()
    from .cms import sync_groups

    if hasattr(user, "_publishing_board_role"):
        del user._publishing_board_role
    sync_groups(user)
