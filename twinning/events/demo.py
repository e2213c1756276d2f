"""The demo's events (``manage.py load_demo``), made by the Greek NSO's demo staff member: a past webinar with
attendance recorded (its attendees get certificates of attendance), an upcoming webinar with registrations
(full, with a waiting list) and an information day. Done once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from twinning.core.demo import register_demo

PAST_TITLE = "Πρώτα βήματα στο eTwinning"


def _athens(now, *, days: int, hour: int):
    """``hour`` o'clock in Athens, ``days`` from today."""
    from .times import in_zone, make_local

    local = in_zone(now, "Europe/Athens") + timedelta(days=days)
    return make_local(local.replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=None), "Europe/Athens")


def load_events() -> list[tuple[str, str]]:
    from twinning.accounts.models import User, ValidationStatus
    from twinning.reference.models import Country
    from twinning.staff.models import StaffRole

    from . import services
    from .models import Eligibility, Event, Kind, Registration, Status

    if Event.objects.exists():
        return []
    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    if greece is None or nso is None:
        return []
    teachers = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True, is_active=True
        ).order_by("pk")[:6]
    )
    now = timezone.now()
    common = {"description": "", "time_zone": "Europe/Athens", "online": True, "address": "",
              "registration_opens_at": None, "registration_closes_at": None, "published": True}  # fmt: skip
    # A past webinar: written as it was, then its attendance recorded through the service.
    past_start = _athens(now, days=-14, hour=18)
    past = services.event_create(
        actor=nso, country=greece, kind=Kind.WEBINAR, title=PAST_TITLE,
        starts_at=past_start, ends_at=past_start + timedelta(hours=1, minutes=30),
        link="https://meet.jit.si/etwinning-demo-webinar", hours=Decimal("1.5"), capacity=None,
        eligibility=Eligibility.ANYONE, min_minutes=45, **{**common, "description": (
            "<p>Διαδικτυακό σεμινάριο της ΕΟΥ για νέους εκπαιδευτικούς: εγγραφή, επικύρωση, πρώτο έργο.</p>")},
    )  # fmt: skip
    Registration.objects.bulk_create(
        [Registration(event=past, user=t, status=Status.REGISTERED, registered_at=past_start - timedelta(days=7))
         for t in teachers[:4]]
    )  # fmt: skip
    Event.objects.filter(pk=past.pk).update(registered_count=len(teachers[:4]))
    attended = list(Registration.objects.filter(event=past).order_by("pk").values_list("pk", flat=True))[:3]
    services.attendance_record(actor=nso, event=past, present_ids=attended)
    # An upcoming webinar, full, with a waiting list.
    soon = _athens(now, days=10, hour=18)
    upcoming = services.event_create(
        actor=nso, country=greece, kind=Kind.WEBINAR, title="Τεχνητή Νοημοσύνη στα έργα eTwinning",
        starts_at=soon, ends_at=soon + timedelta(hours=1), link="https://meet.jit.si/etwinning-demo-ai",
        hours=Decimal("1"), capacity=3, eligibility=Eligibility.ETWINNERS, min_minutes=30,
        **{**common, "description": "<p>Πώς αξιοποιούμε εργαλεία ΤΝ με ασφάλεια σε συνεργατικά έργα.</p>"},
    )  # fmt: skip
    for teacher in teachers[:5]:
        services.register(event=upcoming, user=teacher)
    # An information day, in a place.
    day = _athens(now, days=30, hour=10)
    services.event_create(
        actor=nso, country=greece, kind=Kind.INFO_DAY, title="Ενημερωτική ημερίδα eTwinning Αττικής",
        starts_at=day, ends_at=day + timedelta(hours=4), link="", hours=Decimal("4"), capacity=120,
        eligibility=Eligibility.ANYONE, min_minutes=0,
        **{**common, "online": False, "address": "Αμφιθέατρο, Ανδρέα Παπανδρέου 37, Μαρούσι",
           "description": "<p>Παρουσιάσεις έργων, Ετικέτες Ποιότητας και ευκαιρίες επιμόρφωσης.</p>"},
    )  # fmt: skip
    return []


register_demo("events", load_events, position=76)
