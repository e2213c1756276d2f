"""The discussion engine's pages: a forum's discussions, a discussion's threads, a thread's posts (with
the reply form), editing a post and the moderators' buttons. Who may do what comes from the host."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import login_for_visitors
from twinning.core.paging import paginate

from . import forms, policies, selectors, services

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 30


def _form_if(request, allowed: bool, form_class):
    """The page's form when the person may use it; a POST by someone who may not is refused (403)."""
    if not allowed:
        if request.method == "POST":
            raise PermissionDenied
        return None
    return form_class(request.POST or None)


@login_for_visitors
def forum(request, forum_id):
    forum, access = policies.forum_or_404(request.user, forum_id)
    form = _form_if(request, policies.can_start_discussion(access), forms.DiscussionForm)
    response = form and form_action(
        request,
        form,
        lambda data: services.discussion_create(actor=request.user, forum=forum, **data),
        success=_("The discussion is open."),
        redirect_to=lambda d: reverse("discussions:discussion", args=[d.pk]),
    )
    if response:
        return response
    discussions = selectors.discussions_with_unread(request.user, forum)
    context = {"forum": forum, "access": access, "discussions": discussions, "form": form}
    return render(request, "discussions/forum.html", context)


@login_for_visitors
def discussion(request, discussion_id):
    discussion, access = policies.discussion_or_404(request.user, discussion_id)
    form = _form_if(request, policies.can_start_thread(access, discussion), forms.ThreadForm)
    response = form and form_action(
        request,
        form,
        lambda data: services.thread_create(actor=request.user, discussion=discussion, **data),
        success=_("The thread is started."),
        redirect_to=lambda t: reverse("discussions:thread", args=[t.pk]),
    )
    if response:
        return response
    page = paginate(selectors.threads_of(discussion), request.GET, per_page=THREADS_PER_PAGE)
    selectors.with_unread_marks(request.user, page.items)
    context = {"discussion": discussion, "forum": discussion.forum, "access": access, "page": page, "form": form}
    return render(request, "discussions/discussion.html", context)


def _last_page(thread) -> int:
    return max(1, (thread.post_count + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE)


@login_for_visitors
def thread(request, thread_id):
    thread, access = policies.thread_or_404(request.user, thread_id)
    discussion = thread.discussion
    form = _form_if(request, policies.can_reply(access, thread, discussion), forms.ReplyForm)
    response = form and form_action(
        request,
        form,
        lambda data: services.post_reply(actor=request.user, thread=thread, body=data["body"]),
        success=_("Your reply is posted."),
        redirect_to=lambda post: f"{reverse('discussions:thread', args=[thread.pk])}?page=last#post-{post.pk}",
    )
    if response:
        return response
    query = request.GET
    if query.get("page") == "last":
        query = query.copy()
        query["page"] = str(_last_page(thread))
    page = paginate(selectors.posts_of(thread), query, per_page=POSTS_PER_PAGE)
    seen = selectors.read_marks(request.user, [thread]).get(thread.pk)
    selectors.shown_posts(page.items, thread=thread, viewer=request.user, moderate=access.moderate, seen=seen)
    for post in page.items:
        post.can_edit = policies.can_edit(request.user, access, post)
    services.thread_read(user=request.user, thread=thread, known=seen)
    context = {
        "thread": thread,
        "discussion": discussion,
        "forum": discussion.forum,
        "access": access,
        "page": page,
        "form": form,
        "moderate": access.moderate,
    }
    return render(request, "discussions/thread.html", context)


@login_for_visitors
def post_edit(request, post_id):
    post, access = policies.post_or_404(request.user, post_id)
    if not policies.can_edit(request.user, access, post):
        raise PermissionDenied
    form = forms.PostEditForm(request.POST or None, initial={"body": post.body})
    response = form_action(
        request,
        form,
        lambda data: services.post_edit(actor=request.user, post=post, body=data["body"]),
        success=_("Your changes are saved."),
        redirect_to=lambda p: f"{reverse('discussions:thread', args=[p.thread_id])}#post-{p.pk}",
    )
    if response:
        return response
    thread = post.thread
    context = {"post": post, "thread": thread, "discussion": thread.discussion, "access": access, "form": form}
    return render(request, "discussions/post_edit.html", context)


def _moderation(request, post_id, action):
    post, access = policies.post_or_404(request.user, post_id)
    if not access.moderate:
        raise PermissionDenied
    form = forms.ModerationForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return post_action(
        request,
        lambda: action(actor=request.user, post=post, reason=reason),
        success=_("The post is hidden.") if action is services.post_hide else _("The post is shown again."),
        redirect_to=f"{reverse('discussions:thread', args=[post.thread_id])}#post-{post.pk}",
    )


@login_for_visitors
@require_POST
def post_hide(request, post_id):
    return _moderation(request, post_id, services.post_hide)


@login_for_visitors
@require_POST
def post_show(request, post_id):
    return _moderation(request, post_id, services.post_show)


@login_for_visitors
@require_POST
def thread_moderate(request, thread_id):
    """Pin or unpin, close or reopen a thread (moderators)."""
    thread, access = policies.thread_or_404(request.user, thread_id)
    if not access.moderate:
        raise PermissionDenied
    what = request.POST.get("do")
    reason = (request.POST.get("reason") or "")[:500]
    actions = {
        "pin": (
            lambda: services.thread_pin(actor=request.user, thread=thread, pinned=True),
            _("The thread is pinned."),
        ),
        "unpin": (
            lambda: services.thread_pin(actor=request.user, thread=thread, pinned=False),
            _("The thread is unpinned."),
        ),
        "lock": (
            lambda: services.thread_lock(actor=request.user, thread=thread, locked=True, reason=reason),
            _("The thread is closed to new replies."),
        ),
        "unlock": (
            lambda: services.thread_lock(actor=request.user, thread=thread, locked=False, reason=reason),
            _("The thread is open to replies again."),
        ),
    }
    if what not in actions:
        raise BadRequest(_("Unknown action."))
    action, message = actions[what]
    return post_action(request, action, success=message, redirect_to=reverse("discussions:thread", args=[thread.pk]))
