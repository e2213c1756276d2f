from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.search, name="search"),
    path("partners/new/", views.post_new, name="post_new"),
    path("partners/mine/", views.my_posts, name="my_posts"),
    path("partners/people/", views.people, name="people"),
    path("partners/schools/", views.schools, name="schools"),
    path("partners/suggestions/", views.suggestions, name="suggestions"),
    path("partners/<int:post_id>/", views.post_detail, name="post"),
    path("partners/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("partners/<int:post_id>/close/", views.post_close, name="post_close"),
    path("partners/<int:post_id>/renew/", views.post_renew, name="post_renew"),
]
