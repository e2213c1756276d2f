"""Staff pages of the import of earlier certificates: upload a CSV for a country, see what it would do (the
preview, every bad row with its line), confirm; the import runs in the background (``core.jobs``' page shows
its progress) and its result is shown here. NSO staff import for their country, CSS staff choose it; staff
asking for another country get 404, everyone else 403.

Between the preview and the confirmation the upload waits on private storage, named in the person's session
with the country and its fingerprint (one waiting upload a person: a new one replaces it). Once confirmed it
belongs to the job, which deletes it when the import ends."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.core import jobs
from twinning.core.errors import DomainError
from twinning.core.models import JobState
from twinning.core.upload_check import display_name
from twinning.core.uploads import accepts_upload
from twinning.staff.decorators import staff_required

from . import imports
from .import_forms import ImportForm

log = logging.getLogger(__name__)
SESSION_KEY = "certificates_import"


def _forget(request) -> None:
    """The person's waiting upload, if any, is deleted (a new upload or a cancelled import)."""
    kept = request.session.pop(SESSION_KEY, None)
    if isinstance(kept, dict):
        imports.upload_discard(str(kept.get("stored", "")))


def _confirm(request):
    kept = request.session.get(SESSION_KEY)
    fingerprint = request.POST.get("digest", "")
    if not isinstance(kept, dict) or not fingerprint or kept.get("digest") != fingerprint:
        messages.error(request, _("The file to import is no longer waiting: upload it again."))
        return redirect("certificates:import")
    country = imports.import_country_or_404(request.user, kept.get("country"))
    try:
        job = imports.import_start(
            actor=request.user, country=country, stored=str(kept.get("stored", "")), fingerprint=fingerprint,
            filename=str(kept.get("file", "")), counts=kept.get("counts", {}), language=get_language(),
        )  # fmt: skip
    except DomainError as exc:
        _forget(request)
        messages.error(request, exc.message)
        return redirect("certificates:import")
    request.session.pop(SESSION_KEY, None)  # the job owns the upload now
    return redirect("jobs:job", job_id=job.pk)


@accepts_upload(imports.MAX_BYTES + 64 * 1024)
@staff_required
def import_page(request):
    countries = list(imports.import_countries(request.user))
    if not countries:
        raise Http404
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    if request.method == "POST" and request.POST.get("step") == "cancel":
        _forget(request)
        messages.info(request, _("The import is cancelled: nothing was changed."))
        return redirect("certificates:import")
    form = ImportForm(request.POST or None, request.FILES or None, countries=countries)
    if request.method == "POST" and "country" in request.POST:
        imports.import_country_or_404(request.user, request.POST.get("country"))  # another country's: 404
    if request.method == "POST" and form.is_valid():
        country = imports.import_country_or_404(request.user, form.cleaned_data["country"])
        upload = form.cleaned_data["file"]
        _forget(request)
        stored = ""
        try:
            stored, fingerprint = imports.upload_keep(upload)
            checked = imports.check_kept(stored, country=country)
        except DomainError as exc:
            imports.upload_discard(stored)
            form.add_error("file", exc.message)
        except Exception:  # a file nobody foresaw must not end in an error page
            log.exception("certificates import preview failed")
            imports.upload_discard(stored)
            form.add_error("file", _("The file could not be read. Nothing was changed."))
        else:
            filename = display_name(upload.name)
            counts = checked.counts()
            if checked.to_create:
                request.session[SESSION_KEY] = {
                    "country": country.pk, "stored": stored, "digest": fingerprint, "file": filename, "counts": counts,
                }  # fmt: skip
            else:
                imports.upload_discard(stored)
            context = {"check": checked, "counts": counts, "country": country, "filename": filename,
                       "digest": fingerprint}  # fmt: skip
            return render(request, "certificates/import/preview.html", context)
    context = {"form": form, "countries": countries, "columns": imports.COLUMNS, "greek": imports.GREEK_COLUMNS}
    return render(request, "certificates/import/import.html", context)


@staff_required
def import_result(request, job_id):
    """What an import created and which rows it left out (its job's result), to the person who started it."""
    job = jobs.job_or_404(request.user, job_id)
    if job.kind != imports.JOB_KIND:
        raise Http404
    country = imports.import_country_or_404(request.user, (job.params or {}).get("country"))
    if job.state != JobState.DONE:
        return redirect("jobs:job", job_id=job.pk)
    result = job.result or {}
    errors = [e for e in result.get("errors", []) if isinstance(e, dict)]
    context = {"job": job, "country": country, "result": result, "counts": result.get("counts", {}), "errors": errors}
    return render(request, "certificates/import/result.html", context)
