"""Connections held off before they cost the terminals anything.

An attack run found that uvicorn closes a connection idle *between* requests (keep-alive,
5 s) but never one that sends nothing, or sends its headers a byte at a time: with the unit's
1,024 open files, a thousand such connections stopped every terminal's sales. Each connection
here has ``header_seconds`` to deliver a request's headers, from when it opens and from the
first byte of each request, and at most ``header_bytes`` of them; past either it is closed.
Beyond ``most`` open connections (``per_address`` from one address, when set: not behind a
proxy, where every terminal has the proxy's address) a new one is answered 503 and closed at
once, so the file descriptors left keep serving the terminals already connected.

Bodies are capped too, before they are read (``backend.api.common.read_body``).

Every answer leaves through here, so here the application is wrapped in the security headers
(``backend.security_headers``), and this class's own answers carry them too; and timed
(``backend.timing``), with the connections held and refused counted (``backend.metrics``: the
server's ``Metrics``, which its lifespan hands every connection in uvicorn's application state).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter, deque
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from backend.metrics import OFF, STATE_KEY, Recorder
from backend.security_headers import EVERYWHERE, SecurityHeaders
from backend.timing import Timed

END_OF_HEADERS = b"\r\n\r\n"


class GuardedProtocol(HttpToolsProtocol):
    header_seconds: ClassVar[float] = 10.0
    header_bytes: ClassVar[int] = 64 * 1024
    most: ClassVar[int] = 8000
    per_address: ClassVar[int] = 0  # 0: no limit per address
    _open: ClassVar[Counter[str]] = Counter()

    @classmethod
    def configured(cls, **limits: Any) -> type[GuardedProtocol]:
        """A protocol class with these limits (and its own count of connections)."""
        return type("GuardedProtocol", (cls,), {**limits, "_open": Counter()})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._metrics: Recorder = self.app_state.get(STATE_KEY, OFF)
        # every answer of the application: timed and secured in one pass, or secured
        enabled = self._metrics.enabled
        self.app = Timed(self.app, self._metrics) if enabled else SecurityHeaders(self.app)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._counted = ""
        self._since: float | None = None  # when the headers being awaited began
        self._pending = 0
        super().connection_made(transport)
        address = self.client[0] if self.client else "?"
        total = sum(self._open.values())
        if total >= self.most or (self.per_address and self._open[address] >= self.per_address):
            self._refuse(transport)
            return
        self._counted = address
        self._open[address] += 1
        self._metrics.connection_opened()
        self._arm()

    def _refuse(self, transport: asyncio.Transport) -> None:
        self._metrics.connection_refused("too_many")
        body = json.dumps(
            {
                "type": "urn:guichet:problem:too_many_connections",
                "title": "too many connections",
                "status": 503,
                "code": "too_many_connections",
                "detail": "the server holds as many connections as it can: retry in a moment",
            }
        ).encode()
        transport.write(
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\n"
            b"retry-after: 2\r\nconnection: close\r\n"
            + _lines(EVERYWHERE)
            + f"content-length: {len(body)}\r\n\r\n".encode()
            + body
        )
        transport.close()

    def send_400_response(self, msg: str) -> None:
        """A request that cannot be parsed: uvicorn's answer, with the security headers."""
        body = msg.encode("ascii", "replace")
        self.transport.write(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + _lines(EVERYWHERE)
            + f"content-length: {len(body)}\r\n".encode()
            + b"connection: close\r\n\r\n"
            + body
        )
        self.transport.close()

    def _arm(self) -> None:
        """The headers' clock starts. No timer a request (scheduled, then cancelled as the
        headers arrive, each costing the event loop at every bet): each start is queued in
        the order they come, which is the order they fall due, and a sweep every tenth of a
        second (``_sweep``) closes the connections past ``header_seconds``, a few at a time
        as they fall due, and forgets the starts whose headers came."""
        self._pending = 0
        self._tail = b""
        since = self._since = self.loop.time()
        key = (self.loop, type(self))
        _AWAITING.setdefault(key, deque()).append((since, self))
        if key not in _SWEEPING:  # one sweep a loop and class, while any start is queued
            _SWEEPING.add(key)
            every = min(0.1, self.header_seconds / 4)
            self.loop.call_later(every, _sweep, key, every)

    def _disarm(self) -> None:
        self._since = None  # its queued start is forgotten by the sweep

    def _too_slow(self, now: float) -> bool:
        """Closed if its headers are late; True when it was."""
        if self._since is None or now - self._since < self.header_seconds:
            return False
        self._since = None
        if not self.transport.is_closing():
            self._metrics.connection_refused("slow_headers")
            self.transport.close()
        return True

    def data_received(self, data: bytes) -> None:
        if not self._counted:
            return  # refused: nothing it sends is read
        if self._since is not None:
            self._pending += self._head_of(data)
            if self._pending > self.header_bytes:
                self._metrics.connection_refused("large_headers")
                self._disarm()
                self.transport.close()
                return
        super().data_received(data)

    def _head_of(self, data: bytes) -> int:
        """How many of these bytes are headers: up to the blank line that ends them, when it
        is here. A client writes its headers and body at once, and one read takes up to 256 KB
        of both: counted whole, a 200 KB programme (or a batch of bets) was taken for 64 KB of
        headers and its connection reset before any answer."""
        tail, self._tail = self._tail, (self._tail + data[-4:])[-3:]
        across = (tail + data[:3]).find(END_OF_HEADERS)  # split between two reads
        if across >= 0:
            return across + len(END_OF_HEADERS) - len(tail)
        within = data.find(END_OF_HEADERS)
        return len(data) if within < 0 else within + len(END_OF_HEADERS)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._since is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted:
            self._open[self._counted] -= 1
            if self._open[self._counted] <= 0:
                del self._open[self._counted]
            self._counted = ""
            self._metrics.connection_closed()
        super().connection_lost(exc)


# when each connection began awaiting headers, in that order, by event loop (a worker's) and
# protocol class (its limits); and the pairs a sweep is scheduled for
Key = tuple[asyncio.AbstractEventLoop, type[GuardedProtocol]]
_AWAITING: dict[Key, deque[tuple[float, GuardedProtocol]]] = {}
_SWEEPING: set[Key] = set()


def _sweep(key: Key, every: float) -> None:
    """Close the connections whose headers are late, forget the starts whose headers came
    (or whose connection closed); again in ``every`` while any start is queued."""
    loop, protocol = key
    queued = _AWAITING.get(key, deque())
    now = loop.time()
    while queued:
        since, connection = queued[0]
        if connection._since == since and now - since < protocol.header_seconds:
            break  # the oldest start still waiting is not late: none behind it is
        queued.popleft()
        if connection._since == since:
            connection._too_slow(now)
    if queued and not loop.is_closed():
        loop.call_later(every, _sweep, key, every)
    else:
        _SWEEPING.discard(key)
        _AWAITING.pop(key, None)


def _lines(headers: list[tuple[bytes, bytes]]) -> bytes:
    return b"".join(name + b": " + value + b"\r\n" for name, value in headers)
