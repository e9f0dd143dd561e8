"""Draining the outbox to the server, and the one worker thread that keeps doing it.

``Drain.once()`` sends the head of the outbox — a run of bets as one batch, or one
cancellation, payout, voucher or shift step — and records the answers in one transaction. Only one
drain runs at a time (a lock), whether the worker or a sale waiting for its own bet calls it,
so an item is never in flight twice from this terminal. A lost answer leaves the item PENDING
and the next attempt sends the same transaction ids: the server answers with what it did
the first time.

A bet's answer is told to the bettor once: by the sale still waiting for it (its id is in
``waiting``: ``sell.submit``), or else — the sale gave up on a silent server, the terminal
restarted, the bettor walked away — by the ``listeners``, which get every answer nobody
waited for. Which of the two it is is decided under the store's lock, in the transaction that
records the answer, so an answer is never told twice nor dropped between them.

``DrainWorker`` retries with exponential backoff and full jitter (so 13,800 terminals coming
back after an outage do not knock on the server in step), and wakes at once when a sale
queues something.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from terminal.errors import Offline, Refused, TerminalError
from terminal.link.client import ServerClient
from terminal.steps import NO_STEPS, Steps
from terminal.store import Store, bets, journal, outbox, payouts, vouchers
from terminal.store.outbox import (
    BET,
    CANCEL,
    PAYOUT,
    REDEMPTION,
    SHIFT_CLOSE,
    SHIFT_OPEN,
    VOUCHER,
    VOUCHER_LEGACY,
    Item,
)

BATCH = 500  # the server's batch limit
UNAUTHORIZED = 401
log = logging.getLogger("guichet.terminal")

Answer = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Kind:
    """What the drain does with an outbox item of one kind (other than a bet, sent in batches):
    how it is sent, and how the server's yes and no are recorded, in the transaction that
    settles the item. A kind whose answer changes nothing here records nothing."""

    send: Callable[[ServerClient, Item], Answer]
    done: Callable[[sqlite3.Connection, str, Answer, str], object] | None = None
    refused: Callable[[sqlite3.Connection, str, str, str], None] | None = None


def _cancelled(conn: sqlite3.Connection, tid: str, _: Answer, at: str) -> bool:
    return bets.record_cancelled(conn, tid, at)


# Adding a kind of outbox item is one line here (and its record functions in the store).
KINDS: dict[str, Kind] = {
    CANCEL: Kind(lambda c, i: c.cancel(i.id), _cancelled),
    PAYOUT: Kind(
        lambda c, i: c.pay(i.id, i.body["barcode"], i.body["method"], i.body.get("payee")),
        payouts.record_paid,
        payouts.record_refused,
    ),
    VOUCHER: Kind(
        lambda c, i: c.issue_voucher(i.id, i.body["amount"], i.body["reason"]),
        vouchers.record_issued,
        vouchers.record_refused,
    ),
    VOUCHER_LEGACY: Kind(lambda c, i: c.register_voucher(i.id, i.body)),
    REDEMPTION: Kind(
        lambda c, i: c.redeem_voucher(i.id, i.body["barcode"], i.body["method"]),
        vouchers.record_redeemed,
        vouchers.record_refused,
    ),
    SHIFT_OPEN: Kind(lambda c, i: c.open_shift(i.id)),
    SHIFT_CLOSE: Kind(lambda c, i: c.close_shift(i.id)),
}


@dataclass
class LinkState:
    """What the screens show of the link: read by the UI, written by the workers."""

    online: bool = False
    queue_depth: int = 0
    last_error: str = ""
    last_contact: datetime | None = None


@dataclass
class Drain:
    store: Store
    client: ServerClient
    steps: Steps = NO_STEPS
    batch: int = BATCH
    state: LinkState = field(default_factory=LinkState)
    # the bets whose sale waits for the answer itself: add before the bet is queued, discard
    # under ``store.lock`` once the sale has read its outcome
    waiting: set[str] = field(default_factory=set)
    # called with {transaction id: new status} of the bets answered that nobody waited for
    listeners: list[Callable[[dict[str, str]], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def once(self) -> int:
        """Send the head of the outbox; the number of items answered. Raises ``Offline``."""
        with self._lock:
            items = outbox.head(self.store, self.batch)
            if not items:
                self._note_depth()
                return 0
            late: dict[str, str] = {}
            try:
                if items[0].kind == BET:
                    late = self._bets(items)
                else:
                    self._one(items[0])
            except (Offline, Refused) as err:
                # no answer, or the request as a whole refused (a stale signature, say): the
                # items stay queued, untouched, for the next attempt
                outbox.attempted(self.store, [i.seq for i in items], err.detail)
                self.state.online = not isinstance(err, Offline)
                self.state.last_error = err.detail
                self._note_depth()
                raise
            self.state.online = True
            self.state.last_error = ""
            self.state.last_contact = self.client.clock()
            self._note_depth()
        if late:
            for listener in list(self.listeners):
                listener(late)
        return len(items)

    def until_empty(self, limit: int = 1_000_000) -> int:
        done = 0
        while done < limit and (answered := self.once()):
            done += answered
        return done

    def _bets(self, items: list[Item]) -> dict[str, str]:
        """Record the answers; those of the bets no sale waits for (to tell the bettor)."""
        results = self.client.place_bets([{**i.body, "transaction_id": i.id} for i in items])
        self.steps.reached("drain.answered")
        by_id = {r["transaction_id"]: r for r in results}
        at = self.client.clock().isoformat()
        late: dict[str, str] = {}
        with self.store.write() as conn:
            for item in items:
                result = by_id.get(item.id)
                if result is None:  # the server answers every bet; if not, ask again
                    continue
                status = bets.record_answer(conn, result, at)
                if status is not None and item.id not in self.waiting:
                    late[item.id] = status
                problem = None
                if not result["accepted"]:
                    problem = Refused.from_problem(result["problem"]).record()
                outbox.settle(conn, item.seq, at, problem)
        self.steps.reached("drain.recorded")
        return late

    def _one(self, item: Item) -> None:
        kind = KINDS.get(item.kind)
        if kind is None:
            raise ValueError(f"an outbox item of unknown kind {item.kind!r}")
        at = self.client.clock().isoformat()
        try:
            answer = kind.send(self.client, item)
        except Refused as err:
            if err.http_status == UNAUTHORIZED:  # a verdict on our credentials, not on the item
                raise
            self.steps.reached("drain.answered")
            with self.store.write() as conn:
                if kind.refused is not None:
                    kind.refused(conn, item.id, err.record(), at)
                journal.append(conn, at, f"{item.kind}.refused", {"id": item.id, "code": err.code})
                outbox.settle(conn, item.seq, at, err.record())
            self.steps.reached("drain.recorded")
            return
        self.steps.reached("drain.answered")
        with self.store.write() as conn:
            if kind.done is not None:
                kind.done(conn, item.id, answer, at)
            outbox.settle(conn, item.seq, at)
        self.steps.reached("drain.recorded")

    def _note_depth(self) -> None:
        self.state.queue_depth = outbox.depth(self.store)


class DrainWorker:
    """One thread per terminal: drains whenever woken, backs off while the server is away."""

    def __init__(
        self,
        drain: Drain,
        *,
        base: float = 0.25,
        cap: float = 30.0,
        idle: float = 2.0,
        rng: random.Random | None = None,
    ) -> None:
        self.drain = drain
        self.base, self.cap, self.idle = base, cap, idle
        self.rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-drain", daemon=True)
        self.failures = 0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def delay(self) -> float:
        """Full jitter: uniform in [0, min(cap, base × 2^failures)]."""
        if not self.failures:
            return self.idle
        return self.rng.uniform(0, min(self.cap, self.base * 2 ** min(self.failures, 30)))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.drain.until_empty()
                self.failures = 0
            except TerminalError:
                self.failures += 1
            except Exception:  # a bug must not stop the drain for good: log, back off, retry
                log.exception("the outbox drain failed")
                self.failures += 1
            self._wake.wait(self.delay())
            self._wake.clear()
