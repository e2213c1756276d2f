from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:object_id>/", views.report, name="report"),
    path("staff/moderation/", views.queue, name="queue"),
    path("staff/moderation/<int:report_id>/", views.report_detail, name="report_detail"),
    path("staff/moderation/<int:report_id>/show-again/", views.show_again, name="show_again"),
]
