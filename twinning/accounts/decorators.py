from functools import wraps

from django.contrib.auth.decorators import login_required

from twinning.core.errorviews import NotValidated

from . import policies


def etwinner_required(view):
    """eTwinner features: only validated members (others get 403 with an explanation page)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.is_etwinner(request.user):
            raise NotValidated
        return view(request, *args, **kwargs)

    return wrapper
