"""Courses of the synthetic population (``core.population``, position 80, after the people): the Greek NSO's
18 online courses with trainers, each with four cycles (the last four school years), and enrolments of
generated Greek eTwinners: 25,500 in the current school year's cycles and 72,000 over the four years at
``--scale greece`` (the same at ``europe``, whose Greece is as large), proportionally fewer at ``tiny``.
Past cycles' enrolments are mostly completed, some withdrawn; the current year's are enrolled.

Generated courses are those created by a generated person; runs top up each cycle to its target.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.reference import population as countries
from twinning.reference.models import Country, Language

from . import services
from .models import Course, Cycle, CycleTrainer, Eligibility, Enrolment, Kind, LearnerGroup, Status, Topic, Trainer

COURSES = 18
YEARS = 4
CURRENT_YEAR = 25_500  # enrolments in the current school year's cycles at the Greek scale
FOUR_YEARS = 72_000
TRAINERS = 1_500  # the registry of volunteer trainers at the Greek scale
TITLES = (
    ("Ψηφιακά εργαλεία στην τάξη", Topic.ICT),
    ("Εκπαιδευτική ρομποτική", Topic.STEM),
    ("Τεχνητή Νοημοσύνη στο σχολείο", Topic.AI),
    ("Σχολείο για όλους: συμπερίληψη", Topic.INCLUSION),
    ("Ξένες γλώσσες με έργα eTwinning", Topic.LANGUAGES),
    ("Ευρωπαϊκή πολιτειότητα", Topic.CITIZENSHIP),
    ("Προγραμματισμός με Scratch", Topic.ICT),
    ("STEM στο δημοτικό", Topic.STEM),
    ("Ασφάλεια στο διαδίκτυο", Topic.ICT),
    ("Περιβαλλοντική εκπαίδευση", Topic.OTHER),
    ("Δημιουργικός γραμματισμός στα μέσα", Topic.CITIZENSHIP),
    ("Συνεργατική μάθηση σε έργα", Topic.OTHER),
    ("Μαθηματικά με ψηφιακά εργαλεία", Topic.STEM),
    ("Ειδική αγωγή και τεχνολογία", Topic.INCLUSION),
    ("Αφήγηση και ψηφιακές ιστορίες", Topic.LANGUAGES),
    ("Δεδομένα και ΤΝ για εκπαιδευτικούς", Topic.AI),
    ("Πολιτιστική κληρονομιά", Topic.CITIZENSHIP),
    ("Εκπαιδευτικό σενάριο eTwinning", Topic.OTHER),
)


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _first_year(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def generated_courses():
    return Course.objects.filter(created_by__in=generated_users().values("pk"))


def _kinds(run: Run, courses: int, cycles: int, enrolments: int) -> None:
    run.count("courses", courses)
    run.count("course cycles", cycles)
    run.count("course enrolments", enrolments)


def generate_learning(run: Run) -> None:
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
        _kinds(run, 0, 0, 0)
        return
    rng, writer, now = run.rng, run.writer, timezone.now()
    first = _first_year(now.date())
    years = [first - YEARS + 1 + i for i in range(YEARS)]  # oldest first, the current school year last
    factor = countries.greek_factor(run.scale)
    current = round(CURRENT_YEAR * factor)
    past = round((FOUR_YEARS - CURRENT_YEAR) * factor)
    want_current, want_past = _split(current, COURSES), _split(past, COURSES * (YEARS - 1))
    new_courses = new_cycles = 0
    with transaction.atomic():
        courses = list(generated_courses().order_by("pk"))
        if not courses:
            language = Language.objects.filter(code="el").values_list("pk", flat=True).first()
            ids = writer.reserve_ids(Course, COURSES)
            rows = []
            for course_id, (title, topic) in zip(ids, TITLES, strict=True):
                rows.append(
                    (course_id, title, f"<p>{title}: 200ωρη επιμόρφωση σε κύκλους.</p>",
                     "Εκπαιδευτικοί όλων των βαθμίδων", 200, language, topic, Kind.TRAINERS, "cohort", greece.pk,
                     True, rng.choice(people), now, now)
                )  # fmt: skip
            writer.write(
                Course,
                ["id", "title", "description", "audience", "hours", "language_id", "topic", "kind", "pacing",
                 "country_id", "published", "created_by_id", "created_at", "updated_at"],
                rows,
            )  # fmt: skip
            new_courses = len(rows)
            courses = list(generated_courses().order_by("pk"))
        have_cycles = {(c.course_id, c.starts_on.year): c for c in Cycle.objects.filter(course__in=courses)}
        rows = []
        for course in courses:
            for year in years:
                if (course.pk, year) not in have_cycles:
                    rows.append(
                        (course.pk, f"{year}-{(year + 1) % 100:02d}", date(year, 10, 1), date(year + 1, 5, 31),
                         _at(year, 9, 1), _at(year, 9, 25), 1_500, Eligibility.ETWINNERS, True, 0, 0, now)
                    )  # fmt: skip
        writer.write(
            Cycle,
            ["course_id", "name", "starts_on", "ends_on", "enrolment_opens_at", "enrolment_closes_at", "capacity",
             "eligibility", "not_if_completed", "enrolled_count", "waiting_count", "created_at"],
            rows,
        )  # fmt: skip
        new_cycles = len(rows)
        cycles = sorted(Cycle.objects.filter(course__in=courses), key=lambda c: (c.course_id, c.starts_on))
        present: dict[int, set[int]] = defaultdict(set)
        for cycle_id, user_id in Enrolment.objects.filter(cycle__in=cycles).values_list("cycle_id", "user_id"):
            present[cycle_id].add(user_id)
        enrol_rows = []
        past_targets = iter(want_past)
        current_targets = iter(want_current)
        for cycle in cycles:
            is_current = cycle.starts_on.year == years[-1]
            if cycle.starts_on.year not in years:
                continue
            want = next(current_targets) if is_current else next(past_targets)
            missing = want - len(present[cycle.pk])
            if missing <= 0:
                continue
            pool = [p for p in rng.sample(people, min(len(people), want + len(present[cycle.pk])))
                    if p not in present[cycle.pk]][:missing]  # fmt: skip
            opened = cycle.enrolment_opens_at
            for person in pool:
                at = opened + timedelta(seconds=rng.randrange(24 * 24 * 3600))
                if is_current:
                    enrol_rows.append((cycle.pk, person, Status.ENROLLED, at, None, None))
                elif rng.random() < 0.85:
                    done = datetime.combine(cycle.ends_on, datetime.min.time(), tzinfo=opened.tzinfo)
                    enrol_rows.append((cycle.pk, person, Status.COMPLETED, at, None, done))
                else:
                    enrol_rows.append((cycle.pk, person, Status.WITHDRAWN, at, at + timedelta(days=30), None))
        writer.write(
            Enrolment, ["cycle_id", "user_id", "status", "enrolled_at", "withdrawn_at", "completed_at"], enrol_rows
        )
        _recount(cycles)
        current_cycles = list(
            Cycle.objects.filter(pk__in=[c.pk for c in cycles if c.starts_on.year == years[-1]]).order_by("pk")
        )
        new_trainers = _trainers(run, people, greece, round(TRAINERS * factor), current_cycles)
    run.count("volunteer trainers", new_trainers)
    for cycle in current_cycles:  # the current cycles balanced into groups (idempotent: newcomers only)
        services.groups_balance(cycle=cycle, actor=None)
    _kinds(run, new_courses, new_cycles, len(enrol_rows))
    run.log(
        f"+{new_courses} courses, +{new_cycles} cycles, +{len(enrol_rows)} enrolments in "
        f"{time.perf_counter() - started:.1f}s"
    )
    run.totals["course enrolments"] = Enrolment.objects.filter(cycle__course__in=generated_courses()).count()


def _trainers(run: Run, people: list[int], greece, want: int, current: list[Cycle]) -> int:
    """The registry's generated trainers (the last generated Greek eTwinners), and enough of them assigned to
    each current cycle for groups of at most 25."""
    have = list(Trainer.objects.filter(user_id__in=generated_users().values("pk")).order_by("pk"))
    missing = want - len(have)
    new = 0
    if missing > 0:
        taken = set(Trainer.objects.values_list("user_id", flat=True))
        pool = [p for p in reversed(people) if p not in taken][:missing]
        since = timezone.now().date() - timedelta(days=365 * 3)
        have += Trainer.objects.bulk_create(
            [Trainer(user_id=p, country=greece, since=since + timedelta(days=run.rng.randrange(1000))) for p in pool]
        )
        new = len(pool)
    assigned = {(c, t) for c, t in CycleTrainer.objects.filter(cycle__in=current).values_list("cycle_id", "trainer_id")}
    rows, free = [], iter(have)
    for cycle in current:
        needed = -(-cycle.enrolled_count // 25)
        for trainer in itertools.islice(free, needed):
            if (cycle.pk, trainer.pk) not in assigned:
                rows.append(CycleTrainer(cycle=cycle, trainer=trainer))
    CycleTrainer.objects.bulk_create(rows)
    return new


def _at(year: int, month: int, day: int):
    return timezone.make_aware(datetime(year, month, day, 9, 0))


def _recount(cycles: list[Cycle]) -> None:
    from django.db.models import Count, Q

    counts = (
        Enrolment.objects.filter(cycle__in=cycles)
        .values("cycle_id")
        .annotate(
            taken=Count("id", filter=Q(status__in=(Status.ENROLLED, Status.COMPLETED))),
            waiting=Count("id", filter=Q(status=Status.WAITING)),
        )
    )
    for row in counts:
        Cycle.objects.filter(pk=row["cycle_id"]).update(enrolled_count=row["taken"], waiting_count=row["waiting"])


def reset_learning() -> dict[str, int]:
    ids = list(generated_courses().values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    LearnerGroup.objects.filter(trainer__user__in=generated_users()).exclude(cycle__course_id__in=ids).update(
        trainer=None
    )
    for model, qs in (
        (Enrolment, Enrolment.objects.filter(cycle__course_id__in=ids)),
        (LearnerGroup, LearnerGroup.objects.filter(cycle__course_id__in=ids)),
        (CycleTrainer, CycleTrainer.objects.filter(cycle__course_id__in=ids)),
        (Cycle, Cycle.objects.filter(course_id__in=ids)),
        (Course, Course.objects.filter(pk__in=ids)),
        (CycleTrainer, CycleTrainer.objects.filter(trainer__user__in=generated_users())),
        (Trainer, Trainer.objects.filter(user__in=generated_users())),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + n
    return deleted


register_population("learning", generate_learning, reset=reset_learning, position=80)
