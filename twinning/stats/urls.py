from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.home, name="home"),
    # The service's frame, linked from every page's footer; public, static content.
    path("about/privacy/", views.privacy_notice, name="privacy_notice"),
    path("about/accessibility/", views.accessibility, name="accessibility"),
    path("about/contact/", views.contact, name="contact"),
    path("about/terms/", views.terms, name="terms"),
]
