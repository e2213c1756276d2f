"""Load the federation's reference data: 46 countries, regions (Greece with its education directorates,
Italy, France, Spain, Germany, Poland, Cyprus), one NSO or PSA per country and the CSS.

The data and the choice of the three countries beyond the 43 named in the domain brief (Montenegro and
Kosovo as "associated", Palestine as "neighbourhood") are documented in ``twinning.schools.reference_data``.
Rows are matched by code, so the loader may run again; the reverse step keeps the rows (schools and
people may point at them).
"""

from django.db import migrations


def load(apps, schema_editor):
    from twinning.schools import reference_data

    reference_data.load_all(
        Country=apps.get_model("schools", "Country"),
        Language=apps.get_model("core", "Language"),
        Region=apps.get_model("schools", "Region"),
        EducationDirectorate=apps.get_model("schools", "EducationDirectorate"),
        SupportOrganisation=apps.get_model("schools", "SupportOrganisation"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_reference_data"),
        ("schools", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
