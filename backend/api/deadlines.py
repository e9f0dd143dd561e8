"""A deadline for every bet the event loop awaits from the tote, kept by one sweep.

Each request once entered ``asyncio.timeout`` (a timer scheduled, rescheduled, cancelled, and
the task's cancellation counted), some 5 µs a bet at the ceiling for a timer that almost
never fires. Here a bet's future is appended to a queue in the order the bets arrive, which
is the order their deadlines fall due; twice a second the sweep drops the answered ones from
the front and fails those past their deadline with the answer a timer gave: "the bet store
did not answer in time; retry" (the terminal's outbox retries; the bet is idempotent). A
deadline is kept within half a second of ``TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any, TypeVar

from backend.errors import ServerError

T = TypeVar("T")
TIMEOUT_SECONDS = 15.0
TOO_LATE = "the bet store did not answer in time; retry"


class Deadlines:
    def __init__(self, seconds: float = TIMEOUT_SECONDS, every: float = 0.5) -> None:
        self.seconds, self.every = seconds, every
        self._waiting: deque[tuple[float, asyncio.Future[Any]]] = deque()

    def watch(self, future: asyncio.Future[T]) -> asyncio.Future[T]:
        self._waiting.append((time.monotonic() + self.seconds, future))
        return future

    def sweep(self, now: float) -> None:
        waiting = self._waiting
        while waiting and (waiting[0][1].done() or waiting[0][0] <= now):
            _, future = waiting.popleft()
            if not future.done():
                future.set_exception(ServerError(TOO_LATE))

    async def keep(self) -> None:
        """The sweep, until cancelled (the server's lifespan runs it)."""
        while True:
            await asyncio.sleep(self.every)
            self.sweep(time.monotonic())
