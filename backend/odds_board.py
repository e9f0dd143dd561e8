"""The latest odds of every open race, and the subscribers of the live stream.

The stream carries two kinds of events: ``odds`` (a race's approximate odds) and ``race`` (a
race's state and field as terminals show it: opened, closed, a runner scratched, a result,
abandoned). Lives on the event loop. Each subscriber has a mailbox that keeps only the newest
event of each kind per race: a slow client gets fresh news when it catches up, never a
backlog, and the board never blocks on anyone.

An event is encoded once, as the stream sends it, for every subscriber, and a subscriber's
waiting events go out as one piece: with every race's odds changing twice a second under
load, encoding and sending each event to each of 500 subscribers one by one took half of
the server's time (``make bench``, bet → odds during the load).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

ODDS, RACE = "odds", "race"
KEEP_ALIVE = ": keep-alive\n\n"  # a comment: keeps proxies from closing a quiet stream


def encoded(kind: str, payload: dict[str, Any]) -> str:
    """One Server-Sent Event: its kind, its version as id, the payload as JSON."""
    return f"event: {kind}\nid: {payload['version']}\ndata: {json.dumps(payload)}\n\n"


class Mailbox:
    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], str] = {}
        self.ready = asyncio.Event()
        self.closed = False

    def put(self, kind: str, race_id: str, text: str) -> None:
        self.pending[kind, race_id] = text
        self.ready.set()

    def take(self) -> str:
        taken, self.pending = "".join(self.pending.values()), {}
        self.ready.clear()
        return taken


class OddsBoard:
    def __init__(self, published: Callable[[str], None] | None = None) -> None:
        self.latest: dict[str, dict[str, Any]] = {}
        self._latest_text: dict[str, str] = {}  # the same, encoded
        self._boxes: set[Mailbox] = set()
        # told of each race's odds published (the metrics' publication delay)
        self._published = published

    @property
    def subscribers(self) -> int:
        return len(self._boxes)

    def publish(self, changes: Iterable[dict[str, Any]], kind: str = ODDS) -> None:
        for payload in changes:
            race_id = payload["race_id"]
            text = encoded(kind, payload)
            if kind == ODDS:
                self.latest[race_id] = payload
                self._latest_text[race_id] = text
                if self._published is not None:
                    self._published(race_id)
            for box in self._boxes:
                box.put(kind, race_id, text)

    def close(self) -> None:
        for box in self._boxes:
            box.closed = True
            box.ready.set()

    async def stream(self, keepalive: float = 15.0) -> AsyncIterator[str]:
        """Yield the current odds, then each batch of changes, as the stream sends them; a
        keep-alive comment when nothing happened for ``keepalive`` seconds. (A subscriber
        reads the programme itself when it connects: races are not replayed.)"""
        box = Mailbox()
        self._boxes.add(box)
        try:
            yield "".join(self._latest_text.values()) or KEEP_ALIVE
            while not box.closed:
                try:
                    await asyncio.wait_for(box.ready.wait(), keepalive)
                except TimeoutError:
                    yield KEEP_ALIVE
                    continue
                if not box.closed:
                    yield box.take()
        finally:
            self._boxes.discard(box)
