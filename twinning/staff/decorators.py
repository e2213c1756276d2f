from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import policies


def staff_required(view):
    """NSO/CSS staff pages: anonymous people go to login, others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.is_support_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_or_ambassador_required(view):
    """Pages for anyone with a staff duty, ambassadors included (read-only pages for ambassadors)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (policies.is_support_staff(request.user) or policies.is_ambassador(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
