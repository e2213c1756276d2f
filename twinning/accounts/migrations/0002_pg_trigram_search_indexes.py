"""PostgreSQL-only search indexes for the people lists .

- a pg_trgm GIN index on ``search_name``: ``search_name LIKE '%term%'`` (the staff people list and the
  validation queue search) becomes a bitmap index scan instead of a walk over every person of the country;
- an index on ``UPPER(email)``: the e-mail search uses ``email__iexact``, which PostgreSQL compares as
  ``UPPER(email) = UPPER(…)`` and could not serve from the plain unique index.

SQLite has no such index types; there the migration does nothing. See docs/performance.md.
"""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS user_search_name_trgm_idx ON accounts_user USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS user_email_upper_idx ON accounts_user (UPPER(email::text))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS user_search_name_trgm_idx",
    "DROP INDEX IF EXISTS user_email_upper_idx",
]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
