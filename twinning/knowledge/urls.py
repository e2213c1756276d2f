from django.urls import path

from . import views

app_name = "knowledge"

# The staff's pages and the fixed addresses come before an article's (an article may not take their names).
urlpatterns = [
    path("help/", views.home, name="home"),
    path("help/suggest/", views.suggest, name="suggest"),
    path("help/staff/", views.staff_list, name="staff_list"),
    path("help/staff/new/", views.article_new, name="article_new"),
    path("help/staff/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path("help/c/<slug:key>/", views.category, name="category"),
    path("help/<slug:slug>/", views.article, name="article"),
    path("help/<slug:slug>/vote/", views.vote, name="vote"),
    path("help/<slug:slug>/answered/", views.answered, name="answered"),
]
