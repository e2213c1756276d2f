from django.urls import path

from . import views

app_name = "twinspace"

urlpatterns = [
    path("twinspace/<int:project_id>/", views.home, name="home"),
    path("twinspace/<int:project_id>/settings/", views.settings, name="settings"),
    path("twinspace/<int:project_id>/pages/new/", views.page_edit, name="page_new"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/", views.page_detail, name="page"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/edit/", views.page_edit, name="page_edit"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/delete/", views.page_delete, name="page_delete"),
]
