"""Guests of a TwinSpace: the founders' page that invites, lists and revokes them, and what a guest reads
through their link (a home listing the chosen parts, a page, a discussion, a thread, the files they show).

A guest has no account: every guest page is found by the link's token (``guests.guest_or_404``: unknown,
revoked or expired → 404), is kept out of search engines and sends no referrer, so the token does not leak
to the sites a page links to.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from twinning.core import embeds, upload_check
from twinning.core.actions import form_action, post_action
from twinning.core.files import serve_private
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.core.models import Attachment
from twinning.core.paging import paginate
from twinning.core.richtext import show
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions.models import Discussion, Thread

from .. import feed, forms, guests, materials, policies, selectors, services
from ..models import GuestInvitation, Page
from . import _open

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 30


# --- The founders' page ----------------------------------------------------------------------------------


@login_for_visitors
def guest_list(request, project_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "manage_members", project):
        raise PermissionDenied
    form = forms.GuestForm(
        request.POST or None,
        choices=guests.part_choices(),
        initial={"expires_on": timezone.localdate() + timedelta(days=30)},
    )
    response = form_action(
        request,
        form,
        lambda data: services.guest_invite(actor=request.user, workspace=workspace, language=get_language(), **data),
        success=lambda guest: _("The invitation is sent to %(name)s.") % {"name": guest.name},
        redirect_to=reverse("twinspace:guests", args=[project.pk]),
    )
    if response:
        return response
    today = timezone.localdate()
    labels = dict(guests.part_choices())
    invitations = selectors.guest_invitations(workspace)
    for invitation in invitations:
        invitation.valid = guests.is_valid(invitation, today)  # type: ignore[attr-defined]
        invitation.part_labels = [labels[k] for k in invitation.parts if k in labels]  # type: ignore[attr-defined]
    context = {"project": project, "workspace": workspace, "form": form, "invitations": invitations, "today": today}
    return render(request, "twinspace/guests.html", context)


@login_for_visitors
@require_POST
def guest_revoke(request, project_id, guest_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "manage_members", project):
        raise PermissionDenied
    invitation = get_or_404(GuestInvitation.objects.filter(workspace=workspace), pk=guest_id)
    invitation.workspace = workspace
    return post_action(
        request,
        lambda: services.guest_revoke(actor=request.user, invitation=invitation),
        success=_("%(name)s's link no longer works.") % {"name": invitation.name},
        redirect_to=reverse("twinspace:guests", args=[project.pk]),
    )


# --- What a guest reads -----------------------------------------------------------------------------------


def guest_view(view):
    """A page a guest reads: no referrer (the token is in its address), not indexed, not kept by caches."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        if not response.has_header("Cache-Control"):  # files set their own (private, five minutes)
            patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _context(guest, **extra) -> dict:
    workspace = guest.workspace
    return {
        "guest": guest,
        "token": guest.token,
        "workspace": workspace,
        "project": workspace.project,
        "chosen": {p.key for p in guests.chosen_parts(guest)},
        **extra,
    }


@guest_view
@require_GET
def guest_home(request, token):
    guest = guests.guest_or_404(token)
    sections = [{"part": p, "data": p.load(guest.workspace)} for p in guests.chosen_parts(guest)]
    about = guests.guest_html(show(guest.workspace.about), token)
    return render(request, "twinspace/guest/home.html", _context(guest, sections=sections, about=about))


@guest_view
@require_GET
def guest_page(request, token, page_id):
    guest = guests.guest_or_404(token, part_key="pages")
    tree = selectors.guest_pages(guest.workspace)
    if str(page_id) not in {str(node.page.pk) for node in tree}:
        raise Http404
    page = get_or_404(Page.objects.filter(workspace=guest.workspace).select_related("parent"), pk=page_id)
    body = guests.guest_html(show(page.body), token)
    return render(request, "twinspace/guest/page.html", _context(guest, page=page, body=body, tree=tree))


def _forum_or_404(guest):
    forum = selectors.guest_forum(guest.workspace)
    if forum is None:
        raise Http404
    return forum


@guest_view
@require_GET
def guest_discussion(request, token, discussion_id):
    guest = guests.guest_or_404(token, part_key="forum")
    forum = _forum_or_404(guest)
    discussion = get_or_404(Discussion.objects.filter(forum=forum), pk=discussion_id)
    page = paginate(discussion_selectors.threads_of(discussion), request.GET, per_page=THREADS_PER_PAGE)
    for thread in page.items:
        thread.author_label = guests.author_label(thread.author)  # type: ignore[attr-defined]
        thread.last_author_label = guests.author_label(thread.last_author)  # type: ignore[attr-defined]
    return render(request, "twinspace/guest/discussion.html", _context(guest, discussion=discussion, page=page))


@guest_view
@require_GET
def guest_thread(request, token, thread_id):
    guest = guests.guest_or_404(token, part_key="forum")
    forum = _forum_or_404(guest)
    thread = get_or_404(Thread.objects.filter(discussion__forum=forum).select_related("discussion"), pk=thread_id)
    page = paginate(discussion_selectors.posts_of(thread), request.GET, per_page=POSTS_PER_PAGE)
    discussion_selectors.shown_posts(page.items, thread=thread, viewer=None, moderate=False, seen=None)
    for post in page.items:
        post.author_label = guests.post_author_label(post)  # type: ignore[attr-defined]
        if post.body_html:  # type: ignore[attr-defined]
            post.body_html = guests.guest_html(post.body_html, token)  # type: ignore[attr-defined]
    context = _context(guest, thread=thread, discussion=thread.discussion, page=page)
    return render(request, "twinspace/guest/thread.html", context)


@guest_view
@require_GET
def guest_materials(request, token):
    """The materials a guest sees (``materials.guest_materials``), by album; never the pupils an image shows."""
    guest = guests.guest_or_404(token, part_key="materials")
    album_id = request.GET.get("album") or None
    if album_id is not None and not album_id.isdigit():
        raise Http404
    items = materials.guest_materials(guest.workspace, album_id=album_id)
    for item in items:
        embed = embeds.embed_for(item.embed_url) if item.embed_url else None
        item.frame = embeds.frame(embed, item.title) if embed else ""  # type: ignore[attr-defined]
    context = _context(
        guest, items=items, albums=materials.albums(guest.workspace), album_id=int(album_id) if album_id else None
    )
    return render(request, "twinspace/guest/materials.html", context)


@guest_view
@require_GET
def guest_updates(request, token):
    """The workspace's feed, read only (never the pupils' walls); a pupil is shown as "Pupil"."""
    guest = guests.guest_or_404(token, part_key="updates")
    page = feed.updates(guest.workspace, None, request.GET)
    for update in page.items:
        update.author_label = guests.post_author_label(update)  # type: ignore[attr-defined]
        for comment in update.comment_list:  # type: ignore[attr-defined]
            comment.author_label = guests.post_author_label(comment)
    return render(request, "twinspace/guest/updates.html", _context(guest, page=page))


@guest_view
@require_GET
def guest_file(request, token, attachment_id, name=""):
    """A file of the workspace that one of the guest's parts shows (an image in a page, a post, a material)."""
    guest = guests.guest_or_404(token)
    attachment = Attachment.objects.filter(pk=attachment_id, host=services.FILES, host_id=guest.workspace.pk).first()
    if attachment is None or not guests.shows_file(guest, attachment.pk):
        raise Http404
    inline = attachment.kind in upload_check.IMAGES or attachment.kind in ("pdf", "mp3", "mp4")
    return serve_private(attachment.file, download_name=attachment.name, as_attachment=not inline, max_age=300)
