"""Nonces seen: a signed request is accepted once, whichever worker receives it.

A nonce is remembered until no request signed with it can pass the timestamp check any more
(``expires_at``). ``MemoryNonces`` is the one process's memory (SQLite: one worker).
``SharedNonces`` keeps them in the database for every worker, from a thread of its own with
its own connection: the claims that wait while one is on its way are sent together, one
statement for all (as bets share a commit), and the event loop only awaits the answer.

Those commits are asynchronous (``synchronous_commit = off``): a nonce is visible to every
worker as soon as it is claimed, but a crash of the database server may forget the claims of
its last fraction of a second. Nothing is lost by that: every request that changes anything
carries its transaction id and is idempotent, so a replay of it changes nothing; the nonce
is the first line against replays, not the last.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

from backend.store import Store, StoreError, open_store
from backend.store.outage import Outage, Watch

log = logging.getLogger("guichet.nonces")


class NonceBook(Protocol):
    def claim(self, nonce: str, now: float, expires_at: float) -> bool | Future[bool]:
        """True the first time ``nonce`` is claimed, False for a replay: at once (memory),
        or in a Future (the database's answer, from a thread)."""
        ...

    def close(self) -> None: ...


@dataclass(slots=True)
class MemoryNonces:
    _nonces: set[str] = field(default_factory=set)
    # (expiry, nonce) in arrival order; expiries grow with arrivals (within the window's
    # slack), so forgetting expired nonces pops from the left: no scan of millions of entries
    _expiries: deque[tuple[float, str]] = field(default_factory=deque)

    def claim(self, nonce: str, now: float, expires_at: float) -> bool:
        """At once: a Future, even done, costs a lock and a condition to make and another to
        read, a fifth of a bet's signature check."""
        expiries = self._expiries
        while expiries and expiries[0][0] < now:
            self._nonces.discard(expiries.popleft()[1])
        if nonce in self._nonces:
            return False
        self._nonces.add(nonce)
        expiries.append((expires_at, nonce))
        return True

    def close(self) -> None:
        self._nonces.clear()
        self._expiries.clear()


Claim = tuple[str, float, float, "Future[bool] | None"]  # nonce, now, expires_at, answer
_STOP: Claim = ("", 0.0, 0.0, None)


class SharedNonces:
    def __init__(self, locator: str, purge_every: float = 60.0, watch: Watch | None = None) -> None:
        self._locator = locator
        self._watch = watch or Watch()  # the database's failures, told to the metrics
        self._purge_every = purge_every
        self._jobs: queue.Queue[Claim] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="nonces", daemon=True)
        self._thread.start()

    def claim(self, nonce: str, now: float, expires_at: float) -> Future[bool]:
        done: Future[bool] = Future()
        self._jobs.put((nonce, now, expires_at, done))
        return done

    def close(self) -> None:
        self._jobs.put(_STOP)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        store: Store | None = None
        purged = 0.0
        stopping = False
        outage = Outage(log, "nonce checks", watch=self._watch)
        while not stopping:
            batch = [self._jobs.get()]
            while len(batch) < 1000:
                try:
                    batch.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            stopping = _STOP in batch
            claims = [job for job in batch if job is not _STOP]
            if not claims:
                continue
            try:
                if store is None:
                    store = open_store(self._locator)
                    store.execute("SET synchronous_commit = off")
                winners = self._insert(store, claims)
                if time.monotonic() - purged > self._purge_every:
                    now = min(claim[1] for claim in claims)  # the server's clock, as verified
                    store.execute("DELETE FROM nonce WHERE expires_at < ?", (int(now),))
                    purged = time.monotonic()
            except StoreError as err:
                outage.failed(err.detail)
                for *_, done in claims:
                    if done is not None:
                        done.set_exception(err)
                if store is not None:
                    store.close()
                store = None
                continue
            outage.recovered()
            for index, (*_, done) in enumerate(claims):
                if done is not None:
                    done.set_result(index in winners)
        if store is not None:
            store.close()

    @staticmethod
    def _insert(store: Store, claims: list[Claim]) -> set[int]:
        """The indexes of the claims that win: a nonce no one had claimed, and within the batch
        its first claim (a second one is a replay)."""
        first: dict[str, int] = {}
        for index, (nonce, *_) in enumerate(claims):
            first.setdefault(nonce, index)
        marks = ",".join(["(?, ?)"] * len(first))
        values = [v for nonce, i in first.items() for v in (nonce, int(claims[i][2]) + 1)]
        rows = store.execute(
            f"INSERT INTO nonce (nonce, expires_at) VALUES {marks} ON CONFLICT DO NOTHING"
            " RETURNING nonce",
            values,
        ).fetchall()
        return {first[str(r[0])] for r in rows}
