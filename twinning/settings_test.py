"""Settings of the test suite: the development defaults (DEBUG on, a throw-away key) unless the
environment says otherwise. Production settings are tested explicitly (core/tests/test_settings.py)."""

import os

os.environ.setdefault("DEBUG", "1")

from twinning.settings import *  # noqa: E402,F403

# Parallel runs (pytest-xdist): each worker clears the cache before every test; on Redis that empties the
# whole database, so each worker gets a database of its own (1 + the worker's number).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{1 + int(_worker[2:])}"))  # noqa: F405
