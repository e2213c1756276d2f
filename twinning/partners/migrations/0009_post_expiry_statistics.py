"""PostgreSQL-only: the planner's statistics of ``lapsed`` and ``expires_on`` together.

Read apart, "not lapsed" and "open until today or later" each keep a sixth of the posts at europe scale and
the planner multiplied them (a 36th: it expected 188 posts wanting Italian partners where 1,256 do). It then
joined the authors of every match before sorting (15.6 ms); with the pair's common values it walks the
newest posts and stops at the page (1.6 ms)."""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE STATISTICS IF NOT EXISTS partners_post_expiry_stats (mcv) ON lapsed, expires_on FROM partners_post",
    "ANALYZE partners_post",
]
BACKWARD = ["DROP STATISTICS IF EXISTS partners_post_expiry_stats"]


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_live_indexes_without_lapsed")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
