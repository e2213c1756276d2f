"""Reporting content (eTwinners) and the moderation queue and decisions (NSO staff of the author's country)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.decorators import etwinner_required
from twinning.core.actions import form_action, post_action
from twinning.core.net import local_path
from twinning.core.paging import paginate
from twinning.core.registries import reportable, reportables
from twinning.core.selectors import audit_trail_for
from twinning.staff.decorators import staff_required

from . import forms, policies, selectors, services
from .models import ReportStatus


@etwinner_required
def report(request, kind, object_id):
    """Report a message, a post or a profile to the NSO of its author's country."""
    entry = reportable(kind)
    target = entry.resolve(object_id) if entry is not None else None
    if (
        target is None
        or not target.can_be_reported_by(request.user)
        or getattr(target.author, "pk", None) == request.user.pk
    ):
        raise Http404
    form = forms.ReportForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.report_create(
            reporter=request.user, kind=kind, object_id=object_id, reason=data["reason"], text=data["text"]
        ),
        success=_(
            "Thank you. Your report was sent to the National Support Organisation; you will be told the outcome."
        ),
        redirect_to=local_path(request.POST.get("next")) or target.url or reverse("accounts:dashboard"),
        field="reason",
    )
    if response:
        return response
    context = {"form": form, "entry": entry, "target": target, "next": local_path(request.GET.get("next"))}
    return render(request, "moderation/report.html", context)


@staff_required
def queue(request):
    filter_form = forms.QueueFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = paginate(selectors.queue(staff=request.user, filters=filters), request.GET, per_page=25)
    labels = {entry.kind: entry.label for entry in reportables()}
    now = timezone.now()
    rows = [(r, labels.get(r.kind, r.kind), (now - r.created_at).days) for r in page.items]
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "open": (filters.get("status") or ReportStatus.OPEN) == ReportStatus.OPEN,
    }
    return render(request, "moderation/queue.html", context)


@staff_required
def report_detail(request, report_id):
    item = policies.report_for_staff_or_404(request.user, report_id, queryset=selectors.report_for_page())
    form = forms.DecisionForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.report_decide(
            actor=request.user, report=item, decision=data["decision"], reason=data["reason"]
        ),
        success=_("Decision recorded; the reporter is told the outcome."),
        redirect_to=reverse("moderation:queue"),
        field="decision",
    )
    if response:
        return response
    entry = reportable(item.kind)
    context = {
        "report": item,
        "entry": entry,
        "target": services.target_of(item.kind, item.object_id),
        "others": selectors.other_reports(item),
        "form": form,
        "show_again_form": forms.ShowAgainForm(),
        "trail": audit_trail_for(item),
    }
    return render(request, "moderation/report_detail.html", context)


@staff_required
@require_POST
def show_again(request, report_id):
    """Show hidden reported content again (the NSO of the author's country, with a reason)."""
    item = policies.report_for_staff_or_404(request.user, report_id, queryset=selectors.report_for_page())
    form = forms.ShowAgainForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the decision: it is kept in the audit log."))
        return redirect("moderation:report_detail", report_id=item.pk)
    return post_action(
        request,
        lambda: services.content_show_again(actor=request.user, report=item, reason=form.cleaned_data["reason"]),
        success=_("The content is shown again."),
        redirect_to=reverse("moderation:report_detail", args=[item.pk]),
    )
