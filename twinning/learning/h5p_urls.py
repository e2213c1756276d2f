"""H5P interactive content: the learner's page, the sandboxed player frame, the package's files (by token),
the xAPI statements the player sends, and the staff's upload page."""

from django.urls import path

from . import h5p_views

urlpatterns = [
    path("learning/activities/<int:activity_id>/h5p/", h5p_views.show, name="h5p"),
    path("learning/activities/<int:activity_id>/h5p/frame/", h5p_views.frame, name="h5p_frame"),
    path(
        "learning/activities/<int:activity_id>/h5p/files/<str:token>/<path:path>",
        h5p_views.package_file,
        name="h5p_file",
    ),
    path("learning/activities/<int:activity_id>/h5p/xapi/", h5p_views.xapi, name="h5p_xapi"),
    path("learning/staff/activities/<int:activity_id>/h5p/", h5p_views.author, name="h5p_author"),
]
