from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import mfa, upload_check
from .health import run_checks
from .lookups import login_for_visitors
from .net import client_ip
from .uploads import accepts_upload

_LOOPBACK = ("127.0.0.1", "::1")


def _may_see_details(request) -> bool:
    """Monitoring on the machine itself, or an administrator whose session passed the second factor."""
    if client_ip(request) in _LOOPBACK:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_superuser and mfa.session_passed_mfa(request))


@never_cache
@require_GET
def healthz(request):
    """200 when the database, cache and task queue answer, 503 otherwise; details only to operators."""
    ok, checks = run_checks()
    body: dict = {"status": "ok" if ok else "error"}
    if _may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if ok else 503)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico at the root whatever the page's <link> says.

    The hashed name is looked up per request: at import time the manifest may not exist yet
    (``check --deploy`` runs before ``collectstatic``)."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


# --- Attached files (core.attachments) ------------------------------------------------------------------


@login_for_visitors
@require_GET
def attachment_file(request, attachment_id, name=""):
    """An attached file, to whoever its place lets read it (404 to anyone else, as for a missing one)."""
    from django.http import Http404

    from .attachments import access_for
    from .files import serve_private
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id).first()
    access = access_for(request.user, attachment.host, attachment.host_id) if attachment is not None else None
    if access is None or (access.visible is not None and not access.visible(attachment)):
        raise Http404
    inline = attachment.kind in upload_check.IMAGES or attachment.kind in ("pdf", "mp3", "mp4")
    return serve_private(attachment.file, download_name=attachment.name, as_attachment=not inline, max_age=300)


UPLOAD_REQUEST_MAX = 101 * 1024 * 1024  # the largest file the rules allow (100 MB), with its form


@accepts_upload(UPLOAD_REQUEST_MAX)
def attachment_upload(request, host, host_id):
    """Add a file to a place (the editor's "insert image", a workspace's materials): JSON for the page's
    script — the file's address, or the reason it was refused in the person's language."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404
    from django.urls import reverse

    from .attachments import UploadError, access_for, attach
    from .errors import NotAllowed

    if request.method != "POST":
        return JsonResponse({"error": "POST"}, status=405)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if access_for(request.user, host, host_id) is None:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        from django.utils.translation import gettext as _

        return JsonResponse({"error": _("Choose a file.")}, status=400)
    try:
        attachment = attach(
            actor=request.user,
            host=host,
            host_id=host_id,
            upload=upload,
            rights=request.POST.get("rights", ""),
            description=request.POST.get("description", ""),
        )
    except NotAllowed as exc:
        return JsonResponse({"error": str(exc.message)}, status=403)
    except UploadError as exc:
        return JsonResponse({"error": str(exc.message), "field": exc.field}, status=400)
    url = reverse("files:attachment_named", args=[attachment.pk, attachment.name])
    body = {
        "url": url,
        "name": attachment.name,
        "description": attachment.description,
        "width": attachment.width,
        "height": attachment.height,
        "image": attachment.kind in upload_check.IMAGES,
    }
    return JsonResponse(body, status=201)


@never_cache
def job_page(request, job_id):
    """A person's long job: its progress (updated by htmx every two seconds), then its result or why it failed.
    A finished job whose kind shows its result elsewhere sends the person there."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponseRedirect
    from django.shortcuts import render
    from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

    from .jobs import job_or_404, kind_of

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = job_or_404(request.user, job_id)
    spec = kind_of(job)
    result_url = spec.result_url(job) if (spec and spec.result_url and job.state == "done") else ""
    if request.htmx:
        if not job.finished:
            return render(request, "core/job.html#progress", {"job": job})
        return HttpResponseClientRedirect(result_url) if result_url else HttpResponseClientRefresh()
    if result_url:
        return HttpResponseRedirect(result_url)
    return render(request, "core/job.html", {"job": job, "title": spec.title if spec else job.kind})
