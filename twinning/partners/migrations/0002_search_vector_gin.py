"""PostgreSQL-only: the GIN index of the posts' weighted search vector (SQLite searches ``search_text``).

Partial to live posts (not closed, not hidden): the search reads only those; expired ones drop out by date.
"""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS partners_post_search_gin ON partners_post USING gin (search_vector) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
]
BACKWARD = ["DROP INDEX IF EXISTS partners_post_search_gin"]


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
