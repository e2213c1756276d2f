from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("staff/", views.home, name="home"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/rules/", views.rules, name="rules"),
    path("staff/embeds/", views.embeds, name="embeds"),
]
