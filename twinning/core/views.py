from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import mfa
from .health import run_checks
from .net import client_ip

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
