"""Background work for people: decision notices and the retention sweep. Safe to run twice."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from twinning.core.mail import send_templated_mail
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
            if notice is None:
                notice = notification_create(recipient=user, kind=kind, title=title, body=body, url=path)
        if not selectors.wants_email(user, kind):
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
