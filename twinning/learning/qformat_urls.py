"""Question import and export (GIFT, Moodle XML) of a course's question bank."""

from django.urls import path

from . import qformat_views

urlpatterns: list = [
    path(
        "learning/staff/courses/<int:course_id>/questions/import/",
        qformat_views.question_import,
        name="question_import",
    ),
    path(
        "learning/staff/courses/<int:course_id>/questions/export/",
        qformat_views.question_export,
        name="question_export",
    ),
]
