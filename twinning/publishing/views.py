"""The platform's own publishing pages (the rest are Wagtail pages): propose an article, "My articles",
revise one after the board asked for changes, the search over published pages, the editorial board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404
from twinning.core.uploads import accepts_upload

from . import forms, policies, selectors, services
from .models import MagazineIndexPage


def _magazine() -> MagazineIndexPage | None:
    locale = selectors.current_locale()
    return MagazineIndexPage.objects.live().filter(locale=locale).first() if locale else None


def _plain_text(rich: str) -> str:
    """An article's body back as the author's plain paragraphs (for revising)."""
    import re
    from html import unescape

    text = re.sub(r"<br\s*/?>", "\n", rich or "")
    text = re.sub(r"</p>\s*", "\n\n", text)
    return unescape(re.sub(r"<[^>]+>", "", text)).strip()


@login_required
@accepts_upload(forms.IMAGE_MAX_BYTES + 256 * 1024)
def propose(request):
    if not policies.can_propose_article(request.user):
        raise PermissionDenied
    magazine = _magazine()
    form = forms.ProposalForm(request.POST or None, request.FILES or None)
    response = form_action(
        request,
        form,
        lambda data: services.article_propose(author=request.user, magazine=magazine, data=data),
        success=lambda page: _("Your article “%(title)s” was sent to the editorial board.") % {"title": page.title},
        redirect_to=reverse("publishing:my_articles"),
    )
    if response:
        return response
    return render(request, "publishing/propose.html", {"form": form, "magazine": magazine})


@login_required
def my_articles(request):
    articles = list(policies.my_articles(request.user)[:100])
    stages = selectors.article_stages(articles)
    rows = [(a, stages.get(a.pk)) for a in articles]
    return render(
        request,
        "publishing/my_articles.html",
        {"rows": rows, "can_propose": policies.can_propose_article(request.user)},
    )


@login_required
@accepts_upload(forms.IMAGE_MAX_BYTES + 256 * 1024)
def revise(request, pk: int):
    page = policies.my_article_or_404(request.user, pk)
    stage = selectors.article_stages([page]).get(page.pk)
    if stage is None or not stage.editable:
        return render(request, "publishing/revise_closed.html", {"article": page, "stage": stage}, status=403)
    draft = page.get_latest_revision_as_object()
    initial = {
        "title": draft.title,
        "summary": draft.summary,
        "body": _plain_text(draft.body),
        "licence": draft.licence,
        "category": next(iter(draft.categories.all()), None),
        "tags": ", ".join(t.name for t in draft.tags.all()),
    }
    form = forms.ProposalForm(request.POST or None, request.FILES or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.article_revise(author=request.user, page=page, data=data),
        success=_("Your new version was sent back to the editorial board."),
        redirect_to=reverse("publishing:my_articles"),
    )
    if response:
        return response
    return render(request, "publishing/propose.html", {"form": form, "article": page, "stage": stage})


def search(request):
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    results = selectors.search_pages(query) if query else []
    return render(request, "publishing/search.html", {"form": form, "query": query, "results": results})


@login_required
def board(request):
    if not policies.can_manage_board(request.user):
        raise PermissionDenied
    form = forms.BoardMemberForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.board_member_set(actor=request.user, user=data["email"], role=data["role"]),
        success=lambda m: _("%(name)s is now a member of the editorial board.") % {"name": m.user.get_full_name()},
        redirect_to=reverse("publishing:board"),
    )
    if response:
        return response
    return render(request, "publishing/board.html", {"form": form, "members": selectors.board_members()})


@login_required
@require_POST
def board_remove(request, pk: int):
    if not policies.can_manage_board(request.user):
        raise PermissionDenied
    member = get_or_404(selectors.board_members(), pk=pk)
    name = member.user.get_full_name()
    return post_action(
        request,
        lambda: services.board_member_remove(actor=request.user, member=member),
        success=_("%(name)s is no longer a member of the editorial board.") % {"name": name},
        redirect_to=reverse("publishing:board"),
    )


def cms_login(request):
    """Wagtail's front-end login form is replaced by the platform's (second factor included)."""
    from urllib.parse import urlencode

    from twinning.core.net import local_path

    next_url = local_path(request.GET.get("next")) or "/"
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def read(request):
    """The hub of the published sections in the page's language (the locale's home's children)."""
    return render(request, "publishing/read.html", {"sections": selectors.sections()})


@login_required
def cms(request):
    return redirect("/cms/")
