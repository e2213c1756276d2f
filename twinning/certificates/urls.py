from django.urls import path

from . import converters, import_urls, public_views, views  # noqa: F401 - converters registers <certcode:>

app_name = "certificates"

urlpatterns = [
    *import_urls.urlpatterns,  # the import of earlier certificates (before staff/<code>/)
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<path:code>", public_views.verify, name="verify"),
    path("certificates/", views.mine, name="mine"),
    path("certificates/staff/", views.staff_list, name="staff_list"),
    path("certificates/staff/<certcode:code>/", views.staff_detail, name="staff_detail"),
    path("certificates/<certcode:code>/", views.detail, name="detail"),
    path("certificates/<certcode:code>/pdf", views.pdf, name="pdf"),
    path("certificates/<certcode:code>/badge.jwt", views.badge_jwt, name="badge_jwt"),
    path("certificates/<certcode:code>/badge.json", views.badge_json, name="badge_json"),
]
