"""H5P interactive content pages.

- ``show``: the learner's page (instructions, the player in a frame, their state and score); the cycle's
  trainers and the staff see it too, as a preview that records nothing.
- ``frame``: the page inside the frame. It is sandboxed twice: by the ``<iframe sandbox="allow-scripts">``
  of ``show`` and by its own ``Content-Security-Policy: sandbox allow-scripts`` (so even opened on its own
  it runs in an opaque origin): the package's JavaScript cannot read the platform's cookies, pages or
  storage. The policy loosens the site's only where H5P needs it (inline styles); no ``unsafe-eval``.
- ``package_file``: the package's files, for the frame, which sends no cookies: authorised by the signed,
  short-lived token in the URL (``h5p.files_token``: the activity, the person, the package's folder), and
  the person must still have a seat in the cycle.
- ``xapi``: the statements the page relays from the frame (JSON, with the CSRF token); the learner is the
  session's user.
- ``author``: the staff upload a package.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from twinning.core.actions import form_action
from twinning.core.errors import DomainError
from twinning.core.files import serve_private
from twinning.core.richtext import show as show_rich
from twinning.core.uploads import accepts_upload, private_storage

from . import h5p, policies, schedule
from .h5p_forms import PackageForm
from .models import H5PPackage

FRAME_POLICY = "; ".join(
    [
        "sandbox allow-scripts",
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # H5P libraries build elements with style attributes
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
# A package's file opened on its own (an SVG, say) is a sandboxed document that can run nothing.
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
FILE_MAX_AGE = 3600


def object_iri(request, activity_id: int) -> str:
    """The activity as the player names it in xAPI statements: the learner's page, in the site's language
    (the same whatever language the person reads in)."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("learning:h5p", args=[activity_id]))


def _package_of(activity) -> H5PPackage | None:
    return H5PPackage.objects.filter(activity=activity).select_related("uploaded_by").first()


@login_required
def show(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind="h5p")
    package = _package_of(activity)
    dates = schedule.learner_dates(activity, activity.cycle, seat.enrolment)
    now = timezone.now()
    context = {
        "activity": activity,
        "seat": seat,
        "package": package,
        "instructions": show_rich(activity.body),
        "dates": dates,
        "not_yet": dates.opens_at is not None and dates.opens_at > now,
        "closed": dates.closes_at is not None and dates.closes_at < now,
        "progress": h5p.learner_progress(seat.enrolment, activity),
        "author": seat.staff,
    }
    response = render(request, "learning/h5p/show.html", context)
    response._csp_update = {"frame-src": ["'self'"]}  # type: ignore[attr-defined]  # the player's frame
    return response


@login_required
@never_cache
@xframe_options_sameorigin
@require_GET
def frame(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind="h5p")
    package = _package_of(activity)
    player = None
    if package is not None:
        token = h5p.files_token(activity=activity, user=request.user, package=package)
        files = reverse("learning:h5p_file", args=[activity.pk, token, "h5p.json"]).removesuffix("/h5p.json")
        player = {
            "files": request.build_absolute_uri(files),
            "frame_js": request.build_absolute_uri(static("h5p-standalone/frame.bundle.js")),
            "frame_css": request.build_absolute_uri(static("h5p-standalone/styles/h5p.css")),
            "object_iri": object_iri(request, activity.pk),
            "parent_origin": request.build_absolute_uri("/").rstrip("/"),
            "actor": h5p.actor_mail(request.user),
            "title": package.title or activity.title,
        }
    response = render(request, "learning/h5p/frame.html", {"activity": activity, "player": player})
    response["Content-Security-Policy"] = FRAME_POLICY
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def package_file(request, activity_id, token, path):
    grant = h5p.files_grant(token, activity_id=activity_id)
    name = h5p.safe_file_name(path)
    if grant is None or name is None:
        raise Http404
    if not H5PPackage.objects.filter(activity_id=activity_id, folder=grant.folder).exists():
        raise Http404  # the package was replaced since the token was given: the page gives a new one
    person = get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
    if person is None:
        raise Http404
    policies.activity_or_404(person, activity_id, kind="h5p")  # still has a seat (a withdrawn learner has not)
    response = serve_private(
        SimpleNamespace(name=f"{grant.folder}/{name}", storage=private_storage()), max_age=FILE_MAX_AGE
    )
    response["Content-Type"] = h5p.content_type_of(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    # The frame's origin is opaque ("null"): the player's fetches are cross-origin and carry no cookies;
    # the token in the address is what authorises them.
    response["Access-Control-Allow-Origin"] = "*"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def xapi(request, activity_id):
    activity, seat = policies.activity_or_404(request.user, activity_id, kind="h5p")
    if not seat.learner:
        return HttpResponse(status=204)  # a trainer's or the staff's preview: nothing recorded
    try:
        statement = h5p.parse_statement(request.body)
        dates = schedule.learner_dates(activity, activity.cycle, seat.enrolment)
        now = timezone.now()
        if dates.opens_at is not None and dates.opens_at > now:
            return JsonResponse({"error": _("The activity is not open yet.")}, status=403)
        if dates.closes_at is not None and dates.closes_at < now:
            return JsonResponse({"error": _("The activity is closed: results are no longer recorded.")}, status=403)
        row = h5p.record_statement(
            user=request.user,
            activity=activity,
            enrolment=seat.enrolment,
            statement=statement,
            object_iri=object_iri(request, activity.pk),
        )
    except h5p.StatementRefused as exc:
        return JsonResponse({"error": str(exc.message)}, status=exc.status)
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=403)
    if row is None:
        return HttpResponse(status=204)
    return JsonResponse(
        {
            "state": row.state,
            "state_label": row.state_label,
            "points": None if row.points is None else formats.localize(row.points),
            "max_points": formats.localize(activity.max_points) if activity.graded else None,
        }
    )


@login_required
@accepts_upload(h5p.MAX_PACKAGE_BYTES + 1024 * 1024)
def author(request, activity_id):
    activity = policies.authored_activity_or_404(request.user, activity_id, kind="h5p")
    form = PackageForm(request.POST or None, request.FILES or None)
    response = form_action(
        request,
        form,
        lambda data: h5p.package_upload(actor=request.user, activity=activity, upload=data["package"]),
        success=lambda package: _("Uploaded: %(title)s.") % {"title": package.title or activity.title},
        redirect_to=reverse("learning:h5p_author", args=[activity.pk]),
        field="package",
    )
    if response:
        return response
    context = {"activity": activity, "package": _package_of(activity), "form": form}
    return render(request, "learning/h5p/author.html", context)
