"""A TwinSpace's archive page: its founders (also once the project is closed) and the staff concerned make and
download the whole workspace as one archive; the founders of an active project import one (checked first,
then confirmed). The work runs in the background (``tasks``); the list polls its progress with htmx, and a
refresh shows the same without JavaScript."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.files import serve_private
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.core.uploads import accepts_upload

from .. import archive, forms, policies, selectors, services
from ..models import ArchiveJob
from . import _open


def _archive_open(request, project_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may_export_archive(role, project):
        raise PermissionDenied
    return project, workspace, role


def _context(project, workspace, role, form=None) -> dict:
    jobs = selectors.archive_jobs(workspace)
    labels = archive.count_labels()
    for job in jobs:
        counts = (job.summary or {}).get("counts", {})
        job.count_rows = [(labels[key], n) for key, n in counts.items() if key in labels]
    return {
        "project": project,
        "workspace": workspace,
        "jobs": jobs,
        "running": any(job.running for job in jobs),
        "may_import": policies.may_import_archive(role, project),
        "form": form,
    }


@accepts_upload(services.ARCHIVE_UPLOAD_MAX + 1024 * 1024)
@login_for_visitors
def archive_page(request, project_id):
    project, workspace, role = _archive_open(request, project_id)
    form = None
    if policies.may_import_archive(role, project):
        form = forms.ArchiveImportForm(request.POST or None, request.FILES or None)
    elif request.method == "POST":
        raise PermissionDenied
    response = form and form_action(
        request,
        form,
        lambda data: services.archive_import_start(actor=request.user, workspace=workspace, upload=data["archive"]),
        success=_("The archive is uploaded and being checked: confirm the import once it is ready."),
        redirect_to=reverse("twinspace:archive", args=[project.pk]),
    )
    return response or render(request, "twinspace/archive.html", _context(project, workspace, role, form))


@login_for_visitors
def archive_jobs(request, project_id):
    """The list of archives, polled by htmx while one is being made, checked or imported."""
    project, workspace, role = _archive_open(request, project_id)
    if not request.htmx:
        return redirect("twinspace:archive", project_id=project.pk)
    return render(request, "twinspace/archive.html#jobs", _context(project, workspace, role))


@login_for_visitors
@require_POST
def archive_export(request, project_id):
    project, workspace, _role = _archive_open(request, project_id)
    return post_action(
        request,
        lambda: services.archive_export_start(actor=request.user, workspace=workspace),
        success=_("The archive is being made: it can be downloaded here once it is ready."),
        redirect_to=reverse("twinspace:archive", args=[project.pk]),
    )


@login_for_visitors
@require_POST
def archive_confirm(request, project_id, job_id):
    project, workspace, _role = _archive_open(request, project_id)
    job = get_or_404(ArchiveJob.objects.filter(workspace=workspace, kind=ArchiveJob.Kind.IMPORT), pk=job_id)
    job.workspace = workspace
    return post_action(
        request,
        lambda: services.archive_import_confirm(actor=request.user, job=job),
        success=_("The archive is being imported."),
        redirect_to=reverse("twinspace:archive", args=[project.pk]),
    )


@login_for_visitors
def archive_download(request, project_id, job_id):
    """A finished archive, to those who may make one (private storage, never a public address)."""
    project, workspace, _role = _archive_open(request, project_id)
    done = ArchiveJob.objects.filter(workspace=workspace, kind=ArchiveJob.Kind.EXPORT, status=ArchiveJob.Status.DONE)
    job = get_or_404(done.exclude(file=""), pk=job_id)
    name = f"twinspace-{project.pk}-{job.created_at:%Y-%m-%d}.zip"
    return serve_private(job.file, download_name=name, as_attachment=True)
