"""A cycle's content: the staff's authoring pages (modules and activities, their order, a page's files), the
outline that learners, trainers and staff read, and the pages of two kinds of activity (a page, a forum
task) with the cycle's forum of learners. Every view goes through the policies (404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.attachments import UploadError, attach
from twinning.core.errors import DomainError
from twinning.core.lookups import get_or_404
from twinning.core.richtext import enable_uploads, show

from . import content, policies
from . import content_forms as forms
from . import content_selectors as selectors
from .models import ActivityKind, Module


def _authored_module_or_404(user, module_id) -> Module:
    module = get_or_404(Module.objects.select_related("cycle", "cycle__course", "cycle__course__country"), pk=module_id)
    policies.authored_cycle_or_404(user, module.cycle_id)
    return module


def _content_url(cycle_id: int) -> str:
    return reverse("learning:cycle_content", args=[cycle_id])


def _local(value):
    return timezone.localtime(value) if value is not None else None


# --- authoring ----------------------------------------------------------------------------------------------


@login_required
def cycle_content(request, cycle_id):
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    context = {"cycle": cycle, "course": cycle.course, "modules": selectors.authoring(cycle)}
    return render(request, "learning/content/cycle_content.html", context)


@login_required
def module_new(request, cycle_id):
    cycle = policies.authored_cycle_or_404(request.user, cycle_id)
    form = forms.ModuleForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: content.module_create(actor=request.user, cycle=cycle, **data),
        success=lambda m: _("Module added: %(title)s.") % {"title": m.title},
        redirect_to=_content_url(cycle.pk),
    )
    context = {"form": form, "cycle": cycle, "course": cycle.course, "module": None}
    return response or render(request, "learning/content/module_form.html", context)


@login_required
def module_edit(request, module_id):
    module = _authored_module_or_404(request.user, module_id)
    initial = {"title": module.title, "summary": module.summary, "opens_at": _local(module.opens_at)}
    form = forms.ModuleForm(request.POST or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: content.module_edit(actor=request.user, module=module, **data),
        success=_("The module is saved."),
        redirect_to=_content_url(module.cycle_id),
    )
    context = {"form": form, "cycle": module.cycle, "course": module.cycle.course, "module": module}
    return response or render(request, "learning/content/module_form.html", context)


@login_required
def module_delete(request, module_id):
    module = _authored_module_or_404(request.user, module_id)
    activities = [a for m in selectors.authoring(module.cycle) if m.pk == module.pk for a in m.lines]  # type: ignore[attr-defined]
    learners = sum(a.learners for a in activities)
    form = forms.ConfirmForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: content.module_delete(actor=request.user, module=module, confirmed=True),
        success=_("The module is removed: %(title)s.") % {"title": module.title},
        redirect_to=_content_url(module.cycle_id),
    )
    context = {
        "form": form,
        "cycle": module.cycle,
        "course": module.cycle.course,
        "item": module,
        "activities": len(activities),
        "learners": learners,
    }
    return response or render(request, "learning/content/confirm_delete.html", context)


@login_required
@require_POST
def module_move(request, module_id):
    module = _authored_module_or_404(request.user, module_id)
    return post_action(
        request,
        lambda: content.module_move(actor=request.user, module=module, up=request.POST.get("direction") == "up"),
        success="",
        redirect_to=_content_url(module.cycle_id) + f"#module-{module.pk}",
    )


@login_required
def activity_new(request, module_id):
    module = _authored_module_or_404(request.user, module_id)
    kind_form = forms.KindForm(request.GET if "kind" in request.GET else None)
    context = {"cycle": module.cycle, "course": module.cycle.course, "module": module, "activity": None}
    if not kind_form.is_valid():
        return render(request, "learning/content/activity_kind.html", {**context, "form": kind_form})
    kind = kind_form.cleaned_data["kind"]
    form = forms.ActivityForm(request.POST or None, kind=kind)
    response = form_action(
        request,
        form,
        lambda data: content.activity_create(actor=request.user, module=module, kind=kind, **data),
        success=lambda a: _("Activity added: %(title)s.") % {"title": a.title},
        redirect_to=lambda a: reverse("learning:activity_edit", args=[a.pk]),
    )
    context.update(form=form, kind_label=ActivityKind(kind).label, kind=kind)  # type: ignore[call-overload]
    return response or render(request, "learning/content/activity_form.html", context)


@login_required
def activity_edit(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id)
    names = content.fields_of(activity.kind)
    initial = {name: getattr(activity, name) for name in names}
    for name in content.DATE_FIELDS:
        initial[name] = _local(initial[name])
    form = forms.ActivityForm(request.POST or None, initial=initial, kind=activity.kind)
    enable_uploads(form.fields["body"], reverse("uploads:upload", args=[content.ACTIVITY_FILES, activity.pk]))
    response = form_action(
        request,
        form,
        lambda data: content.activity_edit(actor=request.user, activity=activity, **data),
        success=_("The activity is saved."),
        redirect_to=_content_url(activity.cycle_id),
    )
    context = {
        "form": form,
        "cycle": activity.cycle,
        "course": activity.cycle.course,
        "module": activity.module,
        "activity": activity,
        "kind_label": activity.kind_label,
        "author_url": content.author_url(activity),
        "files": selectors.activity_files(activity),
        "file_form": forms.FileForm(),
    }
    return response or render(request, "learning/content/activity_form.html", context)


@login_required
@require_POST
def activity_file_add(request, activity_id):
    """A file for the activity's learners (a page's documents), added by the staff on the edit page."""
    activity = policies.authored_activity_or_404(request.user, activity_id)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attach(
                actor=request.user,
                host=content.ACTIVITY_FILES,
                host_id=activity.pk,
                upload=form.cleaned_data["file"],
                rights=form.cleaned_data["rights"],
                description=form.cleaned_data["description"],
            )
        except (UploadError, DomainError) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("File added: %(name)s.") % {"name": attachment.name})
    else:
        messages.error(request, _("Choose a file and say whose work it is."))
    return redirect(reverse("learning:activity_edit", args=[activity.pk]) + "#files")


@login_required
def activity_delete(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id)
    form = forms.ConfirmForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: content.activity_delete(actor=request.user, activity=activity, confirmed=True),
        success=_("The activity is removed: %(title)s.") % {"title": activity.title},
        redirect_to=_content_url(activity.cycle_id),
    )
    context = {
        "form": form,
        "cycle": activity.cycle,
        "course": activity.cycle.course,
        "item": activity,
        "activities": 0,
        "learners": selectors.learner_count_with_progress(activity),
    }
    return response or render(request, "learning/content/confirm_delete.html", context)


@login_required
@require_POST
def activity_move(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id)
    return post_action(
        request,
        lambda: content.activity_move(actor=request.user, activity=activity, up=request.POST.get("direction") == "up"),
        success="",
        redirect_to=_content_url(activity.cycle_id) + f"#activity-{activity.pk}",
    )


# --- reading -------------------------------------------------------------------------------------------------


@login_required
def outline(request, cycle_id):
    seat = policies.cycle_seat_or_404(request.user, cycle_id)
    data = selectors.outline(seat.cycle, seat.enrolment, now=timezone.now())
    context = {"seat": seat, "cycle": seat.cycle, "course": seat.cycle.course, "outline": data}
    return render(request, "learning/content/outline.html", context)


@login_required
def page(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=ActivityKind.PAGE)
    if seat.learner:
        content.page_read(
            enrolment=seat.enrolment, activity=activity, state=selectors.progress_state(seat.enrolment, activity)
        )
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "seat": seat,
        "body": show(activity.body),
        "files": selectors.activity_files(activity),
    }
    return render(request, "learning/content/page.html", context)


@login_required
def forum_task(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind=ActivityKind.FORUM)
    discussion = content.forum_task_discussion(activity)
    context = {
        "activity": activity,
        "cycle": activity.cycle,
        "seat": seat,
        "body": show(activity.body),
        "discussion": discussion,
        "written": selectors.posts_written(request.user, activity) if seat.learner else None,
        "state": selectors.progress_state(seat.enrolment, activity),
    }
    return render(request, "learning/content/forum_task.html", context)


@login_required
def cycle_forum(request, cycle_id):
    """The cycle's forum of learners (opened the first time someone comes)."""
    seat = policies.cycle_seat_or_404(request.user, cycle_id)
    discussion = content.cycle_forum_discussion(seat.cycle)
    return redirect("discussions:discussion", discussion.pk)
