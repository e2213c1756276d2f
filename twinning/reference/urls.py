from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("staff/reference/", views.index, name="index"),
    path("staff/rules/country/", views.country_rules, name="country_rules"),
    path("staff/reference/countries/", views.country_list, name="country_list"),
    path("staff/reference/countries/new/", views.country_create, name="country_create"),
    path("staff/reference/countries/<str:code>/", views.country_edit, name="country_edit"),
    path("staff/reference/<slug:kind>/", views.taxonomy_list, name="taxonomy_list"),
    path("staff/reference/<slug:kind>/new/", views.taxonomy_create, name="taxonomy_create"),
    path("staff/reference/<slug:kind>/<int:pk>/", views.taxonomy_edit, name="taxonomy_edit"),
]
