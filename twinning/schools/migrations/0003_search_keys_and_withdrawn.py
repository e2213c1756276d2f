"""New columns: the Latin search key and the natural sort key of schools, when a proposal lost its last
member, the "withdrawn" status, and the new schools and likely duplicates of an import's preview.

The keys are filled by 0004 and indexed by 0005 (an index is built faster once the rows are written)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_pg_trigram_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="school",
            name="search_latin",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="school",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="school",
            name="memberless_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="school",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Proposed, waiting for validation"),
                    ("validated", "Validated"),
                    ("rejected", "Rejected"),
                    ("merged", "Merged into another school"),
                    ("withdrawn", "Proposal withdrawn"),
                ],
                db_index=True,
                default="validated",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="schoolimport",
            name="new_schools",
            field=models.JSONField(
                blank=True, default=list, help_text="First new schools of the file: [{row, code, name, city}]"
            ),
        ),
        migrations.AddField(
            model_name="schoolimport",
            name="likely_duplicates",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="New schools that may be registered already without their code: "
                "[{row, code, name, city, candidates: [{id, name, city, status, national_code}]}]",
            ),
        ),
        migrations.AddField(
            model_name="schoolimport",
            name="likely_duplicate_count",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
