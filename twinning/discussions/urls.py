from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("forums/<int:forum_id>/", views.forum, name="forum"),
    path("forums/discussions/<int:discussion_id>/", views.discussion, name="discussion"),
    path("forums/threads/<int:thread_id>/", views.thread, name="thread"),
    path("forums/threads/<int:thread_id>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("forums/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("forums/posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("forums/posts/<int:post_id>/show/", views.post_show, name="post_show"),
]
