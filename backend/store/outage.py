"""Saying that the database is out of reach without flooding the log.

While PostgreSQL is down or failing over, every claim, every bet and every odds round fails
at once and retries: hundreds of identical lines a second. An ``Outage`` says it once, then
every ``every`` seconds with the count, and says when the database is back.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass


@dataclass
class Outage:
    log: logging.Logger
    what: str  # what is paused: "bets", "nonces", "live events"
    every: float = 10.0
    _since: float | None = None
    _said: float = 0.0
    _failures: int = 0

    def failed(self, reason: str) -> None:
        now = time.monotonic()
        self._failures += 1
        if self._since is None:
            self._since = now
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
        self._since, self._failures = None, 0
