"""Fetching one object for a view: "missing" and "not yours" both answer 404, whatever the id looks like."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404


def get_or_404(queryset: QuerySet, **lookup):
    """The one object of ``queryset`` matching ``lookup``; 404 when there is none or the id is malformed."""
    try:
        return queryset.get(**lookup)
    except (
        queryset.model.DoesNotExist,
        queryset.model.MultipleObjectsReturned,
        ValueError,
        TypeError,
        ValidationError,
    ):
        raise Http404 from None


def login_for_visitors(view):
    """For pages whose visibility their owner decides (a forum of a group, a workspace's part): a visitor
    who is not logged in is sent to the login page instead of a 404, whatever the id (so nothing is told
    about what exists); a logged-in person who may not see it gets the 404."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise

    return wrapper
