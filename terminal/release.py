"""Which release of the program is installed, and whether this process still runs it.

The package builds each version in ``/opt/guichet/releases/VERSION`` and points
``/opt/guichet/bin`` at the newest one once it is complete (``packaging/debian/postinst``); a
running kiosk goes on with the release it started with, which stays on disk, and restarts
into the new one when no bettor is using it (``terminal.ui.kiosk.restart``).
"""

from __future__ import annotations

import sys
from pathlib import Path

INSTALLED = Path("/opt/guichet/bin")


def superseded(installed: Path = INSTALLED, running: Path = Path(sys.prefix)) -> bool:
    """Whether the package installed another release than the one this process runs.
    False outside the package (a developer's environment, a test), or if it cannot tell."""
    try:
        if not installed.is_symlink():
            return False
        return installed.resolve().parent != running.resolve()
    except OSError:
        return False
