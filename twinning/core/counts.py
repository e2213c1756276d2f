"""Counts read on every page (the header's badges) as one plain statement.

``Model.objects.filter(...).count()`` costs about a millisecond of Python per call to build and compile,
more than the database takes to answer it from a partial index; the header asks two or three such counts
on every signed-in page. ``count_rows`` builds the statement once per model and shape (names from
``_meta``, values always as parameters) and runs it on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model


@cache
def _count_sql(model: type[Model], equal: tuple[str, ...], positive: tuple[str, ...], null: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(model._meta.get_field(name).column)

    conditions = [
        *(f"{column(name)} = %s" for name in equal),
        *(f"{column(name)} > 0" for name in positive),
        *(f"{column(name)} IS NULL" for name in null),
    ]
    where = " AND ".join(conditions) or "1 = 1"
    return f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} WHERE {where}"  # noqa: S608 - names from _meta


def count_rows(
    model: type[Model], *, equal: dict[str, Any] | None = None, positive: Iterable[str] = (), null: Iterable[str] = ()
) -> int:
    """How many rows of ``model`` have each field of ``equal`` equal to its value (a foreign key by its id),
    each field of ``positive`` above zero and each field of ``null`` empty."""
    equal = equal or {}
    names = tuple(equal)
    sql = _count_sql(model, names, tuple(positive), tuple(null))
    with connection.cursor() as cursor:
        cursor.execute(sql, [getattr(value, "pk", value) for value in equal.values()])
        return int(cursor.fetchone()[0])
