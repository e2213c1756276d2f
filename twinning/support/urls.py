from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("support/", views.start, name="start"),
    path("support/new/", views.new_ticket, name="new"),
    path("support/new/sent/", views.visitor_sent, name="visitor_sent"),
    path("support/confirm/<str:token>/", views.visitor_confirm, name="visitor_confirm"),
    path("support/mine/", views.mine, name="mine"),
    path("support/tickets/<int:ticket_id>/", views.ticket, name="ticket"),
    path("support/tickets/<int:ticket_id>/reply/", views.reply, name="reply"),
    path("support/tickets/<int:ticket_id>/rate/", views.rate, name="rate"),
    path("support/tickets/<int:ticket_id>/files/", views.upload, name="upload"),
    path("support/staff/", views.staff_queue, name="staff_queue"),
    path("support/staff/phone/", views.staff_phone, name="staff_phone"),
    path("support/staff/canned/", views.canned_list, name="canned_list"),
    path("support/staff/canned/new/", views.canned_edit, name="canned_new"),
    path("support/staff/canned/<int:canned_id>/", views.canned_edit, name="canned_edit"),
    path("support/staff/canned/<int:canned_id>/delete/", views.canned_delete, name="canned_delete"),
    path("support/staff/tickets/<int:ticket_id>/", views.staff_ticket, name="staff_ticket"),
    path("support/staff/tickets/<int:ticket_id>/reply/", views.staff_reply, name="staff_reply"),
    path("support/staff/tickets/<int:ticket_id>/note/", views.staff_note, name="staff_note"),
    path("support/staff/tickets/<int:ticket_id>/status/", views.staff_status, name="staff_status"),
    path("support/staff/tickets/<int:ticket_id>/priority/", views.staff_priority, name="staff_priority"),
    path("support/staff/tickets/<int:ticket_id>/assign/", views.staff_assign, name="staff_assign"),
    path("support/staff/tickets/<int:ticket_id>/transfer/", views.staff_transfer, name="staff_transfer"),
    path("support/staff/tickets/<int:ticket_id>/escalate/", views.staff_escalate, name="staff_escalate"),
    path("support/staff/tickets/<int:ticket_id>/merge/", views.staff_merge, name="staff_merge"),
    path("support/staff/tickets/<int:ticket_id>/files/", views.staff_upload, name="staff_upload"),
]
