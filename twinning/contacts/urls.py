from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("contacts/", views.contact_list, name="list"),
    path("contacts/request/<int:user_id>/", views.contact_request, name="request"),
    path("contacts/requests/<int:request_id>/accept/", views.request_accept, name="accept"),
    path("contacts/requests/<int:request_id>/decline/", views.request_decline, name="decline"),
    path("contacts/requests/<int:request_id>/withdraw/", views.request_withdraw, name="withdraw"),
    path("contacts/<int:user_id>/remove/", views.contact_remove, name="remove"),
    path("contacts/<int:user_id>/block/", views.contact_block, name="block"),
    path("contacts/<int:user_id>/unblock/", views.contact_unblock, name="unblock"),
    path("messages/", views.conversation_list, name="conversations"),
    path("messages/<int:conversation_id>/", views.conversation, name="conversation"),
    path("messages/new/<int:user_id>/", views.message_new, name="message_new"),
]
