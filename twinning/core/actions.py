"""The one skeleton of a view that changes something: form → service → DomainError → message → redirect.

    response = form_action(request, form, lambda data: services.school_create(by=request.user, **data),
                           success=_("Saved."), redirect_to=lambda school: school.get_staff_url())
    if response:
        return response
    return render(request, "…", {"form": form})

A ``DomainError`` from the service becomes a form error (the user's input stays in the form); nothing
is written, because services are atomic. ``post_action`` is the same for buttons without a form page:
the error becomes a message on the page the user is sent back to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .errors import DomainError

Message = str | Callable[[Any], str] | None
Target = str | Callable[[Any], str]


def _resolve(value, result):
    return value(result) if callable(value) else value


def form_action(
    request, form, action: Callable[[dict], Any], *, success: Message, redirect_to: Target, field: str | None = None
) -> HttpResponse | None:
    """On a valid POST run ``action(cleaned_data)``; a redirect on success, None to render the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as exc:
        # A service error may name the field it is about (``exc.field``): shown next to that field.
        named = getattr(exc, "field", None)
        form.add_error(named if named in form.fields else field, exc.message)
        return None
    text = _resolve(success, result)
    if text:
        messages.success(request, text)
    return redirect(_resolve(redirect_to, result))


def post_action(request, action: Callable[[], Any], *, success: Message, redirect_to: Target) -> HttpResponse:
    """Run ``action()``; either way go to ``redirect_to`` with a message saying what happened."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        result = None
    else:
        text = _resolve(success, result)
        if text:
            messages.success(request, text)
    return redirect(_resolve(redirect_to, result))
