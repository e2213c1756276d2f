"""PostgreSQL-only search indexes for the school search .

- pg_trgm GIN indexes on ``search_name`` and ``search_city``: every word of a search is matched with
  ``LIKE '%word%'`` against both columns, which without them is a sequential scan of the registry;
- a plain index on ``national_code``: the search also tries the whole text as a national code
  (``OR national_code = …``); without an index on that column the OR cannot use the trigram indexes at all.

SQLite has no such index types; there the migration does nothing. See docs/performance.md.
"""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS school_search_name_trgm_idx ON schools_school USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS school_search_city_trgm_idx ON schools_school USING gin (search_city gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS school_national_code_idx ON schools_school (national_code)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS school_search_name_trgm_idx",
    "DROP INDEX IF EXISTS school_search_city_trgm_idx",
    "DROP INDEX IF EXISTS school_national_code_idx",
]


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
