"""Addresses of the staff pages of self-reflection (joined into ``urls.py``, app_name "competences")."""

from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("competences/staff/cycles/<int:cycle_id>/official/", views.official, name="official"),
    path("competences/staff/cycles/<int:cycle_id>/official/confirm/", views.official_confirm, name="official_confirm"),
    path("competences/staff/framework/", views.framework, name="framework"),
    path("competences/staff/framework/items/<str:code>/", views.framework_item, name="framework_item"),
    # One name for the list and a course's form: reverse("competences:course_areas") is the list,
    # reverse("competences:course_areas", args=[course_id]) the address a course's areas are posted to.
    path("competences/staff/courses/", views.course_areas, name="course_areas"),
    path("competences/staff/courses/<int:course_id>/", views.course_areas_save, name="course_areas"),
]
