"""Sending private files to a visitor the view has already checked (policies decide, this only sends).

With ``PRIVATE_MEDIA_SERVER=nginx`` the response is empty and carries ``X-Accel-Redirect`` to the
internal location (``PRIVATE_MEDIA_INTERNAL_URL``) that nginx maps to ``PRIVATE_MEDIA_ROOT``; with
``sendfile`` it carries ``X-Sendfile`` with the file's path; with ``django`` (the default, and in
development) the application streams the file itself. docs/operations.md shows the proxy set-up.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control


def serve_private(fieldfile, *, download_name: str = "", as_attachment: bool = False, max_age: int = 0):
    """A response sending ``fieldfile`` (a FieldFile on private storage); 404 when the file is gone."""
    name = getattr(fieldfile, "name", "") or ""
    storage = fieldfile.storage
    if not name or not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.PRIVATE_MEDIA_SERVER
    if mode == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_INTERNAL_URL.rstrip("/") + "/" + quote(name)
    elif mode == "sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    if as_attachment or download_name:
        disposition = "attachment" if as_attachment else "inline"
        filename = download_name or name.rsplit("/", 1)[-1]
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    if max_age:
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def delete_after_commit(fieldfile) -> None:
    """Delete a stored file once the surrounding transaction commits (a rollback keeps it)."""
    from django.db import transaction

    name = getattr(fieldfile, "name", "") or ""
    if not name:
        return
    storage = fieldfile.storage
    transaction.on_commit(lambda: storage.delete(name))
