"""Contacts and messages: thin views over the services (every write) and the selectors (every list)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.decorators import etwinner_required
from twinning.core.actions import form_action, post_action
from twinning.core.net import local_path
from twinning.core.paging import paginate

from . import forms, policies, selectors, services
from .models import RequestStatus

MESSAGES_PER_PAGE = 30


def _back(request, default: str) -> str:
    """Back to the page the button was on (a path of this site), else ``default``."""
    return local_path(request.POST.get("next")) or default


@etwinner_required
def contact_list(request):
    """My contacts (searchable, paginated), the requests waiting both ways and the people I blocked."""
    search = forms.ContactSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = paginate(selectors.contacts_page_queryset(request.user, query=query), request.GET, per_page=25)
    context = {
        "search_form": search,
        "query": query,
        "page": page,
        "incoming": selectors.incoming_requests(request.user),
        "outgoing": selectors.outgoing_requests(request.user),
        "blocks": list(selectors.blocks_of(request.user)[:100]),
    }
    return render(request, "contacts/list.html", context)


def _request_sent(result) -> str:
    if result.status == RequestStatus.ACCEPTED:
        return _("%(name)s had already asked you: you are now contacts.") % {"name": result.sender.display_name}
    return _("Your contact request was sent to %(name)s.") % {"name": result.recipient.display_name}


@etwinner_required
def contact_request(request, user_id):
    person = policies.person_to_contact_or_404(request.user, user_id)
    form = forms.ContactRequestForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.contact_request(sender=request.user, recipient=person, message=data["message"]),
        success=_request_sent,
        redirect_to=reverse("accounts:person", args=[person.pk]),
        field="message",
    )
    if response:
        return response
    return render(request, "contacts/request.html", {"form": form, "person": person})


@etwinner_required
@require_POST
def request_accept(request, request_id):
    contact_request = policies.incoming_request_or_404(request.user, request_id)
    return post_action(
        request,
        lambda: services.contact_accept(by=request.user, request=contact_request),
        success=_("You and %(name)s are now contacts.") % {"name": contact_request.sender.display_name},
        redirect_to=_back(request, reverse("contacts:list")),
    )


@etwinner_required
@require_POST
def request_decline(request, request_id):
    contact_request = policies.incoming_request_or_404(request.user, request_id)
    return post_action(
        request,
        lambda: services.contact_decline(by=request.user, request=contact_request),
        success=_("You declined the request of %(name)s.") % {"name": contact_request.sender.display_name},
        redirect_to=_back(request, reverse("contacts:list")),
    )


@etwinner_required
@require_POST
def request_withdraw(request, request_id):
    contact_request = policies.outgoing_request_or_404(request.user, request_id)
    return post_action(
        request,
        lambda: services.contact_withdraw(by=request.user, request=contact_request),
        success=_("You withdrew your request to %(name)s.") % {"name": contact_request.recipient.display_name},
        redirect_to=_back(request, reverse("contacts:list")),
    )


@etwinner_required
@require_POST
def contact_remove(request, user_id):
    person = policies.contact_or_404(request.user, user_id)
    return post_action(
        request,
        lambda: services.contact_remove(by=request.user, other=person),
        success=_("%(name)s is no longer among your contacts.") % {"name": person.display_name},
        redirect_to=_back(request, reverse("contacts:list")),
    )


@etwinner_required
@require_POST
def contact_block(request, user_id):
    person = policies.person_to_block_or_404(request.user, user_id)
    return post_action(
        request,
        lambda: services.contact_block(by=request.user, other=person),
        success=_("You blocked %(name)s: neither of you can ask or write to the other.")
        % {"name": person.display_name},
        redirect_to=reverse("contacts:list"),
    )


@etwinner_required
@require_POST
def contact_unblock(request, user_id):
    person = policies.blocked_person_or_404(request.user, user_id)
    return post_action(
        request,
        lambda: services.contact_unblock(by=request.user, other=person),
        success=_("You unblocked %(name)s.") % {"name": person.display_name},
        redirect_to=reverse("contacts:list"),
    )


@etwinner_required
def conversation_list(request):
    page = paginate(selectors.conversations_of(request.user), request.GET, per_page=25)
    for row in page.items:
        last = row.conversation.last_message
        row.last_shown_as = last.shown_as(request.user.pk) if last else ""
    return render(request, "contacts/conversations.html", {"page": page})


def _shown(message, viewer):
    message.shown = message.shown_as(viewer.pk)
    return message


@etwinner_required
def conversation(request, conversation_id):
    """One conversation: its latest messages (older ones page by page), the reply form; opening it marks it
    read. The other person's hidden messages show as hidden; an erased author's messages as deleted."""
    mine = policies.conversation_or_404(request.user, conversation_id)
    conv = mine.conversation
    form = forms.MessageForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.message_send(sender=request.user, conversation=conv, body=data["body"]),
        success=None,
        redirect_to=lambda message: reverse("contacts:conversation", args=[conv.pk]) + f"#m{message.pk}",
        field="body",
    )
    if response:
        return response
    if request.method == "GET" and (mine.unread_count or mine.notice_pending):
        services.conversation_read(user=request.user, conversation=conv)
    page = paginate(selectors.messages_page_queryset(conv), request.GET, per_page=MESSAGES_PER_PAGE)
    context = {
        "participant": mine,
        "other": mine.other,
        "conversation": conv,
        "page": page,
        "messages_shown": [_shown(m, request.user) for m in reversed(page.items)],
        "form": form,
        "blocked": selectors.is_blocked_between(request.user, mine.other),
    }
    return render(request, "contacts/conversation.html", context)


@etwinner_required
def message_new(request, user_id):
    """Write to a person: a contact, or the author of a partner-finding post the message answers
    (``?about=<title>&about_url=<local path of the post>``). An existing conversation simply continues."""
    person = policies.person_to_contact_or_404(request.user, user_id)
    source = request.POST if request.method == "POST" else request.GET
    about = (source.get("about") or "").strip()[:200]
    about_url = policies.answerable_path(source.get("about_url") or "", person)
    if not about_url:
        about = ""
    existing = selectors.conversation_between(request.user, person)
    if request.method == "GET" and existing is not None and not about:
        return redirect("contacts:conversation", conversation_id=existing.pk)
    form = forms.MessageForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.conversation_start(
            sender=request.user,
            recipient=person,
            body=data["body"],
            about=about,
            about_url=about_url,
            allow_non_contact=bool(about_url),
        ),
        success=_("Your message was sent to %(name)s.") % {"name": person.display_name},
        redirect_to=lambda conv: reverse("contacts:conversation", args=[conv.pk]),
        field="body",
    )
    if response:
        return response
    context = {
        "form": form,
        "person": person,
        "about": about,
        "about_url": about_url,
        "is_contact": selectors.are_contacts(request.user, person),
    }
    return render(request, "contacts/message_new.html", context)
