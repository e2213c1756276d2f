"""A cycle's content: authoring (staff), the outline, pages, forum tasks and the learners' forum."""

from django.urls import path

from . import content_views as views

urlpatterns = [
    path("learning/staff/cycles/<int:cycle_id>/content/", views.cycle_content, name="cycle_content"),
    path("learning/staff/cycles/<int:cycle_id>/modules/new/", views.module_new, name="module_new"),
    path("learning/staff/modules/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("learning/staff/modules/<int:module_id>/delete/", views.module_delete, name="module_delete"),
    path("learning/staff/modules/<int:module_id>/move/", views.module_move, name="module_move"),
    path("learning/staff/modules/<int:module_id>/activities/new/", views.activity_new, name="activity_new"),
    path("learning/staff/activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("learning/staff/activities/<int:activity_id>/files/", views.activity_file_add, name="activity_file_add"),
    path("learning/staff/activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("learning/staff/activities/<int:activity_id>/move/", views.activity_move, name="activity_move"),
    path("learning/cycles/<int:cycle_id>/", views.outline, name="outline"),
    path("learning/cycles/<int:cycle_id>/forum/", views.cycle_forum, name="cycle_forum"),
    path("learning/activities/<int:activity_id>/page/", views.page, name="page"),
    path("learning/activities/<int:activity_id>/forum/", views.forum_task, name="forum_task"),
]
