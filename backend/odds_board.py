"""The latest odds of every open race, and the subscribers of the odds stream.

Lives on the event loop. Each subscriber has a mailbox that keeps only the newest odds per
race: a slow client gets fresh odds when it catches up, never a backlog, and the board never
blocks on anyone.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any


class Mailbox:
    def __init__(self) -> None:
        self.pending: dict[str, dict[str, Any]] = {}
        self.ready = asyncio.Event()
        self.closed = False

    def put(self, odds: dict[str, Any]) -> None:
        self.pending[odds["race_id"]] = odds
        self.ready.set()

    def take(self) -> list[dict[str, Any]]:
        taken, self.pending = list(self.pending.values()), {}
        self.ready.clear()
        return taken


class OddsBoard:
    def __init__(self) -> None:
        self.latest: dict[str, dict[str, Any]] = {}
        self._boxes: set[Mailbox] = set()

    @property
    def subscribers(self) -> int:
        return len(self._boxes)

    def publish(self, changes: Iterable[dict[str, Any]]) -> None:
        for odds in changes:
            self.latest[odds["race_id"]] = odds
            for box in self._boxes:
                box.put(odds)

    def close(self) -> None:
        for box in self._boxes:
            box.closed = True
            box.ready.set()

    async def stream(self, keepalive: float = 15.0) -> AsyncIterator[list[dict[str, Any]]]:
        """Yield the current board, then each batch of changes; ``[]`` is a keep-alive tick."""
        box = Mailbox()
        self._boxes.add(box)
        try:
            yield list(self.latest.values())
            while not box.closed:
                try:
                    await asyncio.wait_for(box.ready.wait(), keepalive)
                except TimeoutError:
                    yield []
                    continue
                if not box.closed:
                    yield box.take()
        finally:
            self._boxes.discard(box)
