from django.urls import path

from . import enrolment_extra_views as views

urlpatterns = [
    path("learning/staff/groups/<int:group_id>/key/", views.group_key, name="group_key"),
    path("learning/staff/cycles/<int:cycle_id>/enrol-csv/", views.bulk_enrol, name="bulk_enrol"),
    path("learning/staff/enrol-csv/<int:import_id>/", views.bulk_enrol_preview, name="bulk_enrol_preview"),
    path("learning/staff/cycles/<int:cycle_id>/announcements/", views.announcements, name="announcements"),
    path("learning/cycles/<int:cycle_id>/announcements/", views.cycle_announcements, name="cycle_announcements"),
]
