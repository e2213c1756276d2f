from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.directory, name="directory"),
    path("groups/new/", views.group_new, name="new"),
    path("groups/<int:group_id>/", views.detail, name="detail"),
    path("groups/<int:group_id>/edit/", views.group_edit, name="edit"),
    path("groups/<int:group_id>/join/", views.join, name="join"),
    path("groups/<int:group_id>/leave/", views.leave, name="leave"),
    path("groups/<int:group_id>/close/", views.close, name="close"),
    path("groups/<int:group_id>/members/", views.members, name="members"),
    path("groups/<int:group_id>/members/<int:membership_id>/decide/", views.member_decide, name="member_decide"),
    path("groups/<int:group_id>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("groups/<int:group_id>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("groups/<int:group_id>/pages/new/", views.page_edit, name="page_new"),
    path("groups/<int:group_id>/pages/<int:page_id>/", views.page_detail, name="page"),
    path("groups/<int:group_id>/pages/<int:page_id>/edit/", views.page_edit, name="page_edit"),
    path("groups/<int:group_id>/pages/<int:page_id>/change/", views.page_change, name="page_change"),
]
