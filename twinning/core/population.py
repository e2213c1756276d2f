"""Synthetic population for scale tests and benchmarks: a registry of generators, one per app.

Each app that owns rows of the population registers a generator from its ``AppConfig.ready()``
(through its ``population`` module), so core never imports a domain:

    register_population("schools", generate_schools, reset=reset_schools, position=20)

``generate(scale=...)`` calls every generator in ``position`` order with one ``Run``: the scale, a seeded
``random.Random``, a ``Writer`` for bulk rows, a log callable and ``shared``, where an earlier generator
leaves what a later one needs (reference data plans the countries, schools and people read the plan).
A generator tops its rows up to the scale's targets, so runs are idempotent and scales are cumulative.
``reset_population()`` calls the resets in the reverse order (people before the schools they belong to).

Writes bypass ``save()``: PostgreSQL gets ``COPY … FROM STDIN`` through psycopg 3, other databases
``bulk_create`` in batches. This is a bulk data tool for benchmarks, not a service: no audit events,
no notifications.
"""

from __future__ import annotations

import copy
import enum
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

# The scales every generator knows; what each means in rows is the generators' business.
SCALES = ("tiny", "greece", "europe")

# --- Registry -------------------------------------------------------------------------------------


@dataclass
class Run:
    """What one ``generate()`` call hands to every generator, in order."""

    scale: str
    rng: random.Random
    writer: Writer
    log: Callable[[str], None]
    # Handed from earlier generators to later ones (e.g. the country plan); a key belongs to whoever sets it.
    shared: dict[str, Any] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)  # rows created now, per kind ("schools", ...)
    by_country: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    totals: dict[str, int] = field(default_factory=dict)  # generated rows present after the run, per kind
    tables: set[str] = field(default_factory=set)  # tables written outside the writer, to ANALYZE too

    def count(self, kind: str, n: int, *, country: str | None = None) -> None:
        """Report ``n`` new rows of ``kind`` (report 0 too: the kind then shows in the summary)."""
        self.created[kind] += n
        if country is not None:
            self.by_country[country][kind] += n


Generate = Callable[[Run], None]
Reset = Callable[[], dict[str, int] | None]  # deleted rows by model label


@dataclass(frozen=True)
class Generator:
    name: str
    generate: Generate
    reset: Reset | None = None
    position: int = 100


_GENERATORS: dict[str, Generator] = {}


def register_population(name: str, generate: Generate, *, reset: Reset | None = None, position: int = 100) -> None:
    """Add (or replace) a generator; ``reset()`` deletes its generated rows and returns counts by model label."""
    _GENERATORS[name] = Generator(name, generate, reset, position)


def generators() -> list[Generator]:
    return sorted(_GENERATORS.values(), key=lambda g: (g.position, g.name))


def snapshot() -> dict[str, Generator]:
    """For tests that register a generator for one test only."""
    return copy.copy(_GENERATORS)


def restore(saved: dict[str, Generator]) -> None:
    _GENERATORS.clear()
    _GENERATORS.update(saved)


# --- Result ---------------------------------------------------------------------------------------


@dataclass
class Result:
    scale: str
    database: str = ""
    seconds: float = 0.0
    created: Counter[str] = field(default_factory=Counter)  # a missing kind reads as 0
    deleted: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def nothing_created(self) -> bool:
        return not any(self.created.values())


class UnknownGenerator(ValueError):
    def __init__(self, name: str, known: list[str]):
        super().__init__(f"unknown generator {name!r} (one of {', '.join(known)})")
        self.name, self.known = name, known


def _silent(message: str) -> None:
    pass


def generate(
    *,
    scale: str,
    seed: int | None = None,
    reset: bool = False,
    log: Callable[[str], None] | None = None,
    until: str | None = None,
) -> Result:
    """Top the database up to ``scale`` with every registered generator; returns what was created and when.

    ``until`` names a generator: only it and the generators before it run (what it builds on comes first),
    e.g. the people, projects, contacts and posts that the partner-search benches read, without the
    workspaces and courses of the later steps.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (one of {', '.join(SCALES)})")
    steps = generators()
    if until is not None:
        last = next((g for g in steps if g.name == until), None)
        if last is None:
            raise UnknownGenerator(until, [g.name for g in steps])
        steps = [g for g in steps if (g.position, g.name) <= (last.position, last.name)]
    log = log or _silent
    started = time.perf_counter()
    result = Result(scale=scale, database=connection.vendor)
    if reset:
        result.deleted = reset_population()
        log(f"reset: deleted {result.deleted}")
    run = Run(scale=scale, rng=random.Random(seed), writer=Writer(), log=log)
    try:
        for generator in steps:
            step_started = time.perf_counter()
            before = sum(run.created.values())
            generator.generate(run)
            if sum(run.created.values()) != before:
                log(f"{generator.name}: done in {time.perf_counter() - step_started:.1f}s")
    finally:
        # Even when a step fails, the rows written by the steps before it stay: without fresh statistics the
        # planner would take a table of millions for an empty one (a later run resumes, it does not rewrite).
        written = run.writer.tables | run.tables
        if result.database == "postgresql" and written:
            analyze_started = time.perf_counter()
            _analyze(written)
            log(f"ANALYZE in {time.perf_counter() - analyze_started:.1f}s")
    result.created = run.created
    result.totals = dict(run.totals)
    result.by_country = {code: dict(counts) for code, counts in run.by_country.items()}
    result.seconds = time.perf_counter() - started
    return result


def reset_population() -> dict[str, int]:
    """Run every generator's reset, highest position first (rows go before the rows they point to).

    One transaction: either every generated row goes, or none does (a protected link fails the lot).
    """
    deleted: dict[str, int] = {}
    with transaction.atomic():
        for generator in reversed(generators()):
            if generator.reset is None:
                continue
            for label, n in (generator.reset() or {}).items():
                deleted[label] = deleted.get(label, 0) + n
    if connection.vendor == "postgresql" and deleted:
        # Millions of rows gone: the planner must not keep the old statistics for the next run.
        _analyze({apps.get_model(label)._meta.db_table for label in deleted})
    return deleted


def delete_generated(queryset: QuerySet) -> dict[str, int]:
    """Delete the rows of ``queryset`` and what hangs off them; returns deleted rows by model label.

    Done in SQL (no model instances are loaded: 1.8M of them would not fit in memory): rows that
    cascade are deleted, nullable links are cleared, protected links make the delete fail. Call it
    inside a transaction (``reset_population`` does).
    """
    deleted: dict[str, int] = {}

    def count(label: str, n: int) -> None:
        if n:
            deleted[label] = deleted.get(label, 0) + n

    model = queryset.model
    pks = queryset.values("pk")
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            column = rel.field.m2m_reverse_field_name()
            count(
                through._meta.label,
                through._base_manager.filter(**{f"{column}__in": pks})._raw_delete(connection.alias),
            )
            continue
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": pks})
        if rel.on_delete is models.CASCADE:
            count(rel.related_model._meta.label, related.delete()[0])
        elif rel.on_delete is models.SET_NULL:
            related.update(**{rel.field.name: None})
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        count(
            through._meta.label,
            through._base_manager.filter(**{f"{m2m.m2m_field_name()}__in": pks})._raw_delete(connection.alias),
        )
    count(model._meta.label, queryset._raw_delete(connection.alias))
    return deleted


def _analyze(tables: Iterable[str]) -> None:
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# --- Random helpers -------------------------------------------------------------------------------


def cumulative(mix: Iterable[tuple[Any, float]]) -> list[tuple[float, Any]]:
    """(value, share) pairs as running totals for ``pick``; enum members become their values."""
    total, out = 0.0, []
    for value, share in mix:
        total += share
        out.append((total, value.value if isinstance(value, enum.Enum) else value))
    return out


def pick(rng: random.Random, cumulative: Sequence[tuple[float, Any]]) -> Any:
    """A value drawn with the shares given to ``cumulative()`` (they need not add up to 1)."""
    r = rng.random() * cumulative[-1][0]
    for bound, value in cumulative:
        if r < bound:
            return value
    return cumulative[-1][1]


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by weight with the largest-remainder method (the parts add up exactly)."""
    weight_sum = sum(weights.values()) or 1.0
    raw = {k: total * w / weight_sum for k, w in weights.items()}
    parts = {k: math.floor(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (raw[k] - parts[k], k), reverse=True)[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


# --- Writer ---------------------------------------------------------------------------------------


class Writer:
    """Inserts many rows of one model: COPY on PostgreSQL, bulk_create elsewhere.

    Remembers the tables it wrote, so that ``generate()`` refreshes their planner statistics.
    """

    def __init__(self):
        self.connection = connection
        self.copy = self.connection.vendor == "postgresql"
        self.tables: set[str] = set()

    def reserve_ids(self, model: type[models.Model], n: int) -> list[int]:
        """Primary keys for ``n`` new rows, so that related rows can be written without reading back."""
        if n <= 0:
            return []
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.copy:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, n],
                )
                return [row[0] for row in cursor.fetchall()]
            qn = self.connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({qn(model._meta.pk.column)}), 0) FROM {qn(table)}")  # noqa: S608
            start = cursor.fetchone()[0] + 1
            return list(range(start, start + n))

    def write(self, model: type[models.Model], attnames: Sequence[str], rows: Iterable[tuple]) -> int:
        self.tables.add(model._meta.db_table)
        if self.copy:
            return self._copy_rows(model, attnames, rows)
        return self._bulk_rows(model, attnames, rows)

    def _bulk_rows(self, model: type[models.Model], attnames: Sequence[str], rows: Iterable[tuple]) -> int:
        objs = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model._base_manager.bulk_create(objs, batch_size=2000)
        return len(objs)

    def _copy_rows(self, model: type[models.Model], attnames: Sequence[str], rows: Iterable[tuple]) -> int:
        given = set(attnames)
        now = timezone.now()
        # An auto primary key not given is left to the column's identity default.
        fields = [f for f in model._meta.concrete_fields if f.attname in given or not f.primary_key]
        positions = {name: i for i, name in enumerate(attnames)}
        template: list = []
        slots: list[tuple[int, int]] = []
        for i, f in enumerate(fields):
            if f.attname in positions:
                template.append(None)
                slots.append((i, positions[f.attname]))
            else:
                template.append(self._constant(f, now))
        qn = self.connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields))
        count = 0
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy_:
            for row in rows:
                values = template.copy()
                for target, source in slots:
                    values[target] = row[source]
                copy_.write_row(values)
                count += 1
        return count

    def _constant(self, f: models.Field, now: datetime):
        """The value COPY writes for a column the generator does not give (``save()`` is bypassed)."""
        if f.has_default():
            value = f.get_default()
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now if isinstance(f, models.DateTimeField) else now.date()
        elif f.null:
            value = None
        elif isinstance(f, models.CharField | models.TextField | models.FileField):
            value = ""
        else:
            raise ValueError(f"{f.model.__name__}.{f.name} needs a value for the synthetic population")
        return f.get_db_prep_save(value, connection=self.connection)
