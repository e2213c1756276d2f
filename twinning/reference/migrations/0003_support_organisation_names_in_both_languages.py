"""Support organisations get their name in Greek too (the e-mails they sign and the contact page speak
the reader's language), and are loaded here on a new database (one NSO or PSA per country and the CSS).
On a database where 0002 loaded them already, names the loader wrote get their Greek form; names staff
changed keep theirs until someone records the Greek one (the English name is shown meanwhile)."""

from django.db import migrations, models


def greek_names(apps, schema_editor):
    from twinning.reference import country_data

    SupportOrganisation = apps.get_model("reference", "SupportOrganisation")
    country_data.load_support_organisations(
        Country=apps.get_model("reference", "Country"), SupportOrganisation=SupportOrganisation
    )
    for organisation in SupportOrganisation.objects.select_related("country"):
        name_el = ""
        if organisation.kind == "css":
            if organisation.name_en == country_data.CSS_NAME:
                name_el = country_data.CSS_NAME_EL
        else:
            country = organisation.country
            known = country_data.KNOWN_ORGANISATIONS.get(country.code)
            default_en, default_el = country_data.default_organisation_names(
                country_name_en=country.name_en, country_name_el=country.name_el, kind=organisation.kind
            )
            if known and organisation.name_en == known.name_en:
                name_el = known.name_el
            elif organisation.name_en == default_en:
                name_el = default_el
        if name_el:
            organisation.name_el = name_el
            organisation.save(update_fields=["name_el"])


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_reference_data")]

    operations = [
        migrations.RenameField("supportorganisation", "name", "name_en"),
        migrations.AlterField(
            "supportorganisation", "name_en", models.CharField(max_length=300, verbose_name="name (English)")
        ),
        migrations.AddField(
            "supportorganisation",
            "name_el",
            models.CharField(blank=True, max_length=300, verbose_name="name (Greek)"),
        ),
        migrations.AlterModelOptions(
            "supportorganisation",
            options={
                "ordering": ["kind", "name_en"],
                "verbose_name": "support organisation",
                "verbose_name_plural": "support organisations",
            },
        ),
        migrations.RunPython(greek_names, migrations.RunPython.noop),
    ]
