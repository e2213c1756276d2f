"""Events of the synthetic population (``core.population``, position 85, after the courses): 300 events of the
Greek NSO over four years (webinars mostly, learning events, information days, ambassador trainings) with
45,000 registrations of generated Greek eTwinners at ``--scale greece`` (the same at ``europe``), proportionally
fewer at ``tiny`` (at least a few events). Past events have their attendance recorded (about 70 % present).

Generated events are those created by a generated person; a second run adds only the events still missing.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.reference import population as countries
from twinning.reference.models import Country

from .models import Eligibility, Event, Kind, Registration, Status

EVENTS = 300
REGISTRATIONS = 45_000
MIX = ((Kind.WEBINAR, 0.6), (Kind.LEARNING_EVENT, 0.2), (Kind.INFO_DAY, 0.15), (Kind.AMBASSADOR_TRAINING, 0.05))
TITLES = {
    Kind.WEBINAR: ("Webinar: ψηφιακά εργαλεία για συνεργατικά έργα", "Webinar: ασφάλεια στο διαδίκτυο",
                   "Webinar: Τεχνητή Νοημοσύνη στην τάξη", "Webinar: Ετικέτες Ποιότητας eTwinning"),
    Kind.LEARNING_EVENT: ("Εκδήλωση μάθησης: STEM και ρομποτική", "Εκδήλωση μάθησης: γλώσσες και πολιτισμός"),
    Kind.INFO_DAY: ("Ενημερωτική ημερίδα eTwinning", "Ενημερωτική ημερίδα για νέους εκπαιδευτικούς"),
    Kind.AMBASSADOR_TRAINING: ("Επιμόρφωση πρεσβευτών eTwinning",),
}  # fmt: skip


def generated_events():
    return Event.objects.filter(created_by__in=generated_users().values("pk"))


def generate_events(run: Run) -> None:
    started = time.perf_counter()
    greece = Country.objects.filter(code="GR").first()
    people = (
        list(
            generated_users()
            .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if greece
        else []
    )
    if not people:
        run.count("events", 0)
        run.count("event registrations", 0)
        return
    factor = countries.greek_factor(run.scale)
    want = max(4, round(EVENTS * factor))
    per_event = max(3, round(REGISTRATIONS * factor / want))
    rng, writer, now = run.rng, run.writer, timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        have = generated_events().count()
        missing = max(0, want - have)
        span = timedelta(days=4 * 365)
        first = now - span + timedelta(days=60)  # four years, the last two months of them still to come
        ids = writer.reserve_ids(Event, missing)
        events, registrations = [], []
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        for index, event_id in enumerate(ids):
            position = have + index
            kind = rng.choices(kinds, weights)[0]
            start = first + span * position / want
            start = start.replace(hour=15 + rng.randrange(3))
            length = timedelta(hours=1, minutes=30) if kind == Kind.WEBINAR else timedelta(hours=4)
            capacity = None if kind == Kind.WEBINAR else max(per_event, 2 * per_event)
            title = rng.choice(TITLES[kind])
            n = min(len(people), max(1, int(per_event * rng.uniform(0.5, 1.5))))
            chosen = rng.sample(people, n)
            past = start + length < now
            count = 0
            for person in chosen:
                at = start - timedelta(days=rng.randrange(1, 30), minutes=rng.randrange(600))
                if rng.random() < 0.05:
                    registrations.append((event_id, person, Status.CANCELLED, at, at + timedelta(days=1), False, None))
                    continue
                count += 1
                present = past and rng.random() < 0.7
                minutes = int(length.total_seconds() // 60) - rng.randrange(20) if present else None
                registrations.append((event_id, person, Status.REGISTERED, at, None, present, minutes))
            events.append(
                (event_id, kind, title, f"<p>{title}.</p>", greece.pk, start, start + length, "Europe/Athens",
                 True, "", "" if past else "https://meet.jit.si/etw-population", Decimal(length.total_seconds() / 3600),
                 capacity, Eligibility.AMBASSADORS if kind == Kind.AMBASSADOR_TRAINING else Eligibility.ANYONE,
                 30, True, count, 0, uuid.UUID(int=rng.getrandbits(128), version=4), 0, rng.choice(people), now, now)
            )  # fmt: skip
        writer.write(
            Event,
            ["id", "kind", "title", "description", "country_id", "starts_at", "ends_at", "time_zone", "online",
             "address", "link", "hours", "capacity", "eligibility", "min_minutes", "published", "registered_count",
             "waiting_count", "uid", "sequence", "created_by_id", "created_at", "updated_at"],
            events,
        )  # fmt: skip
        writer.write(
            Registration,
            ["event_id", "user_id", "status", "registered_at", "cancelled_at", "attended", "minutes"],
            registrations,
        )
    run.count("events", len(events), country="GR")
    run.count("event registrations", len(registrations), country="GR")
    run.log(f"+{len(events)} events, +{len(registrations)} registrations in {time.perf_counter() - started:.1f}s")
    run.totals["events"] = generated_events().count()


def reset_events() -> dict[str, int]:
    ids = list(generated_events().values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    for model, qs in (
        (Registration, Registration.objects.filter(event_id__in=ids)),
        (Registration, Registration.objects.filter(user__in=generated_users())),
        (Event, Event.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + n
    return deleted


register_population("events", generate_events, reset=reset_events, position=85)
