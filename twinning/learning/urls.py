from django.urls import path

from . import (
    assignment_urls,
    content_urls,
    enrolment_extra_urls,
    gradebook_urls,
    h5p_urls,
    moodle_urls,
    qformat_urls,
    questionnaire_urls,
    quiz_urls,
    report_urls,
    views,
)

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
    path("learning/trainers/apply/", views.trainer_apply, name="trainer_apply"),
    path("learning/trainer/", views.trainer_home, name="trainer_home"),
    path("learning/groups/<int:group_id>/", views.group, name="group"),
    path("learning/groups/<int:group_id>/learners.csv", views.group_export, name="group_export"),
    path("learning/staff/groups/<int:group_id>/trainer/", views.group_trainer, name="group_trainer"),
    path("learning/staff/trainers/", views.registry, name="registry"),
    path("learning/staff/trainers/<int:trainer_id>/", views.trainer_detail, name="trainer_detail"),
    path("learning/staff/trainers/<int:trainer_id>/active/", views.trainer_active, name="trainer_active"),
    path("learning/staff/trainers/applications/", views.applications, name="applications"),
    path(
        "learning/staff/trainers/applications/<int:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("learning/staff/cycles/<int:cycle_id>/groups/", views.cycle_groups, name="cycle_groups"),
    path("learning/staff/cycles/<int:cycle_id>/groups/balance/", views.groups_balance, name="groups_balance"),
    path("learning/staff/enrolments/<int:enrolment_id>/move/", views.member_move, name="member_move"),
]
urlpatterns += (
    content_urls.urlpatterns
    + quiz_urls.urlpatterns
    + qformat_urls.urlpatterns
    + assignment_urls.urlpatterns
    + h5p_urls.urlpatterns
    + questionnaire_urls.urlpatterns
    + enrolment_extra_urls.urlpatterns
    + gradebook_urls.urlpatterns
    + report_urls.urlpatterns
    + moodle_urls.urlpatterns
)
