"""The staff home (what waits in each queue, recent decisions) and the audit log, scoped by country."""

from django.shortcuts import render

from twinning.core import registries
from twinning.core import selectors as core_selectors
from twinning.core.paging import paginate

from . import forms, policies
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
