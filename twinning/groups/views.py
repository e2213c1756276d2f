"""Groups: the directory, a group's page (about, pages, forum, join), its members (the moderators' tools),
its pages, and opening or closing a group (staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.core.paging import paginate
from twinning.core.richtext import enable_uploads, show
from twinning.discussions import selectors as discussion_selectors

from . import forms, policies, selectors, services
from .models import GroupPage, MembershipStatus

GROUPS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50


def directory(request):
    form = forms.DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(selectors.directory(filters), request.GET, per_page=GROUPS_PER_PAGE)
    subjects = selectors.subject_names(page.items)
    for group in page.items:
        group.subject_list = ", ".join(subjects.get(group.pk, []))
    context = {
        "form": form,
        "filtered": any(filters.values()),
        "page": page,
        "mine": selectors.my_groups(request.user),
        "can_create": policies.can_create_group(request.user),
    }
    return render(request, "groups/directory.html", context)


@login_required
def group_new(request):
    if not policies.can_create_group(request.user):
        raise PermissionDenied
    form = forms.GroupForm(request.POST or None, country_ids=policies.creatable_country_ids(request.user))
    response = form_action(
        request,
        form,
        lambda data: services.group_create(actor=request.user, **data),
        success=_("The group is open."),
        redirect_to=lambda group: reverse("groups:detail", args=[group.pk]),
    )
    return response or render(request, "groups/group_form.html", {"form": form, "group": None})


def detail(request, group_id):
    group = policies.group_or_404(group_id)
    readable = policies.can_read(request.user, group)
    membership = policies.membership_of(request.user, group)
    forum = discussion_selectors.forum_of(services.HOST, group.pk) if readable else None
    discussions = discussion_selectors.discussions_with_unread(request.user, forum, limit=10)
    context = {
        "group": group,
        "about": show(group.about),
        "readable": readable,
        "membership": membership,
        "is_member": membership is not None and membership.status == MembershipStatus.ACTIVE,
        "join": policies.join_answer(request.user, group),
        "moderate": policies.can_moderate(request.user, group),
        "staff": policies.is_staff_for(request.user, group),
        "forum": forum,
        "discussions": discussions,
        "pages": selectors.pages_of(group) if readable else [],
        "subjects": ", ".join(selectors.subject_names([group]).get(group.pk, [])),
    }
    return render(request, "groups/detail.html", context)


def _back(group) -> str:
    return reverse("groups:detail", args=[group.pk])


@login_required
def group_edit(request, group_id):
    group = policies.group_or_404(group_id)
    if not policies.can_moderate(request.user, group):
        raise PermissionDenied
    initial = {
        "name": group.name,
        "summary": group.summary,
        "about": group.about,
        "subjects": list(group.subjects.all()),
        "joining": group.joining,
    }
    form = forms.GroupForm(request.POST or None, initial=initial, with_country=False)
    response = form_action(
        request,
        form,
        lambda data: services.group_edit(actor=request.user, group=group, **data),
        success=_("The group is saved."),
        redirect_to=_back(group),
    )
    return response or render(request, "groups/group_form.html", {"form": form, "group": group})


@login_required
@require_POST
def join(request, group_id):
    group = policies.group_or_404(group_id)

    def message(membership) -> str:
        if membership.status == MembershipStatus.REQUESTED:
            return _("Your request is sent to the group's moderators.")
        return _("Welcome to the group.")

    return post_action(
        request, lambda: services.group_join(user=request.user, group=group), success=message, redirect_to=_back(group)
    )


@login_required
@require_POST
def leave(request, group_id):
    group = policies.group_or_404(group_id)
    return post_action(
        request,
        lambda: services.group_leave(user=request.user, group=group),
        success=_("You left the group."),
        redirect_to=_back(group),
    )


@login_required
def members(request, group_id):
    group = policies.readable_group_or_404(request.user, group_id)
    moderate = policies.can_moderate(request.user, group)
    invite = forms.InviteForm(request.POST or None) if moderate else None
    if request.method == "POST" and invite is None:
        raise PermissionDenied
    response = invite and form_action(
        request,
        invite,
        lambda data: services.member_invite(actor=request.user, group=group, email=data["email"]),
        success=_("If a registered person has this address, they receive the invitation."),
        redirect_to=reverse("groups:members", args=[group.pk]),
    )
    if response:
        return response
    page = paginate(selectors.members(group), request.GET, per_page=MEMBERS_PER_PAGE)
    context = {
        "group": group,
        "page": page,
        "moderate": moderate,
        "invite_form": invite,
        "requests": selectors.waiting(group, MembershipStatus.REQUESTED) if moderate else [],
        "invited": selectors.waiting(group, MembershipStatus.INVITED) if moderate else [],
    }
    return render(request, "groups/members.html", context)


def _moderated_membership(request, group_id, membership_id):
    group = policies.readable_group_or_404(request.user, group_id)
    if not policies.can_moderate(request.user, group):
        raise PermissionDenied
    membership = policies.membership_in_group_or_404(group, membership_id)
    membership.group = group
    return group, membership


@login_required
@require_POST
def member_decide(request, group_id, membership_id):
    group, membership = _moderated_membership(request, group_id, membership_id)
    accept = request.POST.get("accept") == "1"
    reason = (request.POST.get("reason") or "")[:500]
    return post_action(
        request,
        lambda: services.request_decide(actor=request.user, membership=membership, accept=accept, reason=reason),
        success=_("The request is accepted.") if accept else _("The request is refused."),
        redirect_to=reverse("groups:members", args=[group.pk]),
    )


@login_required
@require_POST
def member_role(request, group_id, membership_id):
    group, membership = _moderated_membership(request, group_id, membership_id)
    role = request.POST.get("role", "")
    return post_action(
        request,
        lambda: services.member_role(actor=request.user, membership=membership, role=role),
        success=_("The role is changed."),
        redirect_to=reverse("groups:members", args=[group.pk]),
    )


@login_required
@require_POST
def member_remove(request, group_id, membership_id):
    group, membership = _moderated_membership(request, group_id, membership_id)
    reason = (request.POST.get("reason") or "")[:500]
    return post_action(
        request,
        lambda: services.member_remove(actor=request.user, membership=membership, reason=reason),
        success=_("The person is no longer in the group."),
        redirect_to=reverse("groups:members", args=[group.pk]),
    )


@login_required
@require_POST
def close(request, group_id):
    group = policies.group_or_404(group_id)
    if not policies.is_staff_for(request.user, group):
        raise PermissionDenied
    closing = request.POST.get("closed") == "1"
    reason = (request.POST.get("reason") or "")[:500]
    return post_action(
        request,
        lambda: services.group_close(actor=request.user, group=group, closed=closing, reason=reason),
        success=_("The group is closed: it stays readable.") if closing else _("The group is open again."),
        redirect_to=_back(group),
    )


@login_for_visitors
def page_detail(request, group_id, page_id):
    group = policies.readable_group_or_404(request.user, group_id)
    page = get_or_404(GroupPage.objects.filter(group=group), pk=page_id)
    context = {
        "group": group,
        "page": page,
        "body": show(page.body),
        "moderate": policies.can_moderate(request.user, group),
    }
    return render(request, "groups/page.html", context)


@login_required
def page_edit(request, group_id, page_id=None):
    group = policies.readable_group_or_404(request.user, group_id)
    if not policies.can_moderate(request.user, group):
        raise PermissionDenied
    page = get_or_404(GroupPage.objects.filter(group=group), pk=page_id) if page_id is not None else None
    initial = {"title": page.title, "body": page.body} if page else None
    form = forms.PageForm(request.POST or None, initial=initial)
    enable_uploads(form.fields["body"], reverse("uploads:upload", args=[services.HOST, group.pk]))
    response = form_action(
        request,
        form,
        lambda data: services.page_save(actor=request.user, group=group, page=page, **data),
        success=_("The page is saved."),
        redirect_to=lambda saved: reverse("groups:page", args=[group.pk, saved.pk]),
    )
    return response or render(request, "groups/page_form.html", {"form": form, "group": group, "page": page})


@login_required
@require_POST
def page_change(request, group_id, page_id):
    """Delete a page, or move it up or down (moderators)."""
    group = policies.readable_group_or_404(request.user, group_id)
    if not policies.can_moderate(request.user, group):
        raise PermissionDenied
    page = get_or_404(GroupPage.objects.filter(group=group).select_related("group"), pk=page_id)
    what = request.POST.get("do")
    if what == "delete":
        return post_action(
            request,
            lambda: services.page_delete(actor=request.user, page=page),
            success=_("The page is deleted."),
            redirect_to=_back(group),
        )
    if what in ("up", "down"):
        return post_action(
            request,
            lambda: services.page_move(actor=request.user, page=page, up=what == "up"),
            success=None,
            redirect_to=_back(group),
        )
    raise BadRequest(_("Unknown action."))
