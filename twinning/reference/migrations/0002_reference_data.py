"""Load the reference data: the taxonomies (working languages, subjects, pupils' age bands, levels of
education) and the federation (46 countries, regions with Greece's education directorates). The support
organisations (one NSO or PSA per country and the CSS) come in 0003, with their names in both languages.

The data lives in ``twinning.reference.taxonomy_data`` and ``twinning.reference.country_data`` (reused by
tests and the synthetic population). Rows are matched by code, so the loaders may run again; the reverse
step keeps the rows (schools and people may point at them).
"""

from django.db import migrations


def load(apps, schema_editor):
    from twinning.reference import country_data, taxonomy_data

    taxonomy_data.load_all(
        Language=apps.get_model("reference", "Language"),
        Subject=apps.get_model("reference", "Subject"),
        AgeBand=apps.get_model("reference", "AgeBand"),
        EducationLevel=apps.get_model("reference", "EducationLevel"),
    )
    Country = apps.get_model("reference", "Country")
    country_data.load_countries(Country=Country, Language=apps.get_model("reference", "Language"))
    country_data.load_regions(
        Country=Country,
        Region=apps.get_model("reference", "Region"),
        EducationDirectorate=apps.get_model("reference", "EducationDirectorate"),
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
