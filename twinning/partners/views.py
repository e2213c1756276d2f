"""Partner finding pages (thin views): the post search, a post, my posts, writing a post, the search of
eTwinners and schools for teachers, and suggested partners."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.decorators import etwinner_required
from twinning.accounts.policies import is_etwinner
from twinning.contacts import selectors as contact_selectors
from twinning.core.actions import form_action, post_action
from twinning.core.paging import paginate

from . import forms, policies, selectors, services


def _cleaned(form) -> dict:
    """The valid part of a filter form: a bad value in one field does not discard the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}


def _link_facets(facets: list, query) -> list:
    """Each facet value becomes a link: the same search narrowed to it, or widened again when it is
    already one of the filters (the first page either way)."""
    for facet in facets:
        chosen = query.getlist(facet.name)
        for value in facet.values:
            narrowed = query.copy()
            narrowed.pop("page", None)
            value.selected = str(value.id) in chosen
            narrowed.setlist(
                facet.name, [v for v in chosen if v != str(value.id)] if value.selected else [*chosen, str(value.id)]
            )
            value.url = "?" + narrowed.urlencode()
    return facets


def _optional_url(name: str, *args, query: dict | None = None) -> str:
    """The address of a page another app provides, or "" while that app does not offer it."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def search(request):
    """Visitors see a sign-up prompt, teachers waiting for validation a note; eTwinners search."""
    context = {"kits_url": _optional_url("projects:kits")}
    if not is_etwinner(request.user):
        return render(request, "partners/search.html", {**context, "allowed": False})
    form = forms.PostSearchForm(request.GET or None)
    filters = _cleaned(form)
    page = paginate(selectors.post_search(filters), request.GET, per_page=20)
    selectors.with_facts(page.items)
    counted = selectors.post_facets(filters) if page.number == 1 else None
    context.update(
        allowed=True,
        form=form,
        page=page,
        facets=_link_facets(selectors.facet_labels(counted), request.GET) if counted else [],
        facets_sampled=bool(counted and counted.sampled),
        facet_sample=selectors.FACET_SAMPLE,
    )
    return render(request, "partners/search.html", context)


@login_required
def post_detail(request, post_id):
    post = policies.post_page_or_404(request.user, post_id, queryset=selectors.post_for_page())
    is_author = post.author_id == request.user.pk
    about = {"about": post.title, "about_url": post.get_absolute_url()}
    context = {
        "post": post,
        "is_author": is_author,
        "contact_state": ""
        if is_author
        else contact_selectors.contact_states(request.user, [post.author_id]).get(post.author_id, ""),
        "message_url": "" if is_author else _optional_url("contacts:message_new", post.author_id, query=about),
        "contact_url": "" if is_author else _optional_url("contacts:request", post.author_id),
        "report_url": "" if is_author else _optional_url("moderation:report", "partners.post", post.pk),
        "renew_form": forms.RenewForm() if is_author else None,
    }
    return render(request, "partners/post.html", context)


@etwinner_required
def post_new(request):
    schools = selectors.schools_of(request.user)
    form = forms.PostForm(request.POST or None, schools=schools, initial={"purpose": "etwinning"})
    response = form_action(
        request,
        form,
        lambda data: services.post_create(author=request.user, **data),
        success=_("Your partner-finding post is published."),
        redirect_to=lambda post: post.get_absolute_url(),
    )
    return response or render(request, "partners/post_form.html", {"form": form, "post": None})


@etwinner_required
def post_edit(request, post_id):
    post = policies.own_post_or_404(request.user, post_id, queryset=selectors.post_for_page())
    schools = selectors.schools_of(request.user)
    initial = {
        "title": post.title,
        "description": post.description,
        "purpose": post.purpose,
        "subjects": list(post.subjects.all()),
        "age_bands": list(post.age_bands.all()),
        "languages": list(post.languages.all()),
        "countries_wanted": list(post.countries_wanted.all()),
        "levels": list(post.levels.all()),
        "theme": post.theme,
        "length": post.length,
        "school": post.school_id,
        "erasmus_number": post.erasmus_number,
        "expires_on": post.expires_on,
    }
    form = forms.PostForm(request.POST or None, schools=schools, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.post_update(post=post, by=request.user, **data),
        success=_("Your changes are saved."),
        redirect_to=post.get_absolute_url(),
    )
    return response or render(request, "partners/post_form.html", {"form": form, "post": post})


@etwinner_required
@require_POST
def post_close(request, post_id):
    post = policies.own_post_or_404(request.user, post_id)
    return post_action(
        request,
        lambda: services.post_close(post=post, by=request.user),
        success=_("The post is closed: it no longer appears in the search."),
        redirect_to=post.get_absolute_url(),
    )


@etwinner_required
@require_POST
def post_renew(request, post_id):
    post = policies.own_post_or_404(request.user, post_id)
    form = forms.RenewForm(request.POST)
    expires_on = form.cleaned_data.get("expires_on") if form.is_valid() else None
    return post_action(
        request,
        lambda: services.post_renew(post=post, by=request.user, expires_on=expires_on),
        success=lambda renewed: (
            _("The post is open until %(date)s.") % {"date": renewed.expires_on.strftime("%d/%m/%Y")}
        ),
        redirect_to=post.get_absolute_url(),
    )


@etwinner_required
def my_posts(request):
    page = paginate(selectors.posts_of(request.user), request.GET)
    return render(request, "partners/my_posts.html", {"page": page})


@etwinner_required
def people(request):
    form = forms.PeopleSearchForm(request.GET or None)
    page = paginate(selectors.people_search(viewer=request.user, filters=_cleaned(form)), request.GET)
    selectors.people_with_facts(page.items)
    states = contact_selectors.contact_states(request.user, [p.pk for p in page.items])
    rows = [(person, states.get(person.pk, "")) for person in page.items]
    return render(request, "partners/people.html", {"form": form, "page": page, "rows": rows})


@etwinner_required
def schools(request):
    from twinning.schools.forms import SchoolSearchForm

    form = SchoolSearchForm(request.GET or None)
    found = selectors.school_search(_cleaned(form))
    page = paginate(found, request.GET)
    return render(request, "partners/schools.html", {"form": form, "page": page})


@etwinner_required
def suggestions(request):
    """For my profile, for one of my posts (``?post=<id>``) or for an idea (chosen subjects, languages…)."""
    post = None
    idea_form = forms.IdeaForm(request.GET or None)
    idea = _cleaned(idea_form)
    if request.GET.get("post"):
        post = policies.own_post_or_404(request.user, request.GET["post"], queryset=selectors.post_for_page())
        basis = selectors.basis_from_post(post)
    elif idea:
        basis = selectors.basis_from_idea(idea)
    else:
        basis = selectors.basis_from_profile(request.user)
    blocked = selectors.blocked_ids(request.user)
    context = {
        "post": post,
        "idea_form": idea_form,
        "from_profile": post is None and not idea,
        "basis_empty": basis.empty,
        "posts": selectors.suggested_posts(viewer=request.user, basis=basis, blocked=blocked),
        "people": selectors.suggested_people(viewer=request.user, basis=basis, blocked=blocked),
    }
    return render(request, "partners/suggestions.html", context)
