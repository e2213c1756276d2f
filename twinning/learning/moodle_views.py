"""Staff pages of the Moodle import: upload a course backup (.mbz) for a cycle, see what it becomes, confirm;
the import runs in the background (``core.jobs``' page shows its progress) and its result is shown here.
The staff of the course's country (CSS for every country) reach them; staff of another country get 404,
everyone else 403.

Between the preview and the confirmation the upload waits on private storage, named in the person's session
with the cycle and its fingerprint (one waiting upload a person: a new one replaces it). Once confirmed it
belongs to the job, which deletes it when the import ends."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.core import jobs
from twinning.core.errors import DomainError
from twinning.core.models import JobState
from twinning.core.upload_check import display_name
from twinning.core.uploads import accepts_upload

from . import policies
from .moodle import archive, parse, services
from .moodle_forms import BackupForm

log = logging.getLogger(__name__)
SESSION_KEY = "learning_moodle_import"


def _staff_cycle(request, cycle_id):
    if not policies.can_create_course(request.user):
        raise PermissionDenied
    return policies.authored_cycle_or_404(request.user, cycle_id)


def _forget(request) -> None:
    """The person's waiting upload, if any, is deleted (a new upload or a cancelled import)."""
    kept = request.session.pop(SESSION_KEY, None)
    if isinstance(kept, dict):
        services.upload_discard(str(kept.get("stored", "")))


def _context(cycle, **extra) -> dict:
    return {"cycle": cycle, "course": cycle.course, "content_url": reverse("learning:cycle_content", args=[cycle.pk]),
            **extra}  # fmt: skip


def _confirm(request, cycle):
    kept = request.session.get(SESSION_KEY)
    digest = request.POST.get("digest", "")
    if not isinstance(kept, dict) or kept.get("cycle") != cycle.pk or not digest or kept.get("digest") != digest:
        messages.error(request, _("The backup to import is no longer waiting: upload it again."))
        return redirect("learning:moodle_import", cycle_id=cycle.pk)
    try:
        job = services.import_start(
            actor=request.user, cycle=cycle, stored=kept["stored"], fingerprint=digest,
            filename=kept.get("file", ""), counts=kept.get("counts", {}), language=get_language(),
        )  # fmt: skip
    except DomainError as exc:
        _forget(request)
        messages.error(request, exc.message)
        return redirect("learning:moodle_import", cycle_id=cycle.pk)
    request.session.pop(SESSION_KEY, None)  # the job owns the upload now
    return redirect("jobs:job", job_id=job.pk)


# A little more than the largest backup (the form around it): a larger file is told so by the form.
@accepts_upload(archive.MAX_BACKUP_BYTES + 64 * 1024)
@login_required
def moodle_import(request, cycle_id):
    cycle = _staff_cycle(request, cycle_id)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request, cycle)
    if request.method == "POST" and request.POST.get("step") == "cancel":
        _forget(request)
        messages.info(request, _("The import is cancelled: nothing was changed."))
        return redirect("learning:cycle_content", cycle_id=cycle.pk)
    form = BackupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _forget(request)
        stored = ""
        try:
            stored, fingerprint = services.upload_keep(upload)
            plan = services.preview(stored)
        except DomainError as exc:
            services.upload_discard(stored)
            form.add_error("file", exc.message)
        except Exception:  # an archive nobody foresaw must not end in an error page
            log.exception("Moodle backup preview failed")
            services.upload_discard(stored)
            form.add_error("file", _("The backup could not be read. Nothing was changed."))
        else:
            filename = display_name(upload.name)
            already = services.already_imported(cycle, fingerprint)
            if already:
                services.upload_discard(stored)
            else:
                request.session[SESSION_KEY] = {
                    "cycle": cycle.pk, "stored": stored, "digest": fingerprint, "file": filename,
                    "counts": plan.counts(),
                }  # fmt: skip
            context = _context(cycle, plan=plan, filename=filename, already=already, digest=fingerprint)
            return render(request, "learning/moodle/preview.html", context)
    context = _context(cycle, form=form, max_bytes=archive.MAX_BACKUP_BYTES)
    return render(request, "learning/moodle/import.html", context)


@login_required
def moodle_result(request, job_id):
    """What an import created and what it did not (its job's result), to the person who started it."""
    job = jobs.job_or_404(request.user, job_id)
    if job.kind != services.JOB_KIND:
        raise Http404
    cycle = _staff_cycle(request, (job.params or {}).get("cycle"))
    if job.state != JobState.DONE:
        return redirect("jobs:job", job_id=job.pk)
    result = job.result or {}
    rows = [
        parse.Skip(**{name: str(row.get(name, "")) for name in ("what", "kind", "name", "reason", "where")})
        for row in result.get("not_imported", [])
        if isinstance(row, dict)
    ]
    context = _context(cycle, job=job, result=result, counts=result.get("counts", {}), not_imported=rows)
    return render(request, "learning/moodle/result.html", context)
