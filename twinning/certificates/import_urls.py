"""Addresses of the import of earlier certificates (included first in ``certificates.urls``:
``certificates/staff/import/`` must come before ``certificates/staff/<code>/``)."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("certificates/staff/import/", import_views.import_page, name="import"),
    path("certificates/staff/import/<int:job_id>/", import_views.import_result, name="import_result"),
]
