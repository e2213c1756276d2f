from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("schools/", views.search, name="search"),
    path("schools/<int:school_id>/", views.detail, name="detail"),
    path("staff/schools/", views.staff_list, name="staff_list"),
    path("staff/schools/new/", views.staff_create, name="staff_create"),
    path("staff/schools/<int:school_id>/", views.staff_detail, name="staff_detail"),
    path("staff/schools/<int:school_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/schools/<int:school_id>/decision/", views.staff_decide, name="staff_decide"),
    path("staff/schools/<int:school_id>/merge/", views.staff_merge, name="staff_merge"),
    path("staff/schools/imports/", views.import_list, name="import_list"),
    path("staff/schools/imports/template.csv", views.import_template, name="import_template"),
    path("staff/schools/imports/<int:import_id>/", views.import_detail, name="import_detail"),
    path("staff/schools/imports/<int:import_id>/file/", views.import_file, name="import_file"),
    path("staff/schools/imports/<int:import_id>/progress/", views.import_progress, name="import_progress"),
    path("staff/schools/imports/<int:import_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("staff/schools/imports/<int:import_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("staff/schools/imports/<int:import_id>/link/", views.import_link, name="import_link"),
]
