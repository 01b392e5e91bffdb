"""Headless Chromium that may load only the file it is given: for the handout tests. And the
one rule for every test that needs Chromium: without it such a test is skipped, saying why,
unless ``CI`` is set (``.ci/run``), where it fails.

Every request that is not ``file:`` or ``data:`` is aborted and recorded, and every dialog
(an ``alert`` a payload would raise) is recorded and dismissed.

A test that launches Chromium says so with ``@needs_browser`` (it gets the ``browser`` marker,
which ``tests/conftest.py`` skips without Chromium outside CI; everything under
``tests/browser`` has the marker already), and every launcher (:func:`offline_browser`,
``browser_helpers.open_browser``, ``serve_helpers.devices``) calls :func:`require_chromium`
first, so a test that forgot the marker still skips, or fails in CI, saying why.
``BROWSER_TEST_CHROMIUM`` names another executable (a missing one: to see the skips).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BROWSER_TEST_CHROMIUM", "/usr/bin/chromium"))
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def in_ci() -> bool:
    """Whether this is a CI run (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_chromium() -> str:
    """Give why a browser test cannot run here ("" when Chromium is there)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return ""
    return f"{CHROMIUM} is missing (install Debian's chromium; set CI=true to make this an error)"


def skip_without_chromium() -> pytest.MarkDecorator | None:
    """Give the skip for browser tests on this machine: None when they must run (Chromium is
    there, or CI is set)."""
    reason = missing_chromium()
    return pytest.mark.skip(reason=reason) if reason and not in_ci() else None


def require_chromium() -> None:
    """Skip the calling test when Chromium is missing (fail it in CI), saying why."""
    reason = missing_chromium()
    if reason and in_ci():
        pytest.fail(
            f"CI is set and {reason.split(' (')[0]}: the browser tests must run", pytrace=False
        )
    if reason:
        pytest.skip(reason)


def needs_browser(test: Any) -> Any:
    """Mark a test that launches Chromium (the ``browser`` marker: skipped without it)."""
    return pytest.mark.browser(test)


class OfflineBrowser:
    """A launched Chromium whose pages record what they tried to fetch and every dialog."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.blocked: list[str] = []
        self.dialogs: list[str] = []

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def page(self, width: int, height: int, **options: Any) -> Any:
        """Give a new page of that viewport, offline, its dialogs recorded."""
        page = self.browser.new_page(viewport={"width": width, "height": height}, **options)
        page.route("**/*", self._route)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        return page


@contextmanager
def offline_browser() -> Iterator[OfflineBrowser]:
    """Give a headless Chromium (Debian's) that is closed afterwards."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield OfflineBrowser(browser)
        finally:
            browser.close()
