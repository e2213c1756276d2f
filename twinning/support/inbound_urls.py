"""The inbound e-mail webhook, outside the language prefix (a machine calls it): included by twinning/urls.py."""

from django.urls import path

from . import inbound_views

app_name = "support_inbound"

urlpatterns = [
    path("support/inbound/email/", inbound_views.inbound_email, name="email"),
]
