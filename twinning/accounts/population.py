"""People of the synthetic population (``core.population``, position 30, after countries and schools).

Every country of the run's plan (``reference.population.country_plan``) is topped up to its number of
teachers, each attached to one of the country's generated schools (15 % to a second one too). The mixes
of roles, validation statuses and visibilities are close to a live community. Generated people have
e-mails ``pop.<cc>.<nnnnnnn>@population.invalid``: that mark makes a run idempotent, lets a larger scale
add only what is missing and lets the reset delete exactly those rows. ``search_name``, ``username`` and
the unusable password are computed here because the writer bypasses ``save()``.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from twinning.core.population import Run, Writer, cumulative, delete_generated, pick, register_population
from twinning.core.text import normalize_search
from twinning.reference.models import Country
from twinning.reference.population import (
    GREEK_FEMALE,
    GREEK_MALE,
    GREEK_SURNAMES,
    NAME_GROUPS,
    CountrySpec,
    country_plan,
)
from twinning.schools.models import SchoolMembership
from twinning.schools.population import generated_schools

from .models import CommunityRole, User, ValidationStatus, Visibility

EMAIL_DOMAIN = "population.invalid"
CHUNK = 20_000  # teachers per COPY / bulk batch (memory stays flat at European scale)

ROLE_MIX = (
    (CommunityRole.TEACHER, 0.82),
    (CommunityRole.HEAD_TEACHER, 0.06),
    (CommunityRole.ITE_STUDENT, 0.04),
    (CommunityRole.OTHER_STAFF, 0.03),
    (CommunityRole.TEACHER_EDUCATOR, 0.03),
    (CommunityRole.LIBRARIAN, 0.02),
)
STATUS_MIX = (
    (ValidationStatus.VALIDATED, 0.88),
    (ValidationStatus.REGISTERED, 0.075),
    (ValidationStatus.REJECTED, 0.03),
    (ValidationStatus.PENDING, 0.015),
)
VISIBILITY_MIX = (
    (Visibility.MEMBERS, 0.7),
    (Visibility.ETWINNERS, 0.2),
    (Visibility.PUBLIC, 0.08),
    (Visibility.HIDDEN, 0.02),
)
REJECTION_REASONS = (
    "The school you chose does not match your e-mail; please attach the school where you teach.",
    "We could not confirm that you work at a school. Send us a certificate of service.",
    "Duplicate account: please use your existing account.",
)


@dataclass
class _PersonNamer:
    spec: CountrySpec | None

    def __post_init__(self):
        self.greek = self.spec is not None and self.spec.group == "el"
        if self.greek:
            self.male = [(f, normalize_search(f)) for f in GREEK_MALE]
            self.female = [(f, normalize_search(f)) for f in GREEK_FEMALE]
            self.last = [((m, normalize_search(m)), (f, normalize_search(f))) for m, f in GREEK_SURNAMES]
        else:
            group = NAME_GROUPS.get(self.spec.group if self.spec else "en", NAME_GROUPS["en"])
            self.first = [(f, normalize_search(f)) for f in group.first]
            self.surnames = [(s.replace("_", " "), normalize_search(s.replace("_", " "))) for s in group.last]

    def make(self, rng: random.Random) -> tuple[str, str, str]:
        if self.greek:
            female = rng.random() < 0.68  # most teachers in Greece are women
            first = rng.choice(self.female if female else self.male)
            last = rng.choice(self.last)[1 if female else 0]
        else:
            first = rng.choice(self.first)
            last = rng.choice(self.surnames)
        return first[0], last[0], f"{first[1]} {last[1]}"


def generated_users():
    return User.objects.filter(email__startswith="pop.", email__endswith="@" + EMAIL_DOMAIN)


def _email(code: str, n: int) -> str:
    return f"pop.{code.lower()}.{n:07d}@{EMAIL_DOMAIN}"


def _seq_of_email(email: str) -> int:
    return int(email.split("@", 1)[0].rsplit(".", 1)[1])


def _generate_teachers(
    writer: Writer,
    rng: random.Random,
    country: Country,
    spec: CountrySpec | None,
    want: int,
    password: str,
) -> tuple[int, int]:
    """Top ``country`` up to ``want`` generated teachers; returns (teachers, memberships) created."""
    prefix = f"pop.{country.code.lower()}."
    qs = User.objects.filter(email__startswith=prefix, email__endswith="@" + EMAIL_DOMAIN)
    have = qs.count()
    missing = want - have
    if missing <= 0:
        return 0, 0
    last = qs.order_by("-email").values_list("email", flat=True).first()
    next_n = _seq_of_email(last) + 1 if last else 1
    school_ids = list(generated_schools().filter(country=country).values_list("pk", flat=True))
    if not school_ids:
        return 0, 0
    namer = _PersonNamer(spec)
    roles = cumulative(ROLE_MIX)
    statuses = cumulative(STATUS_MIX)
    visibilities = cumulative(VISIBILITY_MIX)
    language = "el" if namer.greek else "en"
    now = timezone.now()
    day = 86400.0
    user_cols = [
        "id",
        "password",
        "username",
        "email",
        "first_name",
        "last_name",
        "search_name",
        "country_id",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "last_login",
        "last_seen_at",
        "community_role",
        "validation_status",
        "submitted_at",
        "decided_at",
        "rejection_reason",
        "visibility",
        "preferred_language",
    ]
    done = teachers = members = 0
    while done < missing:
        size = min(CHUNK, missing - done)
        ids = writer.reserve_ids(User, size)
        users, memberships = [], []
        for pk in ids:
            email = _email(country.code, next_n)
            next_n += 1
            first, last_name, search = namer.make(rng)
            status = pick(rng, statuses)
            # Last seen: three in four within the last year, the rest over the two years before.
            ago = rng.random() * 365 if rng.random() < 0.75 else 365 + rng.random() * 730
            last_seen = now - timedelta(seconds=ago * day)
            joined = last_seen - timedelta(seconds=rng.random() * 6 * 365 * day)
            submitted = decided = None
            reason = ""
            if status == ValidationStatus.PENDING:
                submitted = now - timedelta(seconds=rng.random() * 30 * day)
                last_seen = max(last_seen, submitted)
                joined = min(joined, submitted)
            elif status in (ValidationStatus.VALIDATED, ValidationStatus.REJECTED):
                submitted = joined + timedelta(seconds=rng.random() * 2 * day)
                decided = min(now, submitted + timedelta(seconds=rng.random() * 14 * day))
                if status == ValidationStatus.REJECTED:
                    reason = rng.choice(REJECTION_REASONS)
            role = "" if status == ValidationStatus.REGISTERED and rng.random() < 0.5 else pick(rng, roles)
            users.append(
                (
                    pk,
                    password,
                    email,
                    email,
                    first,
                    last_name,
                    search,
                    country.pk,
                    True,
                    False,
                    False,
                    joined,
                    last_seen,
                    last_seen,
                    role,
                    status,
                    submitted,
                    decided,
                    reason,
                    pick(rng, visibilities),
                    language,
                )
            )
            first_school = rng.choice(school_ids)
            memberships.append((pk, first_school, True, joined))
            if rng.random() < 0.15 and len(school_ids) > 1:
                second = rng.choice(school_ids)
                while second == first_school:
                    second = rng.choice(school_ids)
                memberships.append((pk, second, False, min(now, joined + timedelta(days=rng.randint(0, 365)))))
        writer.write(User, user_cols, users)
        writer.write(SchoolMembership, ["user_id", "school_id", "is_primary", "created_at"], memberships)
        teachers += len(users)
        members += len(memberships)
        done += size
    return teachers, members


def generate_teachers(run: Run) -> None:
    plan = country_plan(run)
    password = make_password(None)  # one unusable password ("!" + random) for every generated account
    for code in plan.order:
        started = time.perf_counter()
        # One transaction per country: an interrupted run leaves whole countries, and the next run
        # continues from the last e-mail number.
        with transaction.atomic():
            teachers, memberships = _generate_teachers(
                run.writer, run.rng, plan.countries[code], plan.spec(code), plan.targets[code][0], password
            )
        run.count("teachers", teachers, country=code)
        run.count("memberships", memberships, country=code)
        if teachers:
            run.log(f"{code}: +{teachers} teachers, +{memberships} memberships in {time.perf_counter() - started:.1f}s")
    run.totals["teachers"] = generated_users().count()


def reset_teachers() -> dict[str, int]:
    return delete_generated(generated_users())


register_population("teachers", generate_teachers, reset=reset_teachers, position=30)
