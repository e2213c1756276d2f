from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("schools/", views.search, name="search"),
    path("schools/<int:school_id>/", views.detail, name="detail"),
    path("staff/schools/", views.staff_list, name="staff_list"),
    path("staff/schools/imports/", views.import_list, name="import_list"),
]
