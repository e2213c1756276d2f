"""The platform's publishing pages. Wagtail's pages themselves are served by ``wagtail.urls``, included
right after this module in twinning/urls.py (un-namespaced: Wagtail reverses ``wagtail_serve``)."""

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("read/", views.read, name="read"),
    path("read/cms/", views.cms, name="cms"),
    path("magazine/propose/", views.propose, name="propose"),
    path("magazine/my-articles/", views.my_articles, name="my_articles"),
    path("magazine/my-articles/<int:pk>/edit/", views.revise, name="revise"),
    path("magazine/editorial-board/", views.board, name="board"),
    path("magazine/editorial-board/<int:pk>/remove/", views.board_remove, name="board_remove"),
    path("read/search/", views.search, name="search"),
    # Wagtail's front-end login (password only) is never offered: the platform's login is.
    path("_util/login/", views.cms_login, name="cms_login"),
]
