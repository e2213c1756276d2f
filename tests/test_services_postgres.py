"""PostgreSQL: with ``DATABASE_URL`` set the suite really runs on PostgreSQL, on a database of its own."""

import pytest
from django.db import connection

from .services import require_env

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_suite_runs_on_postgresql_in_a_test_database():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"
    # pytest-django creates test_<name>: the suite never writes into the configured database itself.
    assert connection.settings_dict["NAME"].startswith("test_")
    assert connection.pg_version >= 150000, "Twinning supports PostgreSQL 15 or newer"


def test_postgresql_features_the_platform_relies_on():
    require_env("DATABASE_URL", "PostgreSQL")
    with connection.cursor() as cursor:
        # Queue-style claiming of work rows uses SKIP LOCKED.
        cursor.execute("SELECT 1 FOR UPDATE SKIP LOCKED")
        assert cursor.fetchone() == (1,)
        # Greek text must round-trip unchanged (UTF-8 database).
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SELECT %s", ["Γυμνάσιο Ηρακλείου"])
        assert cursor.fetchone()[0] == "Γυμνάσιο Ηρακλείου"
