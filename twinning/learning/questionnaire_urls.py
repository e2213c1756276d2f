"""Questionnaires: the learner's page, the staff's authoring pages, the results and their CSV."""

from django.urls import path

from . import questionnaire_views as views

_AUTHOR = "learning/staff/activities/<int:activity_id>/questionnaire/"

urlpatterns: list = [
    path("learning/activities/<int:activity_id>/questionnaire/", views.show, name="questionnaire"),
    path(_AUTHOR, views.author, name="questionnaire_author"),
    path(_AUTHOR + "evaluation/", views.add_defaults, name="questionnaire_defaults"),
    path(_AUTHOR + "items/<int:item_id>/", views.item_edit, name="questionnaire_item_edit"),
    path(_AUTHOR + "items/<int:item_id>/remove/", views.item_remove, name="questionnaire_item_remove"),
    path(_AUTHOR + "items/<int:item_id>/move/", views.item_move, name="questionnaire_item_move"),
    path(_AUTHOR + "results/", views.results, name="questionnaire_results"),
    path(_AUTHOR + "results.csv", views.export, name="questionnaire_export"),
]
