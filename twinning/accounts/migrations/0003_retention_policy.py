"""The retention rule's one row, with the domain's defaults (hidden after 365 days, anonymised after
1,095, warned 30 days before); CSS staff change it in the staff pages."""

from django.db import migrations


def create(apps, schema_editor):
    RetentionPolicy = apps.get_model("accounts", "RetentionPolicy")
    if not RetentionPolicy.objects.exists():
        RetentionPolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_pg_trigram_search_indexes")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
