"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Browsers are never downloaded: the tests use the system Chromium (``apt-get install chromium``). Without
it they are skipped on a developer machine, but they fail when ``CI`` is set, so CI cannot pass silently
without them.

The live server runs in the test process: the root conftest's settings (tasks run immediately, mail in
``django.core.mail.outbox``) apply to the requests the browser makes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 15_000

# Messages Chromium logs when the page breaks: a script error or something the CSP refused.
_BROKEN_PAGE = re.compile(r"Refused to|Uncaught|Content Security Policy", re.IGNORECASE)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: browser tests need Debian's chromium "
            "(`apt-get install chromium`); Playwright's own browsers are never downloaded."
        )
        if in_ci():
            pytest.fail(message + " CI is set, so this is a failure, not a skip.", pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright switches the test thread's context (greenlets): Django's per-context connection
    # objects made before it are replaced by fresh ones, which lack the snapshot the test database was
    # serialized into. Carry it over, or a later ``serialized_rollback`` test starts from an empty database.
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None and getattr(connections[alias], "_test_serialized_contents", None) is None:
                connections[alias]._test_serialized_contents = snapshot
        headless = os.environ.get("BROWSER_HEADED", "") in ("", "0")  # BROWSER_HEADED=1 shows the window
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=headless, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class BrowserErrors(list):
    """Script errors and CSP refusals seen by a page; tests assert it stays empty."""


@pytest.fixture
def new_page(chromium, live_server):
    """Factory of pages, each in its own browser context (own cookies), pointed at the live server."""
    contexts = []

    def make(*, locale: str = "el-GR"):
        context = chromium.new_context(base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        errors = BrowserErrors()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: page error: {exc}"))
        page.on(
            "console",
            lambda msg: (
                errors.append(f"{page.url}: {msg.text}")
                if msg.type == "error" and _BROKEN_PAGE.search(msg.text)
                else None
            ),
        )
        page.browser_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def pytest_collection_modifyitems(config, items):
    """``make test`` runs two pytest-xdist workers with ``--dist loadgroup``: every browser test goes to the
    same worker (one Chromium at a time, in file order), while the other worker runs the rest of the suite."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
