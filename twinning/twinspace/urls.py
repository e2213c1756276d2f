from django.urls import path

from . import views
from .views import archive as archive_views
from .views import feed as feed_views
from .views import guests as guest_views
from .views import materials as material_views
from .views import meetings as meeting_views
from .views import pupils as pupil_views

app_name = "twinspace"

urlpatterns = [
    path("twinspace/<int:project_id>/", views.home, name="home"),
    path("twinspace/<int:project_id>/settings/", views.settings, name="settings"),
    path("twinspace/<int:project_id>/moderate/", views.moderate, name="moderate"),
    path("twinspace/<int:project_id>/pages/new/", views.page_edit, name="page_new"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/", views.page_detail, name="page"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/edit/", views.page_edit, name="page_edit"),
    path("twinspace/<int:project_id>/pages/<int:page_id>/delete/", views.page_delete, name="page_delete"),
    path("twinspace/mine/", pupil_views.mine, name="mine"),
    path("twinspace/<int:project_id>/feed/", feed_views.feed_page, name="feed"),
    path("twinspace/<int:project_id>/walls/", feed_views.walls, name="walls"),
    path("twinspace/<int:project_id>/materials/", material_views.material_list, name="materials"),
    path("twinspace/<int:project_id>/materials/new/", material_views.material_edit, name="material_new"),
    path(
        "twinspace/<int:project_id>/materials/<int:material_id>/edit/",
        material_views.material_edit,
        name="material_edit",
    ),
    path(
        "twinspace/<int:project_id>/materials/<int:material_id>/delete/",
        material_views.material_delete,
        name="material_delete",
    ),
    path("twinspace/<int:project_id>/albums/<int:album_id>/delete/", material_views.album_delete, name="album_delete"),
    path("twinspace/<int:project_id>/walls/<int:pupil_id>/", feed_views.wall, name="wall"),
    path("twinspace/<int:project_id>/updates/<int:update_id>/<str:action>/", feed_views.update_action, name="update"),
    path(
        "twinspace/<int:project_id>/comments/<int:comment_id>/remove/",
        feed_views.comment_remove,
        name="comment_remove",
    ),
    path("twinspace/<int:project_id>/pupils/", pupil_views.pupils, name="pupils"),
    path("twinspace/<int:project_id>/pupils/cards.pdf", pupil_views.pupil_cards, name="pupil_cards"),
    path("twinspace/<int:project_id>/pupils/cards/done/", pupil_views.pupil_cards_done, name="pupil_cards_done"),
    path("twinspace/<int:project_id>/pupils/<int:pupil_id>/", pupil_views.pupil_edit, name="pupil"),
    path("twinspace/<int:project_id>/pupils/<int:pupil_id>/reset/", pupil_views.pupil_reset, name="pupil_reset"),
    path("twinspace/<int:project_id>/pupils/<int:pupil_id>/remove/", pupil_views.pupil_remove, name="pupil_remove"),
    # Guests (a founder's page) and what a guest reads through their link (docs/twinspace.md).
    path("twinspace/<int:project_id>/guests/", guest_views.guest_list, name="guests"),
    path("twinspace/<int:project_id>/guests/<int:guest_id>/revoke/", guest_views.guest_revoke, name="guest_revoke"),
    path("twinspace/guest/<str:token>/", guest_views.guest_home, name="guest_home"),
    path("twinspace/guest/<str:token>/pages/<int:page_id>/", guest_views.guest_page, name="guest_page"),
    path(
        "twinspace/guest/<str:token>/discussions/<int:discussion_id>/",
        guest_views.guest_discussion,
        name="guest_discussion",
    ),
    path("twinspace/guest/<str:token>/threads/<int:thread_id>/", guest_views.guest_thread, name="guest_thread"),
    path("twinspace/guest/<str:token>/materials/", guest_views.guest_materials, name="guest_materials"),
    path("twinspace/guest/<str:token>/updates/", guest_views.guest_updates, name="guest_updates"),
    path("twinspace/guest/<str:token>/files/<int:attachment_id>/", guest_views.guest_file, name="guest_file"),
    path(
        "twinspace/guest/<str:token>/files/<int:attachment_id>/<str:name>",
        guest_views.guest_file,
        name="guest_file_named",
    ),
    # Meetings, and the staff page of each country's video service.
    path("twinspace/<int:project_id>/meetings/", meeting_views.meeting_list, name="meetings"),
    path("twinspace/<int:project_id>/meetings/new/", meeting_views.meeting_edit, name="meeting_new"),
    path("twinspace/<int:project_id>/meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(
        "twinspace/<int:project_id>/meetings/<int:meeting_id>/cancel/",
        meeting_views.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "twinspace/<int:project_id>/meetings/<int:meeting_id>/meeting.ics",
        meeting_views.meeting_ics,
        name="meeting_ics",
    ),
    path("staff/video-services/", meeting_views.video_services, name="video_services"),
    # The archive: export and import of the whole workspace (docs/twinspace.md, "Archive").
    path("twinspace/<int:project_id>/archive/", archive_views.archive_page, name="archive"),
    path("twinspace/<int:project_id>/archive/jobs/", archive_views.archive_jobs, name="archive_jobs"),
    path("twinspace/<int:project_id>/archive/export/", archive_views.archive_export, name="archive_export"),
    path(
        "twinspace/<int:project_id>/archive/<int:job_id>/import/", archive_views.archive_confirm, name="archive_confirm"
    ),
    path(
        "twinspace/<int:project_id>/archive/<int:job_id>/download/",
        archive_views.archive_download,
        name="archive_download",
    ),
]
