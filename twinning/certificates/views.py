"""Certificates' pages: the form to type a code (the verification page itself is in ``public_views``),
"My certificates" and the downloads (holder; the PDF also for the issuing country's staff), and the staff's
search and revoking."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from twinning.core.actions import form_action
from twinning.core.files import serve_private
from twinning.core.paging import paginate
from twinning.staff.decorators import staff_required

from . import badges, forms, policies, selectors, services

PER_PAGE = 25


# --- Public -----------------------------------------------------------------------------------------


def verify_form(request):
    form = forms.VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


# --- The holder -------------------------------------------------------------------------------------


@login_required
def mine(request):
    certificates = list(selectors.certificates_of(request.user))
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def detail(request, code: str):
    certificate = policies.download_or_404(request.user, selectors.by_code(code))
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "is_holder": policies.is_holder(request.user, certificate),
            "can_manage": policies.can_manage(request.user, certificate),
        },
    )


@login_required
@never_cache
def pdf(request, code: str):
    certificate = policies.download_or_404(request.user, selectors.by_code(code))
    return serve_private(certificate.pdf, download_name=f"{certificate.code}.pdf")


@login_required
@never_cache
def badge_jwt(request, code: str):
    certificate = policies.holder_or_404(request.user, selectors.by_code(code))
    if not certificate.badge:
        raise Http404
    response = HttpResponse(certificate.badge, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{certificate.code}.jwt"'
    return response


@login_required
@never_cache
def badge_json(request, code: str):
    certificate = policies.holder_or_404(request.user, selectors.by_code(code))
    if not certificate.badge:
        raise Http404
    body = json.dumps(badges.payload(certificate.badge)["vc"], ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.code}.json"'
    return response


# --- Staff ------------------------------------------------------------------------------------------


@staff_required
def staff_list(request):
    form = forms.StaffSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    qs = selectors.staff_search(policies.certificates_for_staff(request.user), query)
    page = paginate(qs, request.GET, per_page=PER_PAGE)
    return render(request, "certificates/staff/list.html", {"form": form, "page": page, "query": query})


@staff_required
def staff_detail(request, code: str):
    certificate = policies.manage_or_404(request.user, selectors.by_code(code))
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and certificate.revoked_at is None:
        response = form_action(
            request,
            form,
            lambda data: services.revoke(certificate=certificate, by=request.user, reason=data["reason"]),
            success=_("Revoked: certificate %(code)s of %(name)s.")
            % {"code": certificate.code, "name": certificate.holder_name},
            redirect_to=request.path,
            field="reason",
        )
        if response:
            return response
    return render(request, "certificates/staff/detail.html", {"certificate": certificate, "form": form})
