from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile, name="profile"),
    path("me/settings/", views.account_settings, name="settings"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/photo/", views.photo, name="photo"),
    path("me/join/role/", views.join_role, name="join_role"),
    path("me/join/schools/", views.join_schools, name="join_schools"),
    path("me/join/schools/attach/", views.school_attach, name="school_attach"),
    path("me/join/schools/<int:school_id>/detach/", views.school_detach, name="school_detach"),
    path("me/join/schools/propose/", views.school_propose, name="school_propose"),
    path("me/join/request/", views.request_validation, name="request_validation"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/privacy/export.json", views.export, name="privacy_export"),
    path("me/privacy/delete/", views.delete_account, name="delete_account"),
    path("staff/retention/", views.retention_policy, name="retention_policy"),
    path("staff/region/", views.region, name="region"),
    path("staff/validation/", views.validation_queue, name="validation_queue"),
    path("staff/people/", views.people, name="people"),
    path("staff/people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("staff/roles/", views.staff_roles, name="staff_roles"),
    path("staff/roles/<int:role_id>/revoke/", views.staff_role_revoke, name="staff_role_revoke"),
]
