"""Earlier certificates of the synthetic population (``core.population``, position 82, after learning's
courses): the four past years of completions on the old Moodle sites, imported as they would be by the Greek
NSO — 72,000 at ``--scale greece`` (the same at ``europe``, whose Greece is as large), proportionally fewer at
``tiny`` — for generated Greek eTwinners, with old-style codes (``ETW-2022-0012345``, unique: the number runs
over all of them). Written in bulk (``Writer``: COPY on PostgreSQL); a run tops up to the target, so a second
run adds nothing; ``reset`` removes them."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import EMAIL_DOMAIN, generated_users
from twinning.core.population import Run, delete_generated, register_population
from twinning.reference import population as countries
from twinning.reference.models import Country

from .models import Certificate, Kind

FOUR_YEARS = 72_000
YEARS = 4
CODE_PREFIX = "ETW-"
KIND = "earlier certificates"
# Courses of the old Moodle sites (Greek titles, as the old certificates printed them) and their hours.
COURSES = (
    ("Εισαγωγή στο eTwinning", 20),
    ("Ψηφιακά εργαλεία στην τάξη", 25),
    ("Εκπαιδευτική ρομποτική", 30),
    ("Ασφάλεια στο διαδίκτυο", 20),
    ("Συνεργατική μάθηση σε έργα eTwinning", 25),
    ("STEM στο δημοτικό", 30),
    ("Ευρωπαϊκή πολιτειότητα", 20),
    ("Δημιουργικός γραμματισμός στα μέσα", 25),
    ("Ξένες γλώσσες με έργα eTwinning", 20),
    ("Εκπαιδευτικό σενάριο eTwinning", 50),
)
FIELDS = ["code", "kind", "imported", "holder_id", "holder_email", "holder_name", "title_el", "title_en", "hours",
          "started_on", "ended_on", "country_id", "issued_at"]  # fmt: skip


def target(scale: str) -> int:
    factor = countries.SCALES[scale].greece[0] / countries.SCALES["greece"].greece[0]
    return round(FOUR_YEARS * factor)


def generated_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        imported=True, code__startswith=CODE_PREFIX, holder_email__startswith="pop.",
        holder_email__endswith="@" + EMAIL_DOMAIN,
    )  # fmt: skip


def _number(code: str) -> int:
    tail = code.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def generate_certificates(run: Run) -> None:
    started = time.perf_counter()
    greece = Country.objects.filter(code="GR").first()
    people = (
        list(
            generated_users()
            .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
            .order_by("pk")
            .values_list("pk", "email", "first_name", "last_name")
        )
        if greece
        else []
    )
    want = target(run.scale)
    with transaction.atomic():
        have = generated_certificates()
        present = have.count()
        missing = want - present
        if not people or missing <= 0:
            run.count(KIND, 0)
            run.totals[KIND] = present
            return
        start = max((_number(c) for c in have.values_list("code", flat=True)), default=0) + 1
        today = timezone.localdate()
        first = (today.year if today.month >= 9 else today.year - 1) - YEARS  # the oldest of the past years
        rng = run.rng

        def rows():
            for i in range(missing):
                n = start + i
                year = first + (n - 1) % YEARS
                pk, email, first_name, last_name = people[rng.randrange(len(people))]
                title, hours = COURSES[rng.randrange(len(COURSES))]
                begins = date(year, 10, 1) + timedelta(days=rng.randrange(120))
                ends = begins + timedelta(weeks=rng.choice((6, 8, 10, 12)))
                issued = timezone.make_aware(datetime.combine(ends, datetime.min.time()).replace(hour=12))
                yield (f"{CODE_PREFIX}{year}-{n:07d}", Kind.IMPORTED, True, pk, email.lower(),
                       f"{first_name} {last_name}".strip() or email, title, title, Decimal(hours), begins, ends,
                       greece.pk, issued)  # fmt: skip

        created = run.writer.write(Certificate, FIELDS, rows())
    run.count(KIND, created, country="GR")
    run.totals[KIND] = present + created
    run.log(f"+{created} earlier certificates in {time.perf_counter() - started:.1f}s")


def reset_certificates() -> dict[str, int]:
    return delete_generated(generated_certificates())


register_population("certificates.imported", generate_certificates, reset=reset_certificates, position=82)
