"""A person's own data (download, erasure) and the CSS page for the retention policy."""

import json

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from twinning.core import selectors as core_selectors
from twinning.core.errors import DomainError

from . import policies
from . import privacy as privacy_services
from .forms import DeleteAccountForm
from .models import RetentionPolicy


@login_required
def privacy(request):
    return render(
        request,
        "accounts/privacy.html",
        {"policy": RetentionPolicy.current()},
    )


@login_required
@require_GET
def export(request):
    """Download everything about me as JSON (the download is audited)."""
    data = privacy_services.data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"twinning-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        privacy_services.account_erase(user=request.user, actor=request.user, reason="own request")
        logout(request)
        return render(request, "accounts/delete_account.html", {"done": True})
    return render(request, "accounts/delete_account.html", {"form": form, "done": False})


# --- Staff: the retention policy (CSS) -----------------------------------------------------------


class RetentionPolicyForm(django_forms.Form):
    inactive_after_days = django_forms.IntegerField(
        label=gettext_lazy("Hide the profile after this many days without login"),
        min_value=1,
        max_value=privacy_services.MAX_DAYS,
    )
    anonymise_after_days = django_forms.IntegerField(
        label=gettext_lazy("Anonymise the account after this many days without login"),
        min_value=1,
        max_value=privacy_services.MAX_DAYS,
    )
    warning_days = django_forms.IntegerField(
        label=gettext_lazy("Send the warning e-mail this many days before anonymising"),
        min_value=1,
        max_value=privacy_services.MAX_DAYS,
    )
    reason = django_forms.CharField(
        label=gettext_lazy("Reason for the change (kept in the audit trail)"), required=False, max_length=500
    )

    def clean(self):
        cleaned = super().clean()
        fields = ("inactive_after_days", "anonymise_after_days", "warning_days")
        if all(cleaned.get(f) is not None for f in fields):
            problems = privacy_services.retention_policy_problems(**{f: cleaned[f] for f in fields})
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned


@login_required
def retention_policy(request):
    if not policies.is_css_staff(request.user):
        raise PermissionDenied
    policy = RetentionPolicy.current()
    initial = {
        "inactive_after_days": policy.inactive_after_days,
        "anonymise_after_days": policy.anonymise_after_days,
        "warning_days": policy.warning_days,
    }
    form = RetentionPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            privacy_services.retention_policy_update(
                by=request.user,
                inactive_after_days=data["inactive_after_days"],
                anonymise_after_days=data["anonymise_after_days"],
                warning_days=data["warning_days"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The retention policy is saved."))
            return redirect("accounts:retention_policy")
    return render(
        request,
        "accounts/staff/retention_policy.html",
        {"form": form, "policy": policy, "trail": core_selectors.audit_trail_for(policy)},
    )
