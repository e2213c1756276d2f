"""The staff home (what waits in each queue, recent decisions) and the audit log, scoped by country."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.core import registries
from twinning.core import rules as core_rules
from twinning.core import selectors as core_selectors
from twinning.core.actions import form_action
from twinning.core.paging import paginate

from . import forms, policies, selectors, services
from .decorators import staff_or_ambassador_required, staff_required


@staff_or_ambassador_required
def home(request):
    user = request.user
    codes = policies.audit_country_codes(user) if policies.is_support_staff(user) else set()
    recent = list(core_selectors.audit_events(country_codes=codes)[:10]) if policies.is_support_staff(user) else []
    context = {
        "cards": registries.staff_cards_for(user),
        "recent": recent,
        "shortcuts": registries.navigation_for(user, registries.STAFF),
    }
    return render(request, "staff/home.html", context)


@staff_required
def audit_log(request):
    form = forms.AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    events = core_selectors.audit_events(country_codes=policies.audit_country_codes(request.user), **filters)
    page = paginate(events, request.GET, per_page=50)
    return render(request, "staff/audit_log.html", {"form": form, "page": page})


@staff_required
def rules(request):
    """The numbers the domains' rules read (days a post stays open, requests a day…): CSS staff change them."""
    if not policies.can_edit_rules(request.user):
        raise PermissionDenied
    form = forms.RulesForm(request.POST or None, declared=core_rules.rules(), values=core_rules.values())
    response = form_action(
        request,
        form,
        lambda data: services.rules_set(actor=request.user, values=form.rule_values(), reason=data["reason"]),
        success=lambda changed: _("The rules are saved.") if changed else _("Nothing was changed."),
        redirect_to=reverse("staff:rules"),
    )
    if response:
        return response
    return render(request, "staff/rules.html", {"form": form})


@staff_required
def embeds(request):
    """Which sites' videos and tools may be embedded in pages (CSS staff); each change is audited."""
    if not policies.can_edit_rules(request.user):
        raise PermissionDenied
    sites = selectors.embed_sites()
    action = request.POST.get("action") if request.method == "POST" else None
    sites_form = forms.EmbedSitesForm(request.POST if action == "save" else None, sites=sites)
    host_form = forms.EmbedHostForm(request.POST if action == "add" else None)
    response = None
    if action == "save":
        response = form_action(
            request,
            sites_form,
            lambda data: services.embed_sites_set(
                actor=request.user, enabled_ids=set(data["sites"]), reason=data["reason"]
            ),
            success=lambda changed: _("The list of allowed sites is saved.") if changed else _("Nothing was changed."),
            redirect_to=reverse("staff:embeds"),
        )
    elif action == "add":
        response = form_action(
            request,
            host_form,
            lambda data: services.embed_host_add(
                actor=request.user, host=data["host"], name=data["name"], reason=data["reason"]
            ),
            success=_("The site is added to the list."),
            redirect_to=reverse("staff:embeds"),
        )
    elif action == "remove":
        remove_form = forms.EmbedRemoveForm(request.POST)
        response = form_action(
            request,
            remove_form,
            lambda data: services.embed_host_remove(actor=request.user, site_id=data["site"], reason=data["reason"]),
            success=_("The site is taken off the list."),
            redirect_to=reverse("staff:embeds"),
        )
        if response is None:
            messages.error(request, _("This site is not on the list any more."))
            return redirect("staff:embeds")
    if response:
        return response
    context = {
        "sites_form": sites_form,
        "host_form": host_form,
        "added": [s for s in sites if not s.provider],
    }
    return render(request, "staff/embeds.html", context)
