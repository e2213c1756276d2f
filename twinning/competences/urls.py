from django.urls import path

from . import views
from .staff_urls import urlpatterns as staff_patterns

app_name = "competences"

urlpatterns = [
    path("competences/", views.home, name="home"),
    path("competences/start/", views.start, name="start"),
    path("competences/<int:reflection_id>/", views.take, name="take"),
    path("competences/<int:reflection_id>/answer/", views.answer, name="answer"),
    path("competences/<int:reflection_id>/complete/", views.complete, name="complete"),
    path("competences/<int:reflection_id>/discard/", views.discard, name="discard"),
    path("competences/<int:reflection_id>/report/", views.report, name="report"),
    path("competences/reports/", views.reports, name="reports"),
    path("competences/reports/courses/<int:course_id>/", views.course_report, name="course_report"),
    path("competences/reports/courses/<int:course_id>.csv", views.course_report_csv, name="course_report_csv"),
    *staff_patterns,
]
