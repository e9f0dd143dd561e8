"""A real browser for the console's tests and screenshots: Debian's Chromium, driven by
Playwright. Playwright's own browsers are never downloaded: ``make`` installs Debian's
``chromium`` and this passes its path (``$GUICHET_CHROMIUM`` to use another).

Chromium runs headless with no background networking: on a machine whose network is closed
its update, sync and safe-browsing connections would only be refused, many at a time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, sync_playwright

FLAGS = [
    "--no-sandbox",  # as root in a container, Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # a container's /dev/shm is small
]


def chromium_path() -> str | None:
    """Debian's Chromium, or the one ``$GUICHET_CHROMIUM`` names; None if there is none."""
    named = os.environ.get("GUICHET_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium: `make test` installs Debian's (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=FLAGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
