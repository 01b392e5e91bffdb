"""Headless Chromium that may load only the file it is given: for the handout tests.

Every request that is not ``file:`` or ``data:`` is aborted and recorded, and every dialog
(an ``alert`` a payload would raise) is recorded and dismissed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
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
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="/usr/bin/chromium is missing (the browser tests always run on CI)",
)


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

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield OfflineBrowser(browser)
        finally:
            browser.close()
