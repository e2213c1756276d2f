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
