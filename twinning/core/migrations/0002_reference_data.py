"""Load the reference taxonomies: working languages, subjects, pupils' age bands, levels of education.

The data lives in ``twinning.core.reference_data`` (reused by tests and the population generator).
Rows are matched by ``code`` (update_or_create), so running the loader again is harmless; the reverse
step leaves the rows in place because other data may already point at them.
"""

from django.db import migrations


def load(apps, schema_editor):
    from twinning.core import reference_data

    reference_data.load_all(
        Language=apps.get_model("core", "Language"),
        Subject=apps.get_model("core", "Subject"),
        AgeBand=apps.get_model("core", "AgeBand"),
        EducationLevel=apps.get_model("core", "EducationLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
