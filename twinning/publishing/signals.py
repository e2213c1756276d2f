"""Authors hear of their article's progress: Wagtail's workflow signals become the platform's notices. A board
membership saved or deleted drops the member's cached board role (now and once the transaction commits)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, workflow_approved, workflow_rejected

from . import selectors
from .models import ArticlePage, EditorialBoardMember

MY_ARTICLES = reverse_lazy("publishing:my_articles")


def _tell(page, title) -> None:
    from twinning.accounts.services import notify

    page = getattr(page, "specific", page)
    if not isinstance(page, ArticlePage) or page.owner is None:
        return
    notify(recipient=page.owner, kind="publishing.article_stage", title=title, body=page.title, url=MY_ARTICLES)


@receiver(workflow_rejected)
def _changes_requested(sender, instance, user, **kwargs):
    _tell(instance.content_object, _("The editorial board asks for changes to your article"))


@receiver(workflow_approved)
def _accepted(sender, instance, user, **kwargs):
    _tell(instance.content_object, _("Your article was accepted by the editorial board"))


@receiver(page_published)
def _published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, ArticlePage) and instance.first_published_at == instance.last_published_at:
        _tell(instance, _("Your article is published in the magazine"))


@receiver(post_save, sender=EditorialBoardMember, dispatch_uid="publishing.board_member_saved")
@receiver(post_delete, sender=EditorialBoardMember, dispatch_uid="publishing.board_member_deleted")
def _board_changed(sender, instance, **kwargs):
    selectors.forget_board_role(instance.user_id)
