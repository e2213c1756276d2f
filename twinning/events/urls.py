from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/mine/", views.mine, name="mine"),
    path("events/<int:event_id>/", views.event, name="event"),
    path("events/<int:event_id>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:event_id>/register/", views.register, name="register"),
    path("events/registrations/<int:registration_id>/cancel/", views.cancel, name="cancel"),
    path("events/calendar/new-address/", views.feed_regenerate, name="feed_regenerate"),
    path("events/calendar/<str:token>.ics", views.feed_user, name="feed_user"),
    path("events/calendar/country/<str:code>.ics", views.feed_country, name="feed_country"),
    path("events/staff/", views.staff_list, name="staff_list"),
    path("events/staff/new/", views.event_new, name="event_new"),
    path("events/staff/<int:event_id>/", views.staff_event, name="staff_event"),
    path("events/staff/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/staff/<int:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/staff/<int:event_id>/registrants.csv", views.registrants_csv, name="registrants_csv"),
    path("events/staff/<int:event_id>/attendance/", views.attendance_page, name="attendance"),
    path("events/staff/<int:event_id>/attendance/import/", views.attendance_import, name="attendance_import"),
    path(
        "events/staff/registrations/<int:registration_id>/cancel/",
        views.staff_cancel_registration,
        name="staff_cancel_registration",
    ),
]
