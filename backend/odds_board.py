"""The latest odds of every open race, and the subscribers of the live stream.

The stream carries two kinds of events: ``odds`` (a race's approximate odds) and ``race`` (a
race's state and field as terminals show it: opened, closed, a runner scratched, a result,
abandoned). Lives on the event loop. Each subscriber has a mailbox that keeps only the newest
event of each kind per race: a slow client gets fresh news when it catches up, never a
backlog, and the board never blocks on anyone.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

ODDS, RACE = "odds", "race"
Event = tuple[str, dict[str, Any]]  # kind, payload (with its race_id)


class Mailbox:
    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], Event] = {}
        self.ready = asyncio.Event()
        self.closed = False

    def put(self, kind: str, payload: dict[str, Any]) -> None:
        self.pending[kind, payload["race_id"]] = (kind, payload)
        self.ready.set()

    def take(self) -> list[Event]:
        taken, self.pending = list(self.pending.values()), {}
        self.ready.clear()
        return taken


class OddsBoard:
    def __init__(self, published: Callable[[str], None] | None = None) -> None:
        self.latest: dict[str, dict[str, Any]] = {}
        self._boxes: set[Mailbox] = set()
        # told of each race's odds published (the metrics' publication delay)
        self._published = published

    @property
    def subscribers(self) -> int:
        return len(self._boxes)

    def publish(self, changes: Iterable[dict[str, Any]], kind: str = ODDS) -> None:
        for payload in changes:
            if kind == ODDS:
                self.latest[payload["race_id"]] = payload
                if self._published is not None:
                    self._published(payload["race_id"])
            for box in self._boxes:
                box.put(kind, payload)

    def close(self) -> None:
        for box in self._boxes:
            box.closed = True
            box.ready.set()

    async def stream(self, keepalive: float = 15.0) -> AsyncIterator[list[Event]]:
        """Yield the current odds, then each batch of changes; ``[]`` is a keep-alive tick.
        (A subscriber reads the programme itself when it connects: races are not replayed.)"""
        box = Mailbox()
        self._boxes.add(box)
        try:
            yield [(ODDS, odds) for odds in self.latest.values()]
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
