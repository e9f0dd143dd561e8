"""Keeping the programme and the odds current: one thread, one event stream.

On every (re)connection the worker first reloads today's programme and the odds snapshot —
whatever changed while the stream was down is picked up there, so a gap never leaves stale
odds or a missed scratching — then applies the stream's events as they come: odds (older
versions arriving late are ignored) and race changes (opened, closed, a runner scratched, a
result, abandoned), each within the server's publication interval (half a second). The
programme is also reloaded every ``programme_every`` seconds, a safety net only. A stalled
stream is noticed by the read timeout (the server sends a keep-alive every 15 s) and
reconnected with backoff and jitter.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from terminal.errors import Offline, Refused
from terminal.link.client import ServerClient
from terminal.store import Store, programme

log = logging.getLogger("guichet.terminal")


class Feed:
    def __init__(
        self,
        store: Store,
        client: ServerClient,
        *,
        day: Callable[[], date] | None = None,
        read_timeout: float = 40.0,
        programme_every: float = 300.0,
        cap: float = 30.0,
    ) -> None:
        self.store = store
        self.client = client
        self.day = day or (lambda: client.clock().date())
        self.read_timeout = read_timeout
        self.programme_every = programme_every
        self.cap = cap
        self.connected = False
        self.resyncs = 0
        self.events = 0
        self.listeners: list[Callable[[str], None]] = []  # race id, or "" for the programme
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="odds-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def resync(self) -> None:
        """Reload the programme and the odds snapshot (after a gap, or at start)."""
        at = self.client.clock().isoformat()
        programme.save_programme(self.store, self.client.programme(self.day().isoformat()), at)
        for odds in self.client.odds()["races"]:
            programme.save_odds(self.store, odds, at, snapshot=True)
        self.resyncs += 1
        self._tell("")

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self.resync()
                self.connected = True
                failures = 0
                refreshed = time.monotonic()
                for event in self.client.live_events(self.read_timeout):
                    if self._stop.is_set():
                        return
                    if event is not None:
                        self._apply(*event)
                    if time.monotonic() - refreshed > self.programme_every:
                        self.resync()
                        refreshed = time.monotonic()
            except (Offline, Refused):
                failures += 1
            except Exception:  # a malformed answer must not stop the feed for good
                log.exception("the odds feed failed")
                failures += 1
            self.connected = False
            self._stop.wait(random.uniform(0, min(self.cap, 0.5 * 2 ** min(failures, 10))))

    def _apply(self, kind: str, payload: dict[str, Any]) -> None:
        at = self.client.clock().isoformat()
        if kind == "odds":
            if programme.save_odds(self.store, payload, at):
                self.events += 1
                self._tell(str(payload["race_id"]))
        elif kind == "race":
            self.events += 1
            if not programme.save_race(self.store, payload, at):
                self.resync()  # a race this terminal does not know: today's programme changed
            self._tell("")  # a race's state or field: the screens read the programme again

    def _tell(self, race_id: str) -> None:
        for listener in list(self.listeners):
            listener(race_id)
