"""Saying that the database is out of reach without flooding the log.

While PostgreSQL is down or failing over, every claim, every bet and every odds round fails
at once and retries: hundreds of identical lines a second. An ``Outage`` says it once, then
every ``every`` seconds with the count, and says when the database is back. Its ``watch``
hears of every failure and of the outage's start and end (``backend.metrics``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field


class Watch:
    """Told of each failure and of the outage's start and end; this one does nothing."""

    def failed(self) -> None:
        pass

    def down(self, down: bool) -> None:
        pass


@dataclass
class Outage:
    log: logging.Logger
    what: str  # what is paused: "bets", "nonces", "live events"
    every: float = 10.0
    watch: Watch = field(default_factory=Watch)
    _since: float | None = None
    _said: float = 0.0
    _failures: int = 0

    def failed(self, reason: str) -> None:
        now = time.monotonic()
        self._failures += 1
        self.watch.failed()
        if self._since is None:
            self._since = now
            self.watch.down(True)
        elif now - self._said < self.every:
            return
        self._said = now
        self.log.warning(
            "%s paused (%d failures in %.0f s): %s",
            self.what,
            self._failures,
            now - self._since,
            reason,
        )

    def recovered(self) -> None:
        if self._since is not None:
            self.log.warning("%s resumed after %.1f s", self.what, time.monotonic() - self._since)
            self.watch.down(False)
        self._since, self._failures = None, 0
