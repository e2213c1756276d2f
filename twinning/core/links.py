"""Many-to-many links of a page's rows in one plain SQL statement.

A card list shows, for each of its 20–25 rows, the names of several many-to-many values (subjects,
languages, age bands …). Through the ORM that is one query per field, each costing about a millisecond of
Python to build and turn into model instances, more than the database takes to answer. ``link_rows`` reads
every field's link table at once (a UNION ALL that SQLite and PostgreSQL both run) and returns plain tuples.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def _link_sql(model: type[Model], fields: Sequence[str], count: int, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    ids = ", ".join(["%s"] * count)
    parts = []
    for kind, name in enumerate(fields):
        field = model._meta.get_field(name)
        link = field.remote_field.through._meta
        owner = quote(link.get_field(field.m2m_field_name()).column)
        target = quote(link.get_field(field.m2m_reverse_field_name()).column)
        extra = "".join(f", t.{quote(column)}" for column in columns)
        join = f" JOIN {quote(field.related_model._meta.db_table)} t ON t.id = l.{target}" if columns else ""
        parts.append(
            f"SELECT {kind} AS kind, l.{owner} AS owner_id, l.{target} AS target_id{extra}"  # noqa: S608 - names from _meta, values as parameters
            f" FROM {quote(link.db_table)} l{join} WHERE l.{owner} IN ({ids})"
        )
    # field, owner, the linked row's columns, its id
    order = ", ".join(str(n) for n in (1, 2, *range(4, 4 + len(columns)), 3))
    return " UNION ALL ".join(parts) + f" ORDER BY {order}"


def link_rows(
    model: type[Model], fields: Sequence[str], owner_ids: Sequence[int], *, columns: Sequence[str] = ()
) -> list[tuple]:
    """``(field index, owner id, linked id, *columns)`` for each link of ``owner_ids`` through the many-to-many
    ``fields`` of ``model``, ordered by field, owner and then the linked row's ``columns`` (read from its
    table when given) and id. One query; none when there is no owner."""
    if not owner_ids or not fields:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_link_sql(model, fields, len(owner_ids), columns), [*owner_ids] * len(fields))
        return cursor.fetchall()
