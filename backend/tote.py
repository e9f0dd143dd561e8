"""The tote: one thread that owns the write connection, the pools, and commits.

Every state change runs on this thread, so the in-memory pools and the database never race.
Bets from many terminals that arrive while a commit is on its way to the disk are gathered
and committed together in the next transaction (group commit): one fsync then acknowledges
hundreds of bets, and each bet is still acknowledged only after its own commit.

On SQLite a thread of its own reads the file whole every ``check_every`` seconds: a file
damaged under the server stops every bet, saying why (``backend.store.integrity``).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from backend.answers import Answer, LoopAnswer, ThreadAnswer, deliver
from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.errors import ServerError
from backend.metrics import OFF, Recorder
from backend.selling import Selling
from backend.store import Store, StoreConflict, StoreDamaged, StoreError, open_store
from backend.store.integrity import Watch
from backend.store.outage import Outage

T = TypeVar("T")
log = logging.getLogger("guichet.tote")
Outcome = Receipt | ServerError


@dataclass(slots=True)
class _Bets:
    items: Sequence[tuple[str, BetRequest]]
    answer: Answer  # to a thread or an event loop (``backend.answers``)


@dataclass(slots=True)
class _Call:
    fn: Callable[[BetDesk], Any]
    done: Future[Any]


_STOP = object()


class Tote:
    def __init__(
        self,
        database: str | Path,
        clock: Callable[[], datetime],
        max_batch: int = 1000,
        *,
        selling: Callable[[], Selling],
        create: bool = False,
        check_every: float = 0.0,
        metrics: Recorder = OFF,
    ) -> None:
        self._database = database
        self._selling = selling  # one writer or many: the bet desk's strategies (backend.app)
        self._create = create
        # seconds between two whole checks of a SQLite file (0: none; backend.app chooses)
        self._check_every = check_every
        self._watch: Watch | None = None
        self._store: Store | None = None
        self._clock = clock
        self._max_batch = max_batch
        # SimpleQueue: C's, without the locks and conditions of queue.Queue (a put per bet)
        self._jobs: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tote", daemon=True)
        self._failure: BaseException | None = None
        self.commits = 0
        self._metrics = metrics  # bets decided, commits (backend.metrics)
        self._outage = Outage(
            log, "the bet desk's database connection", watch=metrics.outage("bets")
        )
        self.bets_committed = 0

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(timeout=30):
            raise RuntimeError("the tote did not start within 30 s")
        if self._failure is not None:
            raise self._failure

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()  # before the connection (and the file it reads) is closed
        self._jobs.put(_STOP)
        self._thread.join(timeout=30)

    @property
    def stopped(self) -> StoreDamaged | None:
        """Why no bet is taken any more (the database found damaged or replaced), or None."""
        return None if self._store is None else self._store.stopped

    @property
    def waiting(self) -> int:
        """Jobs waiting for this thread (the metrics' queue depth)."""
        return self._jobs.qsize()

    def bets(self, items: Sequence[tuple[str, BetRequest]]) -> Future[list[Outcome]]:
        """From a thread: a Future to wait on."""
        done: Future[list[Outcome]] = Future()
        self._jobs.put(_Bets(items, ThreadAnswer(done)))
        return done

    def sell(self, items: Sequence[tuple[str, BetRequest]]) -> asyncio.Future[list[Outcome]]:
        """From the event loop: an asyncio Future, settled with the others of its commit in
        one call on the loop. Whoever awaits it bounds the wait (``backend.api.deadlines``)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[list[Outcome]] = loop.create_future()
        self._jobs.put(_Bets(items, LoopAnswer(loop, done)))
        return done

    def call(self, fn: Callable[[BetDesk], T]) -> Future[T]:
        """Run ``fn`` on the tote's thread with the bet desk (and its connection)."""
        done: Future[T] = Future()
        self._jobs.put(_Call(fn, done))
        return done

    def _run(self) -> None:
        try:
            store = open_store(self._database, create=self._create)
        except BaseException as err:
            self._failure = err
            self._ready.set()
            return
        desk = BetDesk(store, self._clock, self._selling())
        self._store = store
        if self._check_every > 0:
            self._watch = Watch(lambda: self._verify(store), self._check_every)
            self._watch.start()
        self._ready.set()
        try:
            self._loop(desk)
        finally:
            store.close()

    def _loop(self, desk: BetDesk) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            if desk.store.broken:
                desk = self._reconnect(desk)
            if isinstance(job, _Call):
                _resolve(job.done, job.fn, desk)
                continue
            assert isinstance(job, _Bets)
            if not job.answer.wanted():
                continue  # its caller gave up waiting (and will retry: bets are idempotent)
            batch, deferred = self._gather(job)
            self._commit(desk, batch)
            for other in deferred:
                if other is _STOP:
                    return
                assert isinstance(other, _Call)
                _resolve(other.done, other.fn, desk)

    def _verify(self, store: Store) -> None:
        """The whole check of the database (``Watch``'s thread). Damage found: a statement
        on this thread at once, where a store whose file was deleted or replaced saves what
        it had of it (``backend.store.sqlite``), even if no bet comes to do it."""
        try:
            store.verify()
        except StoreDamaged:
            self.call(lambda desk: desk.store.execute("SELECT 1"))
            raise

    def _reconnect(self, desk: BetDesk) -> BetDesk:
        """A new connection after the database went away (PostgreSQL: a restart, a standby
        promoted; a multi-host URL finds the new primary). Until it succeeds, every job fails
        at once with ``StoreError`` (503: the terminals' outboxes retry); each new job tries
        again."""
        try:
            fresh = open_store(self._database)
        except StoreError as err:
            self._outage.failed(err.detail)
            return desk
        desk.store.close()
        self._outage.recovered()
        self._store = fresh
        return BetDesk(fresh, self._clock, self._selling())

    def _gather(self, first: _Bets) -> tuple[list[_Bets], list[object]]:
        """Take every bet job already waiting, up to the batch limit; keep the rest in order."""
        batch = [first]
        size = len(first.items)
        deferred: list[object] = []
        while size < self._max_batch:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if isinstance(job, _Bets):
                if job.answer.wanted():
                    batch.append(job)
                    size += len(job.items)
            else:
                deferred.append(job)
                break
        return batch, deferred

    def _commit(self, desk: BetDesk, batch: list[_Bets]) -> None:
        items = [item for job in batch for item in job.items]
        started = time.perf_counter()
        try:
            outcomes = _once_more_on_conflict(lambda: desk.accept_many(items))
        except (StoreError, OSError) as err:
            failure = err if isinstance(err, StoreError) else StoreError(str(err))
            self._metrics.failed(failure.code, len(items))
            deliver([(job.answer, failure) for job in batch])
            return
        self._metrics.committed(outcomes, time.perf_counter() - started)
        self.commits += 1
        self.bets_committed += len(items)
        answers: list[tuple[Answer, Any]] = []
        start = 0
        for job in batch:
            answers.append((job.answer, outcomes[start : start + len(job.items)]))
            start += len(job.items)
        deliver(answers)


def _resolve(done: Future[Any], fn: Callable[[BetDesk], Any], desk: BetDesk) -> None:
    if not done.set_running_or_notify_cancel():
        return  # its caller gave up waiting: nothing is done in its name
    try:
        done.set_result(_once_more_on_conflict(lambda: fn(desk)))
    except BaseException as err:  # delivered to the caller, who translates it
        done.set_exception(err)


def _once_more_on_conflict(work: Callable[[], T]) -> T:
    """Run a transaction; again if a concurrent writer beat it (PostgreSQL, several workers:
    the same bet's transaction id on two workers at once, a deadlock). The first attempt left
    nothing; the second sees the winner's row and answers from it (the same receipt)."""
    try:
        return work()
    except StoreConflict as conflict:
        log.info("run again: %s", conflict.detail)
        return work()
