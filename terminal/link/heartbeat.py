"""The heartbeat: tells the server this terminal is alive and how it is, and measures the
clock offset from the answer (requests are signed with the server's time)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from terminal.errors import Offline, Refused
from terminal.link.client import ServerClient
from terminal.link.drain import LinkState

log = logging.getLogger("guichet.terminal")


class Heartbeat:
    def __init__(
        self,
        client: ServerClient,
        status: Callable[[], dict[str, Any]],
        *,
        every: float = 30.0,
        state: LinkState | None = None,
    ) -> None:
        self.client = client
        self.status = status
        self.every = every
        self.state = state  # shared with the drain: the latest evidence either way wins
        self.online = False
        self.beats = 0
        self.config: dict[str, Any] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop beating, and say so: the supervision page shows the terminal stopped at once
        rather than after the beats it misses (best effort: an unreachable server is not
        waited for longer than the client's timeout)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self.beats:
            try:
                self.client.heartbeat({**self.status(), "stopping": True})
            except (Offline, Refused):
                pass
            except Exception:  # never let a last word stop the shutdown
                log.exception("the last heartbeat failed")

    def beat(self) -> None:
        try:
            self.config = self.client.heartbeat(self.status())
        except (Offline, Refused) as err:
            self.online = False
            if self.state is not None and isinstance(err, Offline):
                self.state.online = False
                self.state.last_error = err.detail
            raise
        self.online = True
        if self.state is not None:
            self.state.online = True
            self.state.last_contact = self.client.clock()
        self.beats += 1
        self.every = float(self.config.get("heartbeat_seconds", self.every))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except (Offline, Refused):
                pass  # not online: counted in ``online``, tried again sooner
            except Exception:  # a malformed answer must not stop the heartbeat for good
                log.exception("the heartbeat failed")
            self._stop.wait(self.every if self.online else min(self.every, 5.0))
