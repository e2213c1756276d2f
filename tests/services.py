"""Guards for tests that need PostgreSQL or Redis.

On a developer machine without the service they are skipped; when ``CI`` is set a missing service is a
failure, so CI cannot go green without having exercised them. ``.ci/run`` deselects them (``-m "not
services"``) in its SQLite pass and runs them in its PostgreSQL + Redis pass.
"""

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_env(name: str, what: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        message = f"{name} is not set: this test needs {what}."
        if in_ci():
            pytest.fail(message + " CI is set, so a missing service is a failure.", pytrace=False)
        pytest.skip(message)
    return value
