"""PostgreSQL-only: the GIN index of the published articles' weighted search vector (SQLite scores the folded
``search_title`` and ``search_text`` columns instead). Partial to published articles: the suggestions and
the public search read only those."""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS knowledge_article_search_gin ON knowledge_article USING gin (search_vector) "
    "WHERE status = 'published'",
]
BACKWARD = ["DROP INDEX IF EXISTS knowledge_article_search_gin"]


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_categories")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
