"""Schools of the synthetic population (``core.population``, position 20, after the countries).

Every country of the run's plan (``reference.population.country_plan``) is topped up to its number of
schools. Generated schools have national codes ``POP-<CC>-<nnnnnnn>``: that mark makes a run idempotent,
lets a larger scale add only what is missing and lets the reset delete exactly those rows (and the
memberships and links that hang off them). The derived search columns (``search_name``, ``search_city``,
``search_latin``, ``sort_name``: ``matching.search_columns``) are computed here because the writer bypasses
``save()``.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from twinning.core.population import Run, Writer, cumulative, delete_generated, pick, register_population
from twinning.reference.models import Country
from twinning.reference.population import NAME_GROUPS, CountrySpec, Places, country_plan

from .matching import search_columns
from .models import School, SchoolStatus, SchoolType

CODE_PREFIX = "POP-"

# Greek school types: (name, share, level code). Close to the real mix (≈5,500 kindergartens,
# 4,500 primary schools, 1,800 gymnasia, 1,300 lyceia, 400 vocational lyceia).
GREEK_SCHOOL_TYPES = (
    ("Νηπιαγωγείο", 0.33, "pre-primary"),
    ("Δημοτικό Σχολείο", 0.32, "primary"),
    ("Γυμνάσιο", 0.15, "lower-secondary"),
    ("Γενικό Λύκειο", 0.11, "upper-secondary"),
    ("ΕΠΑ.Λ.", 0.05, "vocational"),
    ("Εσπερινό Γυμνάσιο", 0.01, "lower-secondary"),
    ("Ειδικό Δημοτικό Σχολείο", 0.02, "special-needs"),
    ("Μουσικό Σχολείο", 0.01, "lower-secondary"),
)


def generated_schools():
    return School.objects.filter(national_code__startswith=CODE_PREFIX)


def _national_code(code: str, n: int) -> str:
    return f"{CODE_PREFIX}{code}-{n:07d}"


class _SchoolNamer:
    def __init__(self, spec: CountrySpec | None):
        self.greek = spec is not None and spec.group == "el"
        self.group = None if self.greek else NAME_GROUPS.get(spec.group if spec else "en", NAME_GROUPS["en"])
        self.counters: dict[tuple[str, str], int] = {}
        self.types = cumulative([((name, level), share) for name, share, level in GREEK_SCHOOL_TYPES])

    def make(self, rng: random.Random, town_in_names: str) -> tuple[str, str]:
        if self.greek:
            kind, level = pick(rng, self.types)
            key = (kind, town_in_names)
            n = self.counters[key] = self.counters.get(key, 0) + 1
            return f"{n}ο {kind} {town_in_names}", level
        pattern, level = rng.choice(self.group.schools)
        key = (pattern, town_in_names)
        n = self.counters[key] = self.counters.get(key, 0) + 1
        return pattern.format(n=n, city=town_in_names, person=rng.choice(self.group.patrons)), level


def _generate_schools(
    writer: Writer,
    rng: random.Random,
    country: Country,
    spec: CountrySpec | None,
    want: int,
    places: Places,
    levels: dict[str, int],
    directorates: dict[int, list[int]],
) -> int:
    qs = School.objects.filter(country=country, national_code__startswith=f"{CODE_PREFIX}{country.code}-")
    have = qs.count()
    missing = want - have
    if missing <= 0:
        return 0
    last = qs.order_by("-national_code").values_list("national_code", flat=True).first()
    start = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    namer = _SchoolNamer(spec)
    today = timezone.localdate()
    ids = writer.reserve_ids(School, missing)
    school_rows, level_rows = [], []
    greek = namer.greek
    for offset, pk in enumerate(ids):
        town, town_in_names, region_id, _w = places.towns[pick(rng, places.cumulative)]
        name, level = namer.make(rng, town_in_names)
        directorate_id = rng.choice(directorates[region_id]) if region_id in directorates else None
        columns = search_columns(name, town)
        school_rows.append(
            (
                pk,
                name,
                columns["search_name"],
                columns["search_latin"],
                columns["sort_name"],
                country.pk,
                region_id,
                directorate_id,
                town,
                columns["search_city"],
                f"{rng.randint(10000, 85999)}" if greek else "",
                SchoolType.PRIVATE.value if rng.random() < 0.12 else SchoolType.PUBLIC.value,
                _national_code(country.code, start + offset),
                SchoolStatus.VALIDATED.value,
                today - timedelta(days=rng.randint(30, 20 * 365)),
            )
        )
        if level in levels:
            level_rows.append((pk, levels[level]))
    writer.write(
        School,
        [
            "id",
            "name",
            "search_name",
            "search_latin",
            "sort_name",
            "country_id",
            "region_id",
            "directorate_id",
            "city",
            "search_city",
            "postcode",
            "school_type",
            "national_code",
            "status",
            "registered_on",
        ],
        school_rows,
    )
    if level_rows:
        writer.write(School.levels.through, ["school_id", "educationlevel_id"], level_rows)
    return missing


def generate_schools(run: Run) -> None:
    plan = country_plan(run)
    for code in plan.order:
        started = time.perf_counter()
        # One transaction per country: an interrupted run leaves whole countries, and the next run
        # continues from the last national code.
        with transaction.atomic():
            created = _generate_schools(
                run.writer,
                run.rng,
                plan.countries[code],
                plan.spec(code),
                plan.targets[code][1],
                plan.places[code],
                plan.levels,
                plan.directorates,
            )
        run.count("schools", created, country=code)
        if created:
            run.log(f"{code}: +{created} schools in {time.perf_counter() - started:.1f}s")
    run.totals["schools"] = generated_schools().count()


def reset_schools() -> dict[str, int]:
    return delete_generated(generated_schools())


register_population("schools", generate_schools, reset=reset_schools, position=20)
