"""Background work for people: decision notices and the retention sweep. Safe to run twice."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from twinning.core.mail import send_templated_mail
from twinning.core.models import Notification
from twinning.core.registries import DAILY, IMMEDIATELY, NEVER
from twinning.core.scheduling import register_periodic
from twinning.core.services import notification_create, notification_emailed

from .models import User, ValidationStatus


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_validation_decision(user_ids: list[int], status: str) -> int:
    """Tell each person (in-app and by e-mail, in their language) what the NSO decided.

    Idempotent per channel: the in-app notice is written once, and the e-mail is sent until it has
    been (a failed send is retried by running the task again; nobody gets two notices or two e-mails).
    A person who turned these e-mails off gets the in-app notice only. Returns how many e-mails were sent.
    """
    from . import selectors

    sent = 0
    for user in User.objects.filter(pk__in=user_ids, validation_status=status).select_related("country"):
        kind = f"validation.{status}"
        notice = user.notifications.filter(kind=kind, created_at__gte=user.decided_at).order_by("pk").first()
        if notice is not None and notice.emailed_at is not None:
            continue  # already told on both channels (the task ran before)
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            if status == ValidationStatus.VALIDATED:
                title = _("Your account is validated: welcome to eTwinning!")
                body = _(
                    "Your National Support Organisation validated your account. You can now find partners "
                    "and take part in projects."
                )
                path = reverse("accounts:dashboard")
            else:
                title = _("Your request for validation was not accepted")
                body = _(
                    "Your National Support Organisation gave this reason: %(reason)s. You can correct your "
                    "profile and ask again."
                ) % {"reason": user.rejection_reason}
                path = reverse("accounts:join_schools")
            delivery = selectors.email_delivery_for(user, kind)
            if notice is None:
                # A person who chose the daily e-mail gets this notice in their next digest.
                notice = notification_create(
                    recipient=user,
                    kind=kind,
                    title=title,
                    body=body,
                    url=path,
                    email_delivery=delivery if delivery != NEVER else "",
                )
        if delivery != IMMEDIATELY:
            continue
        nso = selectors.nso_name_for(user, language)
        send_templated_mail(
            to=user.email,
            template=f"accounts/email/validation_{status}",
            context={"person": user, "url": _absolute(path), "reason": user.rejection_reason, "nso": nso},
            language=language,
            sender_name=nso,
        )
        notification_emailed(notification=notice)
        sent += 1
    return sent


@task()
def retention_sweep() -> dict:
    from .services import run_retention

    return run_retention()


register_periodic("accounts.retention_sweep", retention_sweep, timedelta(days=1))


# --- Notices of every app (``services.notify``) --------------------------------------------------------

DIGEST_MAX_LISTED = 30  # a digest lists this many notices and says how many more wait on the platform


def _notice_context(user, language: str) -> dict:
    from . import selectors

    with translation.override(language):
        return {
            "person": user,
            "nso": selectors.nso_name_for(user, language),
            "inbox_url": _absolute(reverse("accounts:notifications")),
            "settings_url": _absolute(reverse("accounts:settings")),
        }


def _can_receive(user, kind: str = "") -> bool:
    from twinning.core.registries import notification_kind

    registered = notification_kind(kind) if kind else None
    active = user.is_active or bool(registered and registered.always_email)
    return bool(active and user.anonymised_at is None and user.email)


@task()
def send_notification_email(notification_id: int) -> bool:
    """The e-mail copy of one notice whose person wants it at once; sent once (idempotent)."""
    notice = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, email_delivery=IMMEDIATELY, emailed_at__isnull=True)
        .first()
    )
    if notice is None or not _can_receive(notice.recipient, notice.kind):
        return False
    user = notice.recipient
    language = user.preferred_language or settings.LANGUAGE_CODE
    context = _notice_context(user, language)
    context.update(notice=notice, url=_absolute(notice.url) if notice.url else context["inbox_url"])
    send_templated_mail(
        to=user.email, template="email/notification", context=context, language=language, sender_name=context["nso"]
    )
    notification_emailed(notification=notice)
    return True


@task()
def send_daily_digests() -> int:
    """One e-mail per person with the notices they chose to get daily (sent once each); returns e-mails sent."""
    from django.db import transaction
    from django.utils import timezone

    waiting = Notification.objects.filter(email_delivery=DAILY, emailed_at__isnull=True)
    sent = 0
    for recipient_id in waiting.order_by().values_list("recipient_id", flat=True).distinct().iterator():
        user = User.objects.filter(pk=recipient_id).first()
        mine = waiting.filter(recipient_id=recipient_id)
        if user is None or not _can_receive(user):
            mine.update(email_delivery="")  # nobody to write to: leave them on the platform only
            continue
        notices = list(mine.order_by("-created_at", "-id")[: DIGEST_MAX_LISTED + 1])
        pending_ids = list(mine.values_list("pk", flat=True))
        language = user.preferred_language or settings.LANGUAGE_CODE
        context = _notice_context(user, language)
        context.update(
            notices=[(n, _absolute(n.url) if n.url else "") for n in notices[:DIGEST_MAX_LISTED]],
            count=len(pending_ids),
            more=max(0, len(pending_ids) - DIGEST_MAX_LISTED),
            url=context["inbox_url"],
        )
        send_templated_mail(
            to=user.email, template="email/digest", context=context, language=language, sender_name=context["nso"]
        )
        with transaction.atomic():
            Notification.objects.filter(pk__in=pending_ids, emailed_at__isnull=True).update(emailed_at=timezone.now())
        sent += 1
    return sent


register_periodic("accounts.send_daily_digests", send_daily_digests, timedelta(days=1))


@task()
def suspensions_end() -> int:
    """Reinstate the accounts whose suspension's end date has passed."""
    from .services import suspensions_end as end

    return end()


register_periodic("accounts.suspensions_end", suspensions_end, timedelta(hours=1))
