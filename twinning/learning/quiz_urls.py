"""The question bank, a quiz's questions and taking a quiz."""

from django.urls import path

from . import quiz_views as views

urlpatterns = [
    path("learning/staff/courses/<int:course_id>/questions/", views.question_bank, name="question_bank"),
    path("learning/staff/courses/<int:course_id>/questions/categories/new/", views.category_new,
         name="question_category_new"),
    path("learning/staff/question-categories/<int:category_id>/edit/", views.category_edit,
         name="question_category_edit"),
    path("learning/staff/courses/<int:course_id>/questions/new/<slug:kind>/", views.question_new, name="question_new"),
    path("learning/staff/questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("learning/staff/activities/<int:activity_id>/quiz/", views.quiz_author, name="quiz_author"),
    path("learning/staff/activities/<int:activity_id>/quiz/add/<slug:source>/", views.slot_add, name="quiz_slot_add"),
    path("learning/staff/quiz-slots/<int:slot_id>/<slug:action>/", views.slot_change, name="quiz_slot_change"),
    path("learning/activities/<int:activity_id>/quiz/", views.quiz, name="quiz"),
    path("learning/activities/<int:activity_id>/quiz/start/", views.quiz_start, name="quiz_start"),
    path("learning/quiz-attempts/<int:attempt_id>/", views.attempt, name="quiz_attempt"),
    path("learning/quiz-attempts/<int:attempt_id>/review/", views.review, name="quiz_review"),
]  # fmt: skip
