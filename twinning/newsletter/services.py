"""Writes of the newsletter.

Subscribing is a double opt-in: the address gets a link, and only pressing the button on the page it opens
confirms it (a GET never does: mail scanners open links). Asking again for a pending address resends the link
at most once every ten minutes, and the page says the same whether the address is known or not. Every
newsletter carries a one-click unsubscribe link (RFC 8058) whose signed value names the subscription; a link
that was tampered with changes nothing.

Staff compose a newsletter from recent items, send a test to themselves, then send it: a background job
(``sending``) writes one delivery per subscriber of the audience and sends them in batches.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.core import jobs
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record

from . import policies, selectors
from .models import AudienceKind, Newsletter, NewsletterStatus, Subscription, SubscriptionStatus

RESEND_AFTER = timedelta(minutes=10)
CONFIRM_MAX_AGE = timedelta(days=7)
CONFIRM_SALT = "twinning.newsletter.confirm"
UNSUBSCRIBE_SALT = "twinning.newsletter.unsubscribe"
JOB_KIND = "newsletter.send"


class InvalidLink(DomainError):
    """A confirmation or unsubscribe link that is not ours, was altered, or has expired."""


class NotADraft(DomainError):
    pass


# --- signed links ------------------------------------------------------------------------------------------


def confirm_value(subscription: Subscription) -> str:
    return signing.dumps(subscription.token, salt=CONFIRM_SALT)


def unsubscribe_value(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_for_confirm(value: str) -> Subscription:
    try:
        token = signing.loads(value, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidLink(_("This confirmation link has expired. Subscribe again to get a new one.")) from None
    except signing.BadSignature:
        raise InvalidLink(_("This confirmation link is not valid. Nothing was changed.")) from None
    found = Subscription.objects.filter(token=str(token)).first() if isinstance(token, str) else None
    if found is None:
        raise InvalidLink(_("This confirmation link is not valid. Nothing was changed."))
    return found


def subscription_for_unsubscribe(value: str) -> Subscription:
    try:
        pk = signing.loads(value, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise InvalidLink(_("This unsubscribe link is not valid. Nothing was changed.")) from None
    found = Subscription.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None:
        raise InvalidLink(_("This unsubscribe link is not valid. Nothing was changed."))
    return found


# --- subscribers -------------------------------------------------------------------------------------------


def _send_confirmation(subscription: Subscription) -> None:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from twinning.core.mail import send_templated_mail

    with translation.override(subscription.language):
        path = reverse("newsletter:confirm", args=[confirm_value(subscription)])
    send_templated_mail(
        to=subscription.email,
        template="newsletter/email/confirm",
        context={"url": f"{settings.SITE_URL}{path}"},
        language=subscription.language,
    )


def subscribe(*, email: str, language: str, user: Any = None) -> None:
    """Ask for a subscription: a new or unsubscribed address becomes pending and gets the confirmation link;
    a pending one gets it again, at most once every ten minutes; a confirmed one is left as it is. The caller
    says the same thing in every case (nothing tells whether an address is known)."""
    email = email.strip().lower()
    now = timezone.now()
    owner = user if getattr(user, "is_authenticated", False) and (user.email or "").lower() == email else None
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email__iexact=email).first()
        if subscription is None:
            subscription = Subscription.objects.create(
                email=email,
                language=language,
                user=owner,
                country_id=getattr(owner, "country_id", None),
                token=secrets.token_urlsafe(32),
                confirmation_sent_at=now,
            )
        elif subscription.status == SubscriptionStatus.CONFIRMED:
            return
        else:
            recent = subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < RESEND_AFTER
            if recent:
                return
            if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
                subscription.status = SubscriptionStatus.PENDING
                subscription.token = secrets.token_urlsafe(32)
            subscription.language = language
            subscription.confirmation_sent_at = now
            if owner is not None:
                subscription.user = owner
                subscription.country_id = owner.country_id
            subscription.save(update_fields=["status", "token", "language", "confirmation_sent_at", "user", "country"])
        transaction.on_commit(lambda: _send_confirmation(subscription))


def confirm(*, value: str) -> Subscription:
    """Confirm the subscription a confirmation link names (pressing the button on its page)."""
    found = subscription_for_confirm(value)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=found.pk)
        if subscription.token != found.token:
            raise InvalidLink(_("This confirmation link is not valid. Nothing was changed."))
        if subscription.status != SubscriptionStatus.CONFIRMED:
            subscription.status = SubscriptionStatus.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscription


def _unsubscribe(subscription: Subscription) -> Subscription:
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
            subscription.status = SubscriptionStatus.UNSUBSCRIBED
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


def unsubscribe(*, value: str) -> Subscription:
    """Unsubscribe the subscription an unsubscribe link names (one click, RFC 8058)."""
    return _unsubscribe(subscription_for_unsubscribe(value))


def unsubscribe_own(*, user: Any) -> Subscription | None:
    subscription = selectors.subscription_of(user)
    return _unsubscribe(subscription) if subscription is not None else None


def change_language(*, user: Any, language: str) -> Subscription | None:
    subscription = selectors.subscription_of(user)
    if subscription is not None and subscription.language != language:
        subscription.language = language
        subscription.save(update_fields=["language"])
    return subscription


# --- newsletters -------------------------------------------------------------------------------------------


def _check_audience(by: Any, audience: str, country: Any) -> None:
    if audience == AudienceKind.TEACHERS_OF_COUNTRY and country is None:
        error = DomainError(_("Choose the country whose teachers will get the newsletter."))
        error.field = "country"  # type: ignore[attr-defined]
        raise error
    if not policies.may_send_to(by, audience=audience, country_id=getattr(country, "pk", None)):
        error = NotAllowed(_("You may not send a newsletter to this audience."))
        error.field = "audience"  # type: ignore[attr-defined]
        raise error


def newsletter_create(
    *, by: Any, title: str, language: str, intro: str, audience: str, country: Any, items: list[dict]
) -> Newsletter:
    _check_audience(by, audience, country)
    with transaction.atomic():
        newsletter = Newsletter.objects.create(
            title=title,
            language=language,
            intro=intro,
            audience=audience,
            country=country if audience == AudienceKind.TEACHERS_OF_COUNTRY else None,
            items=items,
            created_by=by,
        )
        audit_record(
            actor=by, action="newsletter.created", target=newsletter, country_code=getattr(country, "code", "")
        )
    return newsletter


def newsletter_update(
    *, by: Any, newsletter: Newsletter, title: str, language: str, intro: str, audience: str, country: Any,
    items: list[dict],
) -> Newsletter:  # fmt: skip
    _check_audience(by, audience, country)
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != NewsletterStatus.DRAFT:
            raise NotADraft(_("This newsletter has been sent; it can no longer be changed."))
        locked.title, locked.language, locked.intro, locked.audience, locked.items = (
            title, language, intro, audience, items
        )  # fmt: skip
        locked.country = country if audience == AudienceKind.TEACHERS_OF_COUNTRY else None
        locked.save(update_fields=["title", "language", "intro", "audience", "country", "items"])
        audit_record(
            actor=by, action="newsletter.changed", target=locked, country_code=getattr(locked.country, "code", "")
        )
    return locked


def send_test(*, by: Any, newsletter: Newsletter) -> None:
    """Send the newsletter once to the staff member, marked [TEST]; no delivery is written."""
    from . import sending

    if not by.email:
        raise DomainError(_("Your account has no e-mail address to send the test to."))
    message = sending.build_message(
        newsletter, email=by.email, unsubscribe_url=sending.site_url("newsletter:manage", newsletter.language),
        test=True,
    )  # fmt: skip
    message.send(fail_silently=False)
    audit_record(
        actor=by, action="newsletter.test_sent", target=newsletter,
        country_code=getattr(newsletter.country, "code", ""),
    )  # fmt: skip


def send(*, by: Any, newsletter: Newsletter) -> Any:
    """Start sending: the newsletter leaves the drafts and a background job delivers it in batches."""
    _check_audience(by, newsletter.audience, newsletter.country)
    with transaction.atomic():
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != NewsletterStatus.DRAFT:
            raise NotADraft(_("This newsletter is already being sent."))
        total = selectors.audience_size(locked)
        if total == 0:
            raise DomainError(_("Nobody would get this newsletter: its audience has no confirmed subscriber."))
        country_code = getattr(locked.country, "code", "")
        job = jobs.start(
            kind=JOB_KIND, owner=by, key=f"newsletter-{locked.pk}", params={"newsletter": locked.pk},
            country_code=country_code, total=total,
        )  # fmt: skip
        locked.status = NewsletterStatus.SENDING
        locked.job = job
        locked.save(update_fields=["status", "job"])
        audit_record(
            actor=by, action="newsletter.send_started", target=locked, country_code=country_code,
            data={"audience": locked.audience, "subscribers": total},
        )  # fmt: skip
    return job
