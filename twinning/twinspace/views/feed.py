"""The feed of updates and the pupils' walls (domain §6). Thin: the matrix is in ``policies``, the writes
and reads in ``feed``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import login_for_visitors

from .. import feed, policies, selectors
from ..models import UPDATE_MAX, PupilMembership
from . import _open


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your update"),
        max_length=UPDATE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Write @ and a teacher's name to tell them, e.g. @Maria Papadopoulou."),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"), max_length=UPDATE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


def _member(request, project_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "view", project):
        raise Http404  # the feed and the walls are for members (and staff) only
    return project, workspace, role


@login_for_visitors
def feed_page(request, project_id):
    project, workspace, role = _member(request, project_id)
    may_post = policies.may(role, "post_updates", project)
    form = UpdateForm(request.POST or None) if may_post else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    back = reverse("twinspace:feed", args=[project.pk])
    response = form and form_action(
        request,
        form,
        lambda data: feed.update_post(actor=request.user, workspace=workspace, body=data["body"]),
        success=_("Your update is posted."),
        redirect_to=back,
    )
    context = {
        "project": project,
        "workspace": workspace,
        "form": form,
        "page": feed.updates(workspace, request.user, request.GET),
        "may": {a: policies.may(role, a, project) for a in ("comment", "pin")},
        "back": back,
        "comment_form": CommentForm(),
    }
    return response or render(request, "twinspace/feed.html", context)


def _visible_walls(request, workspace, role) -> list[PupilMembership]:
    """Teachers and staff see every pupil's wall; a pupil, the walls of their own school's pupils."""
    if role in (policies.Role.PUPIL, policies.Role.PUPIL_ADMIN):
        return selectors.pupils(workspace, school_ids=selectors.pupil_school_ids(request.user))
    return selectors.pupils(workspace)


@login_for_visitors
def walls(request, project_id):
    project, workspace, role = _member(request, project_id)
    context = {"project": project, "workspace": workspace, "walls": _visible_walls(request, workspace, role)}
    return render(request, "twinspace/walls.html", context)


@login_for_visitors
def wall(request, project_id, pupil_id):
    project, workspace, role = _member(request, project_id)
    shown = {m.pupil.pk: m for m in _visible_walls(request, workspace, role)}
    if int(pupil_id) not in shown:
        raise Http404
    membership = shown[int(pupil_id)]
    own = policies.may_write_on_wall(request.user, role, project, membership.pupil.pk)
    form = UpdateForm(request.POST or None) if own else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    back = reverse("twinspace:wall", args=[project.pk, membership.pupil.pk])
    response = form and form_action(
        request,
        form,
        lambda data: feed.update_post(
            actor=request.user, workspace=workspace, body=data["body"], wall_user_id=membership.pupil.pk
        ),
        success=_("Your update is posted."),
        redirect_to=back,
    )
    context = {
        "project": project,
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "page": feed.updates(workspace, request.user, request.GET, wall_user_id=membership.pupil.pk),
        "may": {a: policies.may(role, a, project) for a in ("comment", "pin")},
        "back": back,
        "comment_form": CommentForm(),
    }
    return response or render(request, "twinspace/wall.html", context)


@login_for_visitors
@require_POST
def update_action(request, project_id, update_id, action):
    project, workspace, role = _member(request, project_id)
    update = feed.update_or_404(workspace, update_id)
    if update.wall_id and update.wall_id not in {m.pupil.pk for m in _visible_walls(request, workspace, role)}:
        raise Http404
    back = feed.place_of(project, update)
    if action == "comment":
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write something first."))
            return redirect(back)
        return post_action(
            request,
            lambda: feed.comment_post(actor=request.user, update=update, body=form.cleaned_data["comment"]),
            success=_("Your comment is posted."),
            redirect_to=back,
        )
    actions = {
        "like": (lambda: feed.update_like(actor=request.user, update=update, like=True), ""),
        "unlike": (lambda: feed.update_like(actor=request.user, update=update, like=False), ""),
        "pin": (lambda: feed.update_pin(actor=request.user, update=update, pinned=True), _("The update is pinned.")),
        "unpin": (
            lambda: feed.update_pin(actor=request.user, update=update, pinned=False),
            _("The update is unpinned."),
        ),
        "remove": (lambda: feed.update_remove(actor=request.user, update=update), _("The update is removed.")),
    }
    if action not in actions:
        raise Http404
    run, message = actions[action]
    return post_action(request, run, success=message, redirect_to=back.split("#")[0] if action == "remove" else back)


@login_for_visitors
@require_POST
def comment_remove(request, project_id, comment_id):
    project, workspace, _role = _member(request, project_id)
    comment = feed.comment_or_404(workspace, comment_id)
    return post_action(
        request,
        lambda: feed.comment_remove(actor=request.user, comment=comment),
        success=_("The comment is removed."),
        redirect_to=feed.place_of(project, comment.update),
    )
