"""The demo's newsletter (``manage.py load_demo``): two Greek teachers subscribed (confirmed), a third waiting
for confirmation, and one newsletter of the Greek NSO already sent to the confirmed two. Done once."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from twinning.core.demo import register_demo


def load_newsletter() -> list[tuple[str, str]]:
    from twinning.accounts.models import User, ValidationStatus
    from twinning.reference.models import Country
    from twinning.staff.models import StaffRole

    from . import selectors
    from .models import (
        AudienceKind,
        Delivery,
        DeliveryStatus,
        Newsletter,
        NewsletterStatus,
        Subscription,
        SubscriptionStatus,
    )  # fmt: skip

    if Newsletter.objects.exists():
        return []
    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    if greece is None or nso is None:
        return []
    teachers = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True, is_active=True
        ).order_by("pk")[:3]
    )
    now = timezone.now()
    subscriptions = []
    for index, person in enumerate(teachers):
        confirmed = index < 2
        found = Subscription.objects.filter(email__iexact=person.email).first()
        subscriptions.append(
            found
            or Subscription.objects.create(
                email=person.email.lower(),
                user=person,
                language="el",
                country=greece,
                status=SubscriptionStatus.CONFIRMED if confirmed else SubscriptionStatus.PENDING,
                token=secrets.token_urlsafe(32),
                confirmation_sent_at=now - timedelta(days=20),
                confirmed_at=now - timedelta(days=20) if confirmed else None,
            )  # fmt: skip
        )
    newsletter = Newsletter.objects.create(
        title="Ενημερωτικό δελτίο eTwinning: νέα του μήνα",
        language="el",
        intro="<p>Καλώς ήρθατε στο ενημερωτικό δελτίο της Εθνικής Υπηρεσίας Υποστήριξης eTwinning.</p>",
        audience=AudienceKind.TEACHERS_OF_COUNTRY,
        country=greece,
        status=NewsletterStatus.SENT,
        items=selectors.recent_items()[:5],
        created_by=nso,
        sent_at=now - timedelta(days=2),
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                newsletter=newsletter,
                subscription=s,
                email=s.email,
                status=DeliveryStatus.SENT,
                sent_at=now - timedelta(days=2),
            )  # fmt: skip
            for s in subscriptions
            if s.status == SubscriptionStatus.CONFIRMED
        ],
        ignore_conflicts=True,
    )
    return []


register_demo("newsletter", load_newsletter, position=90)
