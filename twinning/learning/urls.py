from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("learning/", views.catalogue, name="catalogue"),
    path("learning/mine/", views.mine, name="mine"),
    path("learning/courses/<int:course_id>/", views.course, name="course"),
    path("learning/cycles/<int:cycle_id>/enrol/", views.enrol, name="enrol"),
    path("learning/enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("learning/staff/", views.staff_courses, name="staff_courses"),
    path("learning/staff/courses/new/", views.course_new, name="course_new"),
    path("learning/staff/courses/<int:course_id>/", views.staff_course, name="staff_course"),
    path("learning/staff/courses/<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("learning/staff/courses/<int:course_id>/cycles/new/", views.cycle_new, name="cycle_new"),
    path("learning/staff/cycles/<int:cycle_id>/edit/", views.cycle_edit, name="cycle_edit"),
    path("learning/staff/cycles/<int:cycle_id>/copy/", views.cycle_copy, name="cycle_copy"),
    path("learning/staff/cycles/<int:cycle_id>/enrolments/", views.cycle_enrolments, name="cycle_enrolments"),
    path("learning/staff/cycles/<int:cycle_id>/enrolments.csv", views.cycle_export, name="cycle_export"),
    path("learning/staff/enrolments/<int:enrolment_id>/complete/", views.enrolment_complete, name="complete"),
    path("learning/staff/enrolments/<int:enrolment_id>/withdraw/", views.staff_withdraw, name="staff_withdraw"),
]
