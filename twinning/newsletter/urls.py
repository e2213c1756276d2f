from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("newsletter/confirm/<str:value>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:value>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/mine/", views.manage, name="manage"),
    path("newsletter/mine/unsubscribe/", views.manage_unsubscribe, name="manage_unsubscribe"),
    path("newsletter/staff/", views.staff_list, name="staff_list"),
    path("newsletter/staff/new/", views.staff_new, name="staff_new"),
    path("newsletter/staff/<int:newsletter_id>/", views.staff_newsletter, name="staff_newsletter"),
    path("newsletter/staff/<int:newsletter_id>/edit/", views.staff_edit, name="staff_edit"),
    path("newsletter/staff/<int:newsletter_id>/preview/", views.staff_preview, name="staff_preview"),
    path("newsletter/staff/<int:newsletter_id>/test/", views.staff_test, name="staff_test"),
    path("newsletter/staff/<int:newsletter_id>/send/", views.staff_send, name="staff_send"),
]
