"""How often one client address may try to log in at the console, before any name is read.

A bucket per address holds ``burst`` attempts and gains one every ``every`` seconds; an
attempt finding it empty is refused at once (429, with the seconds until the next one), before
its name is looked up or its password checked, so a flood from one address costs a dictionary
lookup a try. The address is the client's as the trusted proxy gives it: uvicorn replaces the
peer's address with ``X-Forwarded-For``'s only when the peer is one of ``FORWARDED_ALLOW_IPS``
(loopback by default, where the packaged TLS proxy runs); from anyone else the header is
ignored, so a client cannot choose its own address.

The buckets live in this worker's memory: with several workers (PostgreSQL) each counts its own
share, and a restart forgets them. What must last, the wrong passwords per name and address,
is in the database (``backend.login_throttle``). Time is the server's clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from backend.errors import TooManyRequests

BURST = 20  # an office behind one address logs its people in at the start of a day
EVERY = 3.0  # seconds: 20 attempts a minute from one address, after the burst
KEPT = 10_000  # addresses remembered at most; the fullest buckets are forgotten first


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float  # the server's time, in seconds, when ``tokens`` was counted


@dataclass(slots=True)
class AttemptLimiter:
    burst: int = BURST
    every: float = EVERY
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, address: str, now: datetime) -> None:
        """One attempt from ``address``, or ``TooManyRequests`` saying when to retry."""
        moment = now.timestamp()
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= KEPT:
                self._forget(moment)
            bucket = self._buckets[address] = _Bucket(float(self.burst), moment)
        else:
            gained = max(0.0, moment - bucket.at) / self.every
            bucket.tokens, bucket.at = min(float(self.burst), bucket.tokens + gained), moment
        if bucket.tokens < 1:
            wait = max(1, math.ceil((1 - bucket.tokens) * self.every))
            raise TooManyRequests(
                f"too many login attempts from {address}: retry in {wait} s",
                code="too_many_logins",
                seconds=wait,
            )
        bucket.tokens -= 1

    def _forget(self, moment: float) -> None:
        """Drop the buckets that would be full by now (they hold nothing to remember), and if
        none is, the oldest half: memory stays bounded whatever the number of addresses."""
        full = [
            a
            for a, b in self._buckets.items()
            if b.tokens + (moment - b.at) / self.every >= self.burst
        ]
        if not full:
            full = sorted(self._buckets, key=lambda a: self._buckets[a].at)[: KEPT // 2]
        for address in full:
            del self._buckets[address]
