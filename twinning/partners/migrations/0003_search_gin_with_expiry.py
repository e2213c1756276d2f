"""PostgreSQL-only: the live posts' search index also holds the expiry date (``btree_gin``), so a word
search reads only the open posts' rows instead of rechecking the expired ones (five of six posts at
europe scale) in the table."""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS partners_post_live_search_gin ON partners_post USING gin (search_vector, expires_on) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
    "DROP INDEX IF EXISTS partners_post_search_gin",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS partners_post_search_gin ON partners_post USING gin (search_vector) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
    "DROP INDEX IF EXISTS partners_post_live_search_gin",
]


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_search_vector_gin")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
