import secrets

from django.utils import timezone

from twinning.newsletter.models import Newsletter, Subscription, SubscriptionStatus


def subscription(email, *, status=SubscriptionStatus.CONFIRMED, language="el", user=None, country=None):
    return Subscription.objects.create(
        email=email.lower(), status=status, language=language, user=user, country=country,
        token=secrets.token_urlsafe(32),
        confirmed_at=timezone.now() if status == SubscriptionStatus.CONFIRMED else None,
    )  # fmt: skip


def newsletter(*, by, audience="all", country=None, language="el", title="November news", items=None):
    return Newsletter.objects.create(
        title=title, language=language, intro="<p>Hello teachers.</p>", audience=audience, country=country,
        created_by=by, items=items if items is not None else [
            {"title": "A webinar", "summary": "About AI.", "url": "/el/events/1/", "date": "2026-11-20",
             "kind": "events"},
        ],
    )  # fmt: skip
