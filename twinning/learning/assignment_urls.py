from django.urls import path

from . import assignment_views as views

urlpatterns: list = [
    path("learning/staff/activities/<int:activity_id>/assignment/", views.author, name="assignment_author"),
    path(
        "learning/staff/activities/<int:activity_id>/assignment/criteria/<int:criterion_id>/",
        views.criterion_edit,
        name="assignment_criterion",
    ),
    path(
        "learning/staff/activities/<int:activity_id>/assignment/criteria/<int:criterion_id>/remove/",
        views.criterion_remove,
        name="assignment_criterion_remove",
    ),
    path(
        "learning/staff/activities/<int:activity_id>/assignment/criteria/<int:criterion_id>/move/",
        views.criterion_move,
        name="assignment_criterion_move",
    ),
    path("learning/activities/<int:activity_id>/assignment/", views.assignment, name="assignment"),
    path(
        "learning/activities/<int:activity_id>/assignment/files/<int:attachment_id>/remove/",
        views.file_remove,
        name="assignment_file_remove",
    ),
    path("learning/staff/activities/<int:activity_id>/submissions/", views.queue, name="assignment_queue"),
    path("learning/staff/submissions/<int:submission_id>/", views.grade, name="assignment_grade"),
]
