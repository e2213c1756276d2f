from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


class NotValidated(PermissionDenied):
    """The page is for validated eTwinners; the 403 page explains how to become one."""


def forbidden(request, exception=None):
    return render(request, "errors/403.html", {"not_validated": isinstance(exception, NotValidated)}, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """The form was sent without a valid security token (an old tab, cookies blocked, or a forgery)."""
    return render(request, "errors/csrf.html", status=403)


def request_too_large(request, *, limit: int):
    return render(request, "errors/413.html", {"limit": filesizeformat(limit)}, status=413)
