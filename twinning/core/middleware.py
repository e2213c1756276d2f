import logging
import time

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger("twinning.request")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None,
            },
        )
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the view accepts (413), before anything reads it.

    The limit is ``MAX_REQUEST_BYTES`` unless the view declares its own with
    ``twinning.core.uploads.accepts_upload`` (or its path with ``accept_uploads_under``). Bodies without a
    length (chunked) are not read by Django.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings

        from .uploads import request_limit_of

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_limit_of(view_func, request.path) or settings.MAX_REQUEST_BYTES
        if length > limit:
            from .errorviews import request_too_large

            return request_too_large(request, limit=limit)
        return None


class EmbedFramesMiddleware:
    """Let HTML pages frame the embedded sites staff allow (``core.embeds``), and no other: the
    Content-Security-Policy's ``frame-src`` is built from the allow-list. Listed after ``CSPMiddleware``,
    so it runs before the policy is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            from .embeds import frame_sources

            sources = frame_sources()
            if sources:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["frame-src"] = [*update.get("frame-src", []), *sources]
                response._csp_update = update
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 answered by a view outside the language prefixes (a private file, a code to
    verify, the helpdesk's inbound webhook) stays a 404. Django retries such a path with the language prefix and
    redirects when that path is valid; since the published pages (Wagtail) answer any address under the
    prefix, every such 404 would otherwise become a redirect to /el/…."""

    def process_response(self, request, response):
        if response.status_code == 404 and not translation.get_language_from_path(request.path_info):
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                pass  # no view here: Django may send the visitor to the address with the language
            else:
                patch_vary_headers(response, ("Accept-Language",))
                response.headers.setdefault("Content-Language", translation.get_language())
                return response
        return super().process_response(request, response)
