from django.urls import path

from . import pupil_views

app_name = "pupils"

urlpatterns = [path("pupils/sign-in/", pupil_views.pupil_login, name="login")]
