"""The search's partial indexes hold the posts not lapsed (0007) instead of every expired one as well.

The word search's GIN index held the expiry date (``btree_gin``, 0003) to skip the expired posts, but the
date's range condition read the entries of every live post on each search (8 of a 14 ms query at europe
scale); the suggestions' id-list index (0006) likewise. Apart from 0007: an index is not built in the
transaction that filled the column."""

from django.db import migrations, models

from twinning.core.pg import postgresql_only

LIVE = "closed_at IS NULL AND hidden_at IS NULL AND NOT lapsed"
FORWARD = [
    "DROP INDEX IF EXISTS partners_post_live_search_gin",
    f"CREATE INDEX IF NOT EXISTS partners_post_live_search_gin ON partners_post USING gin (search_vector) WHERE {LIVE}",
    "DROP INDEX IF EXISTS partners_post_fit_gin",
    "CREATE INDEX IF NOT EXISTS partners_post_fit_gin ON partners_post USING gin "
    f"(subject_ids, language_ids, age_band_ids, wanted_country_ids) WHERE {LIVE}",
]
BACKWARD = [
    "DROP INDEX IF EXISTS partners_post_live_search_gin",
    "CREATE INDEX IF NOT EXISTS partners_post_live_search_gin ON partners_post USING gin (search_vector, expires_on) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
    "DROP INDEX IF EXISTS partners_post_fit_gin",
    "CREATE INDEX IF NOT EXISTS partners_post_fit_gin ON partners_post USING gin "
    "(subject_ids, language_ids, age_band_ids, wanted_country_ids, expires_on) "
    "WHERE closed_at IS NULL AND hidden_at IS NULL",
]


class Migration(migrations.Migration):
    dependencies = [("partners", "0007_post_lapsed")]

    operations = [
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(closed_at__isnull=True, hidden_at__isnull=True, lapsed=False),
                fields=["-created_at", "-id"],
                name="post_live_newest_idx",
            ),
        ),
        postgresql_only(FORWARD, BACKWARD),
    ]
