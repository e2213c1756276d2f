"""PostgreSQL-only: the GIN index of the live posts' id lists with the expiry date (``btree_gin``, 0003):
the suggestions' candidates (open posts sharing a subject, a language…). Apart from 0005: an index cannot
be built in the transaction that filled the lists."""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS partners_post_fit_gin ON partners_post USING gin "
    "(subject_ids, language_ids, age_band_ids, wanted_country_ids, expires_on) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
]
BACKWARD = ["DROP INDEX IF EXISTS partners_post_fit_gin"]


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_post_id_lists")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
