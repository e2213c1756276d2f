"""The knowledge base's pages: its home (search, categories, the most helpful articles), a category, an
article (in the page's language, or the other one with a note), the votes and "this answered my question"
(forms that work without JavaScript, swapped in place by htmx), the suggestions shown while a ticket is
typed (an htmx fragment), and the staff's list and form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from twinning.core.actions import form_action
from twinning.core.errors import DomainError
from twinning.core.paging import paginate
from twinning.core.richtext import show

from . import forms, policies, selectors, services
from .models import Status, current_language

PER_PAGE = 20
SUGGESTIONS = 5


def _country_id(request) -> int | None:
    return getattr(request.user, "country_id", None) if request.user.is_authenticated else None


def _voter_key(request) -> str:
    """A visitor's hashed session key (the session is created when needed); "" for a logged-in person."""
    if request.user.is_authenticated:
        return ""
    if not request.session.session_key:
        request.session.save()
    return services.visitor_key(request.session.session_key or "")


def home(request):
    form = forms.SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    language, country_id = current_language(), _country_id(request)
    context = {
        "form": form,
        "q": q,
        "categories": selectors.categories(),
        "editor": policies.is_editor(request.user),
    }
    if q:
        context["page"] = paginate(selectors.published(language, country_id, q=q), request.GET, per_page=PER_PAGE)
    else:
        context["helpful"] = selectors.most_helpful(country_id)
    return render(request, "knowledge/home.html", context)


def category(request, key):
    chosen = selectors.category_by_key(key)
    if chosen is None:
        raise Http404
    articles = selectors.published(current_language(), _country_id(request), category=chosen)
    page = paginate(articles, request.GET, per_page=PER_PAGE)
    return render(request, "knowledge/category.html", {"category": chosen, "page": page})


def _other_language_url(request, language: str) -> str:
    return translate_url(request.path, language)


def _vote_of(request, article):
    from .models import Vote

    if request.user.is_authenticated:
        return Vote.objects.filter(article=article, user=request.user).first()
    if request.session.session_key:
        return Vote.objects.filter(article=article, voter_key=_voter_key(request)).first()
    return None


def article(request, slug):
    item = policies.article_or_404(request.user, slug)
    version = item.version(current_language())
    context = {
        "article": item,
        "version": version,
        "body": show(version.body),
        "other_url": _other_language_url(request, version.language) if version.fallback else "",
        "vote": _vote_of(request, item) if item.status == Status.PUBLISHED else None,
        "from_ticket": request.GET.get("from") == "ticket",
        "can_edit": policies.can_edit(request.user, item),
    }
    return render(request, "knowledge/article.html", context)


@require_POST
def vote(request, slug):
    item = policies.published_article_or_404(slug)
    helpful = request.POST.get("helpful") == "1"
    error = ""
    try:
        row = services.vote(article=item, helpful=helpful, user=request.user, voter_key=_voter_key(request))
    except DomainError as exc:
        row, error = None, exc.message
    if request.htmx:
        item.refresh_from_db(fields=["helpful_count", "unhelpful_count"])
        context = {"article": item, "vote": row, "voted": row is not None, "error": error}
        return render(request, "knowledge/_vote.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you for your answer."))
    return redirect(reverse("knowledge:article", args=[item.slug]) + "#helpful")


@require_POST
def answered(request, slug):
    """ "This answered my question": a deflection is recorded; the ticket is not sent."""
    item = policies.published_article_or_404(slug)
    error = ""
    try:
        services.record_deflection(
            article=item, user=request.user, voter_key=_voter_key(request), country=_country_id(request)
        )
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        return render(request, "knowledge/_answered.html", {"article": item, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("We are glad this answered your question: your request was not sent."))
    return redirect("knowledge:article", slug=item.slug)


@require_GET
def suggest(request):
    """Up to five articles for the ticket being typed (``q``): an htmx fragment (a whole page without htmx)."""
    text = (request.GET.get("q") or "")[: selectors.MAX_TEXT]
    articles = selectors.suggest(text, language=current_language(), country_id=_country_id(request), limit=SUGGESTIONS)
    template = "knowledge/_suggestions.html" if request.htmx else "knowledge/suggestions.html"
    return render(request, template, {"articles": articles, "q": text})


# --- staff -------------------------------------------------------------------------------------------------


def _editors_only(request) -> None:
    if not policies.is_editor(request.user):
        raise PermissionDenied


@login_required
def staff_list(request):
    _editors_only(request)
    status = request.GET.get("status", "")
    articles = selectors.staff_articles(policies.editable_country_ids(request.user), status=status)
    page = paginate(articles, request.GET, per_page=PER_PAGE)
    return render(request, "knowledge/staff/list.html", {"page": page, "status": status})


def _save(request, form, article):
    def action(data):
        return services.article_save(by=request.user, article=article, **data)

    return form_action(
        request,
        form,
        action,
        success=_("The article is saved."),
        redirect_to=lambda saved: reverse("knowledge:staff_list"),
    )


@login_required
def article_new(request):
    _editors_only(request)
    ids = policies.editable_country_ids(request.user)
    initial = {"country": str(next(iter(ids)))} if ids and len(ids) == 1 else {"country": forms.EVERY_COUNTRY}
    form = forms.ArticleForm(request.POST or None, initial=initial, country_ids=ids)
    response = _save(request, form, None)
    return response or render(request, "knowledge/staff/form.html", {"form": form, "article": None})


@login_required
def article_edit(request, article_id):
    _editors_only(request)
    item = policies.editable_article_or_404(request.user, article_id)
    initial = {
        name: getattr(item, name)
        for name in ("category", "slug", "title_en", "title_el", "summary_en", "summary_el", "body_en", "body_el")
    }
    initial["country"] = str(item.country_id) if item.country_id else forms.EVERY_COUNTRY
    initial["publish"] = item.status == Status.PUBLISHED
    form = forms.ArticleForm(
        request.POST or None, initial=initial, country_ids=policies.editable_country_ids(request.user)
    )
    response = _save(request, form, item)
    return response or render(request, "knowledge/staff/form.html", {"form": form, "article": item})
