"""Partner finding in the registries: navigation, the open-posts figure, rules, audit labels, notification
kinds and the reportable post (moderation hides it through ``services.post_hide``)."""

from django.utils.translation import gettext_lazy as _

from twinning.accounts.policies import is_etwinner
from twinning.contacts.policies import register_answerable
from twinning.core.registries import (
    DAILY,
    MAIN,
    ReportTarget,
    register_audit_actions,
    register_figure,
    register_nav,
    register_notification_kind,
    register_reportable,
)
from twinning.core.rules import register_rule

from . import selectors, services
from .models import Post

register_rule(
    "partners.post_days_default",
    _("Days a partner-finding post stays open unless its author chooses a date"),
    default=90,
    minimum=1,
    maximum=365,
    unit=_("days"),
)
register_rule(
    "partners.post_days_max",
    _("Longest time a partner-finding post may stay open"),
    default=365,
    minimum=7,
    maximum=730,
    unit=_("days"),
)
register_nav("partners.search", _("Find partners"), "partners:search", section=MAIN, visible=is_etwinner, position=35)
register_figure("partner_posts", _("open partner-finding posts"), selectors.open_posts_count, position=40)
register_audit_actions(
    {
        "partner_post.created": _("partner-finding post published"),
        "partner_post.updated": _("partner-finding post changed"),
        "partner_post.closed": _("partner-finding post closed"),
        "partner_post.renewed": _("partner-finding post renewed"),
        "partner_post.hidden": _("partner-finding post hidden by the NSO"),
        "partner_post.unhidden": _("partner-finding post shown again by the NSO"),
    }
)
register_notification_kind("partners.post_expiring", _("A partner-finding post of yours closes soon"), delivery=DAILY)
register_notification_kind("partners.post_hidden", _("Your NSO hid a partner-finding post of yours"))


def resolve_post(object_id) -> ReportTarget | None:
    post = Post.objects.select_related("author").filter(pk=object_id).first()
    if post is None:
        return None
    return ReportTarget(
        author=post.author,
        excerpt=f"{post.title}: {post.description[:200]}",
        url=post.get_absolute_url(),
        hidden=post.hidden_at is not None,
        hide=lambda staff, reason: services.post_hide(post=post, by=staff, reason=reason),
        unhide=lambda staff, reason: services.post_unhide(post=post, by=staff, reason=reason),
    )


register_reportable("partners.post", _("partner-finding post"), resolve_post)


def _is_open_post_of(url_kwargs: dict, recipient) -> bool:
    """A first message may reach a non-contact only from the page of an open post the recipient wrote."""
    post_id = url_kwargs.get("post_id")
    return post_id is not None and Post.objects.open().filter(pk=post_id, author_id=recipient.pk).exists()


register_answerable("partners", _is_open_post_of)
