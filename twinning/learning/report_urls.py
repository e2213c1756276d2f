"""Reports of a cycle and of a course, for the staff of the course's country."""

from django.urls import path

from . import report_views as views

urlpatterns: list = [
    path("learning/staff/cycles/<int:cycle_id>/report/", views.cycle_report, name="cycle_report"),
    path("learning/staff/cycles/<int:cycle_id>/report/build/", views.cycle_report_build, name="cycle_report_build"),
    path(
        "learning/staff/cycles/<int:cycle_id>/report/<slug:breakdown>.csv",
        views.cycle_report_csv,
        name="cycle_report_csv",
    ),
    path("learning/staff/courses/<int:course_id>/report/", views.course_report, name="course_report"),
    path("learning/staff/courses/<int:course_id>/report.csv", views.course_report_csv, name="course_report_csv"),
]
