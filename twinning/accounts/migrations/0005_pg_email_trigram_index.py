"""PostgreSQL-only: a trigram index on the upper-cased e-mail, for the staff search by e-mail domain
("gmail" finds ``…@gmail.com``: ``UPPER(email) LIKE '%@GMAIL%'``). SQLite does without."""

from django.db import migrations

from twinning.core.pg import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS user_email_upper_trgm_idx ON accounts_user USING gin (UPPER(email::text) gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS user_email_upper_trgm_idx"]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_notification_preferences")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
