"""Telling a person something: the notice on the platform and its e-mail copy, as they chose.

Every app tells people things through ``notify``; the person's choice for that kind of notice (at once,
in the daily e-mail, never; settings page) decides the e-mail. Texts are given lazily (``gettext_lazy``,
``format_lazy``, ``reverse_lazy``) or as callables, and are made in the *recipient's* language, not in
the language of whoever caused the notice::

    notify(recipient=partner, kind="projects.invited",
           title=format_lazy(_("{name} invites you to found a project"), name=founder.display_name),
           url=reverse_lazy("projects:detail", args=[project.pk]))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from twinning.core.models import Notification
from twinning.core.pupils import is_pupil
from twinning.core.registries import IMMEDIATELY, NEVER, notification_kind
from twinning.core.services import notification_create

from .. import selectors
from ..models import User

Text = str | Callable[[], Any] | Any  # a str, a lazy string, or a callable returning one


def _text(value: Text) -> str:
    if value is None:
        return ""
    return str(value() if callable(value) else value)


def notify(*, recipient: User, kind: str, title: Text, body: Text = "", url: Text = "") -> Notification:
    """Write a notice for ``recipient`` and send its e-mail copy as they chose (at once after the commit,
    in the daily digest, or not at all). ``kind`` must be registered (``register_notification_kind``)."""
    registered = notification_kind(kind)
    if registered is None:
        raise LookupError(f"notification kind {kind!r} is not registered")
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        title_text, body_text, url_text = _text(title), _text(body), _text(url)
    if registered.always_email:
        delivery = IMMEDIATELY if recipient.anonymised_at is None else ""
    else:
        delivery = selectors.email_delivery_for(recipient, kind)
        if delivery == NEVER or not recipient.is_active or recipient.anonymised_at is not None:
            delivery = ""
    if is_pupil(recipient):
        delivery = ""  # pupils have no e-mail: their notices stay on the platform
    notice = notification_create(
        recipient=recipient, kind=kind, title=title_text, body=body_text, url=url_text, email_delivery=delivery
    )
    if delivery == IMMEDIATELY:
        from .. import tasks

        transaction.on_commit(lambda: tasks.send_notification_email.enqueue(notice.pk))
    return notice


def notify_many(
    *,
    recipients: list[User],
    kind: str,
    title: Callable[[User], Any],
    body: Callable[[User], Any] | None = None,
    url: Callable[[User], Any] | None = None,
) -> list[Notification]:
    """``notify`` for many people at once (a cycle's certificates, an announcement): one query for their
    choices, the notices written in one insert, each in its recipient's language; the e-mail copies that go
    at once are enqueued after the commit. ``title``/``body``/``url`` are called with each recipient."""
    registered = notification_kind(kind)
    if registered is None:
        raise LookupError(f"notification kind {kind!r} is not registered")
    from ..models import NotificationPreference

    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=[r.pk for r in recipients], kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    notices = []
    for recipient in recipients:
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            texts = [
                _text(title(recipient)),
                _text(body(recipient) if body else ""),
                _text(url(recipient) if url else ""),
            ]
        if registered.always_email:
            delivery = IMMEDIATELY if recipient.anonymised_at is None else ""
        else:
            delivery = chosen.get(recipient.pk, registered.delivery)
            if delivery == NEVER or not recipient.is_active or recipient.anonymised_at is not None:
                delivery = ""
        if is_pupil(recipient):
            delivery = ""
        notices.append(
            Notification(
                recipient=recipient,
                kind=kind,
                title=texts[0][:200],
                body=texts[1],
                url=texts[2][:300],
                email_delivery=delivery,
            )
        )
    Notification.objects.bulk_create(notices, batch_size=1000)
    at_once = [n.pk for n in notices if n.email_delivery == IMMEDIATELY and n.pk is not None]
    if at_once:
        from .. import tasks

        transaction.on_commit(lambda: [tasks.send_notification_email.enqueue(pk) for pk in at_once])
    return notices
