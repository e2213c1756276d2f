"""Gradebooks, a learner's progress, exceptions for one learner, sign-off and trainer messages."""

from django.urls import path

from . import gradebook_views as views

urlpatterns: list = [
    path("learning/groups/<int:group_id>/gradebook/", views.group_gradebook, name="group_gradebook"),
    path("learning/groups/<int:group_id>/gradebook.csv", views.group_gradebook_csv, name="group_gradebook_csv"),
    path("learning/groups/<int:group_id>/message/", views.group_message, name="group_message"),
    path("learning/staff/cycles/<int:cycle_id>/gradebook/", views.cycle_gradebook, name="cycle_gradebook"),
    path("learning/staff/cycles/<int:cycle_id>/gradebook.csv", views.cycle_gradebook_csv, name="cycle_gradebook_csv"),
    path("learning/cycles/<int:cycle_id>/progress/", views.my_progress, name="my_progress"),
    path("learning/staff/enrolments/<int:enrolment_id>/exceptions/", views.exceptions, name="exceptions"),
    path(
        "learning/staff/enrolments/<int:enrolment_id>/exceptions/<int:override_id>/remove/",
        views.exception_remove,
        name="exception_remove",
    ),
    path("learning/staff/enrolments/<int:enrolment_id>/sign-off/", views.sign_off, name="sign_off"),
]
