"""Odds and race events across worker processes (PostgreSQL): one computes, all relay.

Every worker runs one ``LiveFeed`` thread with its own connection. The threads compete for a
session advisory lock; the one that holds it is the **leader**: every ``interval`` it compares
the database with what was last published — each race's revision, each open race's win pool
(bets and stakes) — and writes a fresh event for what changed into ``live_event``, with a
version above every earlier one. The win pools it keeps in memory, moved each round by the
sales and cancellations committed since the last (``backend.live_pools``): a round costs what
was sold since, not every bet of the day. What was published is in the table, so when the
leader dies (its connection ends, the lock is released) the next thread to take the lock
reads the open pools whole once and carries on from there, within a second. The leader
notifies ``guichet_live`` when it commits new events; every thread, leader or not, then reads
the events newer than the last it relayed (and every ``poll`` seconds in any case, should a
notice be lost) and hands them to its worker's ``OddsBoard``: a bet reaches every worker's
subscribers within ``interval`` plus the time to compute.

On SQLite the one process keeps its pools in memory and publishes itself (``backend.app``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from backend.betting import BetDesk
from backend.errors import ServerError
from backend.live_pools import WIN, FoldedPools, one_snapshot
from backend.odds import odds_of
from backend.odds_board import ODDS, RACE
from backend.races import Race, RaceStatus, race_view
from backend.selling import NumbersInBlocks, Selling
from backend.store import Store, StoreError, open_store
from backend.store.outage import Outage, Watch
from backend.transaction_ids import IdsInDatabase

log = logging.getLogger("guichet.live")

LEADER_LOCK = 0x6775696368657403  # "guichet" + 3: held by the worker that computes the odds
CHANNEL = "guichet_live"  # notified when new events are in live_event
Event = tuple[str, dict[str, Any]]
EVERYTHING_SECONDS = 60.0  # every open race's odds republished (the close by the clock shows)


class LiveFeed:
    def __init__(
        self,
        locator: str,
        clock: Callable[[], datetime],
        publish: Callable[[list[Event]], object],
        *,
        min_pool: int = 0,
        interval: float = 0.5,
        poll: float = 0.2,
        watch: Watch | None = None,
    ) -> None:
        self._locator = locator
        self._watch = watch or Watch()  # the database's failures, told to the metrics
        self._clock = clock
        self._publish = publish
        self._min_pool = min_pool
        self._interval = interval
        self._poll = poll
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="live-feed", daemon=True)
        self.leader = False
        self.pools = FoldedPools()  # the leader's; a new leader starts from empty ones
        self._desk: BetDesk | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:  # started (a feed never started has none to end)
            self._thread.join(timeout=10)

    def _run(self) -> None:
        store: Store | None = None
        seen = 0
        next_round = 0.0
        last_everything = -EVERYTHING_SECONDS
        outage = Outage(log, "live events", watch=self._watch)
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                if store is None:
                    store = open_store(self._locator)
                    store.listen(CHANNEL)
                    self.leader = False
                if not self.leader:
                    taken = store.execute("SELECT pg_try_advisory_lock(?)", (LEADER_LOCK,))
                    self.leader = bool(taken.fetchone()[0])
                    if self.leader:
                        log.info("this worker now computes the odds")
                        self._desk = None  # its pools are read whole in its first round
                if self.leader and now >= next_round:
                    everything = now - last_everything >= EVERYTHING_SECONDS
                    self.compute(store, everything)
                    if everything:
                        last_everything = now
                    next_round = now + self._interval
                seen = self.relay(store, seen)
                outage.recovered()
                # until the leader's notice that there is news (or the next round is due)
                store.wait_notice(
                    max(0.0, min(self._poll, next_round - time.monotonic()))
                    if self.leader
                    else self._poll
                )
            except (StoreError, OSError) as err:
                outage.failed(str(err))
                if store is not None:
                    store.close()
                store, self.leader = None, False
                self._stop.wait(self._poll)
        if store is not None:
            store.close()

    def relay(self, store: Store, seen: int) -> int:
        """Hand the events newer than ``seen`` to this worker's board; the newest version."""
        rows = store.execute(
            "SELECT kind, version, body FROM live_event WHERE version > ? ORDER BY version",
            (seen,),
        ).fetchall()
        if rows:
            self._publish([(str(r[0]), json.loads(r[2])) for r in rows])
            seen = int(rows[-1][1])
        return seen

    def compute(self, store: Store, everything: bool = False) -> int:
        """One round of the leader: publish what changed since the table's events; return the
        number of events written. Read in one snapshot, the pools folded forward in it
        (``backend.live_pools``); written after, in a transaction of its own."""
        now = self._clock()
        desk = self._desk_for(store)
        since = (now - timedelta(days=1)).isoformat()
        events: list[tuple[str, str, dict[str, Any], int, int, int]] = []
        with one_snapshot(store):
            for race_id, revision in store.execute(
                "SELECT r.id, r.revision FROM race r LEFT JOIN live_event e ON e.race_id = r.id"
                " AND e.kind = 'race' WHERE r.post_time >= ?"
                " AND r.revision != COALESCE(e.revision, 0)",
                (since,),
            ).fetchall():
                try:
                    events.append((race_id, RACE, race_view(store, race_id, now), revision, 0, 0))
                except ServerError:
                    continue
            races = self._open_races(store, desk)
            moved = self.pools.fold(store, races)
            published = {
                str(r[0]): (int(r[1]), int(r[2]), int(r[3]))
                for r in store.execute(
                    "SELECT race_id, revision, bets, staked FROM live_event WHERE kind = 'odds'"
                )
            }
            for race_id, race in sorted(races.items()):
                pool = self.pools.pools[race_id]
                shown = (race.revision, pool.bet_count, pool.total)
                if not everything and race_id not in moved and published.get(race_id) == shown:
                    continue
                odds = odds_of(desk, race_id, now, self._min_pool)
                events.append((race_id, ODDS, odds, *shown))
        if events:
            with store.transaction():
                version = int(
                    store.execute("SELECT COALESCE(MAX(version), 0) FROM live_event").fetchone()[0]
                )
                for race_id, kind, body, revision, bets, staked in events:
                    version += 1
                    store.execute(
                        "INSERT INTO live_event (race_id, kind, version, body, revision, bets,"
                        " staked) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (race_id, kind) DO"
                        " UPDATE SET version = excluded.version, body = excluded.body,"
                        " revision = excluded.revision, bets = excluded.bets,"
                        " staked = excluded.staked",
                        (
                            race_id,
                            kind,
                            version,
                            json.dumps({**body, "version": version}),
                            revision,
                            bets,
                            staked,
                        ),
                    )
                store.notify(CHANNEL)  # every worker relays at the commit, without waiting
        return len(events)

    def _desk_for(self, store: Store) -> BetDesk:
        """The leader's bet desk, kept across rounds (its races are read once a revision),
        its win pools the folded ones."""
        if self._desk is None or self._desk.store is not store:
            self.pools = FoldedPools()
            self._desk = BetDesk(
                store, self._clock, Selling(NumbersInBlocks(), self.pools, IdsInDatabase())
            )
        return self._desk

    def _open_races(self, store: Store, desk: BetDesk) -> dict[str, Race]:
        """The open races that have a win pool, each as of its current revision."""
        races = {}
        for race_id, revision in store.execute(
            "SELECT id, revision FROM race WHERE status = ?", (RaceStatus.OPEN.value,)
        ).fetchall():
            race = desk.race(race_id)
            if race.revision != revision:  # changed since read: read again
                desk.changed(race_id, None)
                race = desk.race(race_id)
            if WIN in race.bet_types:
                races[str(race_id)] = race
        return races
