"""Settings of the test suite: the development defaults (DEBUG on, a throw-away key) unless the
environment says otherwise. Production settings are tested explicitly (core/tests/test_settings.py)."""

import os

os.environ.setdefault("DEBUG", "1")

from twinning.settings import *  # noqa: E402,F403
