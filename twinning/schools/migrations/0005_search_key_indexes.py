"""Indexes of the new search columns.

- ``sort_name`` (a plain b-tree, and ``(country, status, sort_name)`` in place of ``(country, status, search_name)``):
  the lists without a search text walk them in order;
- PostgreSQL only: a pg_trgm GIN index on ``search_latin`` (a search word is also matched there with
  ``LIKE '%key%'``), and a ``varchar_pattern_ops`` index on ``national_code`` for the prefix match of a
  partial code (``LIKE '05510%'``), which the plain index cannot serve outside the C collation.
"""

from django.db import migrations, models

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS school_search_latin_trgm_idx ON schools_school USING gin (search_latin gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS school_national_code_prefix_idx ON schools_school (national_code varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS school_search_latin_trgm_idx",
    "DROP INDEX IF EXISTS school_national_code_prefix_idx",
]


class Migration(migrations.Migration):
    dependencies = [("schools", "0004_fill_search_keys")]

    operations = [
        migrations.AddIndex(model_name="school", index=models.Index(fields=["sort_name"], name="school_sort_name_idx")),
        migrations.RemoveIndex(model_name="school", name="school_country_search_idx"),
        migrations.AddIndex(
            model_name="school",
            index=models.Index(fields=["country", "status", "sort_name"], name="school_country_sort_idx"),
        ),
        postgresql_only(FORWARD, BACKWARD),
    ]
