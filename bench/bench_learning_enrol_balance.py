"""Enrolling a school year's teachers into one cycle and balancing them into trainer groups (issue 10): a
course and cycle of the bench's own, 25,500 generated Greek eTwinners enrolled through ``enrol_many`` (one
transaction, eligibility checked per person) and split by ``groups_balance`` into groups of the configured
size (schools kept together), in seconds. Target: ≤ 60 s on PostgreSQL. ``LEARNING_BALANCE_FRACTION`` (0–1]
scales the number of people down. Everything it creates is deleted afterwards (the two audit events too).
"""

import os
import time
from datetime import timedelta

BENCH = "learning_enrol_balance"
PEOPLE = 25_500
GROUP_MAX = 25


def run(ctx) -> list[dict]:
    from django.utils import timezone

    from twinning.accounts.models import ValidationStatus
    from twinning.accounts.population import generated_users
    from twinning.core.models import AuditEvent
    from twinning.learning import services
    from twinning.learning.models import Course, CycleTrainer, Eligibility, Enrolment, LearnerGroup, Trainer
    from twinning.reference.models import Country

    fraction = float(os.environ.get("LEARNING_BALANCE_FRACTION") or 1)
    wanted = max(1, round(PEOPLE * min(max(fraction, 0.0), 1.0)))
    greece = Country.objects.filter(code="GR").first()
    if greece is None or ctx.nso is None:
        return [{"bench": BENCH, "metric": "error", "value": "no Greece or no NSO staff: generate the population"}]
    teachers = (
        generated_users()
        .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
        .order_by("pk")
    )
    learner_ids = list(teachers.values_list("pk", flat=True)[:wanted])
    if len(learner_ids) < wanted:
        return [{"bench": BENCH, "metric": "error", "value": f"only {len(learner_ids)} Greek eTwinners generated"}]
    groups_wanted = -(-wanted // GROUP_MAX)
    trainer_ids = list(
        teachers.exclude(pk__in=Trainer.objects.values("user_id"))
        .order_by("-pk")
        .values_list("pk", flat=True)[:groups_wanted]
    )
    now = timezone.now()
    course = Course.objects.create(title="Bench: enrol and balance", country=greece, created_by=ctx.nso)
    cycle = course.cycles.create(
        name="bench",
        starts_on=(now + timedelta(days=10)).date(),
        ends_on=(now + timedelta(days=200)).date(),
        enrolment_opens_at=now - timedelta(days=1),
        enrolment_closes_at=now + timedelta(days=1),
        eligibility=Eligibility.ETWINNERS,
        not_if_completed=True,
    )
    created_trainers = Trainer.objects.bulk_create(
        [Trainer(user_id=pk, country=greece, since=now.date()) for pk in trainer_ids]
    )
    CycleTrainer.objects.bulk_create([CycleTrainer(cycle=cycle, trainer=t) for t in created_trainers])
    try:
        started = time.perf_counter()
        users = list(teachers.filter(pk__in=learner_ids).select_related("country"))
        enrolled = services.enrol_many(cycle=cycle, users=users, actor=ctx.nso)
        enrol_seconds = time.perf_counter() - started
        balanced = services.groups_balance(cycle=cycle, actor=ctx.nso)
        seconds = time.perf_counter() - started
        sizes = list(LearnerGroup.objects.filter(cycle=cycle).values_list("size", flat=True))
        placed = Enrolment.objects.filter(cycle=cycle, group__isnull=False).count()
        return [
            {
                "bench": BENCH,
                "case": f"{wanted}_people",
                "metric": "seconds",
                "value": round(seconds, 2),
                "enrol_seconds": round(enrol_seconds, 2),
                "enrolled": enrolled["enrolled"],
                "refused": len(enrolled["refused"]),
                "groups": balanced["groups"],
                "placed": placed,
                "min_size": min(sizes, default=0),
                "max_size": max(sizes, default=0),
                "target_seconds": 60,
            }
        ]
    finally:
        cycle_id = cycle.pk
        course.delete()  # the cycle, its enrolments, groups and trainer rows go with it
        Trainer.objects.filter(pk__in=[t.pk for t in created_trainers]).delete()
        AuditEvent.objects.filter(target_type="learning.cycle", target_id=str(cycle_id)).delete()
