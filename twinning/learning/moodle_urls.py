"""Importing a Moodle course backup into a cycle (staff of the course's country)."""

from django.urls import path

from . import moodle_views

urlpatterns = [
    path("learning/staff/cycles/<int:cycle_id>/moodle/", moodle_views.moodle_import, name="moodle_import"),
    path("learning/staff/moodle/imports/<int:job_id>/", moodle_views.moodle_result, name="moodle_result"),
]
