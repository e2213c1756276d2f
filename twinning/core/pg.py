"""PostgreSQL-only schema pieces (trigram indexes, extensions) that SQLite does without."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """A migration operation running ``forward`` SQL on PostgreSQL and nothing on other databases."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            for sql in statements:
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)
