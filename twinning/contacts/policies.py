"""Who may do what with contacts and conversations. A conversation is seen by its two participants only;
anyone else (staff included) gets 404, the same answer as for a conversation that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

from twinning.accounts import policies as account_policies
from twinning.accounts.models import User
from twinning.core.lookups import get_or_404
from twinning.core.net import local_path

from . import selectors
from .models import Block, ContactRequest, Participant, RequestStatus


def can_use_contacts(user: Any) -> bool:
    """Contacts and messages are for validated eTwinners whose account is live."""
    return account_policies.is_etwinner(user) and bool(user.is_active)


def conversation_or_404(user: Any, conversation_id: Any) -> Participant:
    """The viewer's side of a conversation (with the conversation and the other person); 404 for anyone who
    does not take part in it, as for a conversation that does not exist."""
    if not getattr(user, "pk", None):
        raise Http404
    return get_or_404(
        selectors.participants_with_conversation().filter(user_id=user.pk), conversation_id=conversation_id
    )


def incoming_request_or_404(user: Any, request_id: Any) -> ContactRequest:
    """A request waiting for this person's answer."""
    qs = ContactRequest.objects.filter(recipient_id=user.pk, status=RequestStatus.PENDING)
    return get_or_404(qs.select_related("sender"), pk=request_id)


def outgoing_request_or_404(user: Any, request_id: Any) -> ContactRequest:
    """A request this person sent that still waits."""
    qs = ContactRequest.objects.filter(sender_id=user.pk, status=RequestStatus.PENDING)
    return get_or_404(qs.select_related("recipient"), pk=request_id)


def contact_or_404(user: Any, person_id: Any) -> User:
    """One of the person's contacts (any account state: a contact may be removed even after it went)."""
    return get_or_404(User.objects.filter(contact_rows__other_id=user.pk), pk=person_id)


def blocked_person_or_404(user: Any, person_id: Any) -> User:
    return get_or_404(
        User.objects.filter(pk__in=Block.objects.filter(blocker_id=user.pk).values("blocked_id")), pk=person_id
    )


def person_to_block_or_404(user: Any, person_id: Any) -> User:
    """Someone the viewer may block: a person whose page they may see, or someone already linked to them
    (a contact, a request, a conversation) even if that person has hidden their profile since."""
    person = get_or_404(User.objects.select_related("country"), pk=person_id)
    if account_policies.can_see_profile(user, person):
        return person
    linked = (
        selectors.are_contacts(user, person)
        or selectors.pending_request_between(user, person) is not None
        or Participant.objects.filter(user_id=user.pk, other_id=person.pk).exists()
    )
    if not linked or person.anonymised_at is not None:
        raise Http404
    return person


def person_to_contact_or_404(user: Any, person_id: Any) -> User:
    """The person a request or a message goes to: someone whose page the viewer may see, or one of the
    viewer's contacts (who may have hidden their profile since)."""
    person = get_or_404(User.objects.select_related("country"), pk=person_id)
    if account_policies.can_see_profile(user, person):
        return person
    if person.anonymised_at is None and selectors.are_contacts(user, person):
        return person
    raise Http404


# --- What a first message to a non-contact may answer -----------------------------------------------------
# A teacher may write to someone who is not (yet) a contact when the message answers that person's content
# on the platform, e.g. a partner-finding post. The content's app names its URL namespace here, optionally
# with a check (``check(url_kwargs, recipient)``: is this page the recipient's?):
#
#     register_answerable("partners", lambda kwargs, recipient: is_post_author(kwargs["post_id"], recipient))
#
# Nothing is answerable until an app registers it (partner finding registers its open posts).

AnswerCheck = Callable[[dict, Any], bool] | None
_ANSWERABLE: dict[str, AnswerCheck] = {}


def register_answerable(namespace: str, check: AnswerCheck = None) -> None:
    _ANSWERABLE[namespace] = check


def _resolve_in_any_language(path: str) -> ResolverMatch | None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                return resolve(path)
            except Resolver404:
                continue
    return None


def answerable_path(url: str, recipient: Any) -> str:
    """``url`` if it is a path of this site to content of an answerable kind (belonging to ``recipient``
    when the kind checks it), else "" (never another site, never a scheme a link could run)."""
    url = local_path(url)
    if not url:
        return ""
    match = _resolve_in_any_language(urlsplit(url).path)
    if match is None or match.namespace not in _ANSWERABLE:
        return ""
    check = _ANSWERABLE[match.namespace]
    if check is not None and not check(match.kwargs, recipient):
        return ""
    return url
