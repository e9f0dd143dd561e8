"""The odds leader's win pools (``backend.live``), kept in memory and moved by what each round
finds new, rather than re-aggregated from every bet of every changed race twice a second.

What is new, and why nothing is missed or counted twice. A bet's row and its journal record
(``bets.accepted``) are written in one transaction, and so are a cancellation's update and its
record (``bet.cancelled``). The journal is a set of chains, one per writing connection
(``backend.journal``); a connection commits one transaction at a time and numbers its chain's
records inside it, so within a chain the sequence numbers are the commit order: when record
*n* of a chain is visible, every record before it is. The leader keeps, per chain, the last
record it folded in (``marks``), and each round reads the records after it — an index range
on the journal's key — which is exactly what committed since. A counter shared by the
workers (a sequence on ``bet``) would not do: its numbers are taken at the insert and
committed in another order, so a bet numbered 105 can become visible after 106 was read and
``> last`` would pass over it for ever; a time window behind the last number only makes that
unlikely. A counter row per race, updated by each bet's transaction, would make every sale of
a race wait on that row across workers.

A round reads in one snapshot (``REPEATABLE READ``, read only): the open races, the new
records, the bets they name and the pools of races opened since (read whole). So a
cancellation read in a round comes with its bet's sale, in that round or an earlier one (the
sale committed first: a bet not yet visible cannot be cancelled), and a race read whole is
not moved again by the records of the same round. The bets a round names are read grouped by
shape, as a whole pool is (``stored_pool``): identical bets are restored once.

A new leader — or the same worker after its connection failed — starts empty: its first round
reads every open race's pool whole and every chain's last record in one snapshot, then goes
incremental. Should the records ever disagree with the pools (a cancellation of a bet the pool
does not hold), that is said in the log and every pool is read whole again, in the same
snapshot.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from backend.races import Race
from backend.sold_bets import restore, stored_pool
from backend.store import Store
from pari import BetType, PariError, Pool

log = logging.getLogger("guichet.live")

WIN = BetType.SIMPLE_GAGNANT
SOLD, CANCELLED = "bets.accepted", "bet.cancelled"  # the journal's records of a pool's moves

# every chain of the journal, found by index probes (a loose index scan: one probe a chain)
_CHAINS = (
    "WITH RECURSIVE chains(chain) AS (SELECT MIN(chain) FROM journal UNION ALL"
    " SELECT (SELECT MIN(j.chain) FROM journal j WHERE j.chain > chains.chain) FROM chains"
    " WHERE chains.chain IS NOT NULL)"
)
_LAST_RECORDS = (
    _CHAINS + " SELECT chain, (SELECT MAX(seq) FROM journal j WHERE j.chain = chains.chain)"
    " FROM chains WHERE chain IS NOT NULL"
)
# every chain's records after its mark (0 for a chain not met yet); only a pool's moves say more
_NEW_RECORDS = (
    _CHAINS + ", marks(chain, seq) AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]))"
    " SELECT j.chain, j.seq, j.kind, CASE WHEN j.kind IN ('" + SOLD + "', '" + CANCELLED + "')"
    " THEN j.payload END FROM chains c CROSS JOIN LATERAL (SELECT chain, seq, kind, payload"
    " FROM journal WHERE chain = c.chain AND seq > COALESCE((SELECT m.seq FROM marks m"
    " WHERE m.chain = c.chain), 0)) j WHERE c.chain IS NOT NULL ORDER BY j.chain, j.seq"
)
_SHAPE = "race_id, bet_type, formula, base, runners, complete, unit_stake, multiplier"


@contextmanager
def one_snapshot(store: Store) -> Iterator[None]:
    """A read-only transaction whose every statement sees the same committed state."""
    with store.transaction():
        store.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@dataclass(slots=True)
class FoldedPools:
    """The open races' win pools as the leader last folded them, and how far it read.

    A ``PoolKeeping`` for the leader's bet desk (``backend.selling``): ``odds_of`` reads the
    win pool from here; the leader sells nothing, so ``add`` and ``remove`` do nothing (its
    pools move by ``fold`` alone)."""

    others_sell = True
    pools: dict[str, Pool] = field(default_factory=dict)  # win pools of the races held
    marks: dict[int, int] | None = None  # chain → last record folded; None: read it all
    rounds_whole: int = 0  # the times every pool was read whole (a new leader's first round)

    def pool(self, store: Store, race: Race, bet_type: BetType) -> Pool:
        held = self.pools.get(race.race_id)
        if bet_type is WIN and held is not None:
            return held
        return stored_pool(store, race, bet_type)

    def add(self, store: Store, sold: list[tuple[Race, Any]]) -> set[str]:
        return set()

    def remove(self, race: Race, bet: Any) -> None:
        pass

    def fold(self, store: Store, races: dict[str, Race]) -> set[str]:
        """Bring the pools up to the round's snapshot (the caller's ``one_snapshot``): those
        of ``races`` (the open races with a win pool, as read in it) and none other; return
        the races whose pool the records moved (one read whole is compared with what was
        published by the caller)."""
        if self.marks is None:
            self._whole(store, races)
            return set()
        opened = races.keys() - self.pools.keys()
        for race_id in list(self.pools):
            if race_id not in races:
                del self.pools[race_id]  # closed: its odds are no longer published
        sold: list[str] = []
        cancelled: list[str] = []
        for chain, seq, kind, payload in store.execute(
            _NEW_RECORDS, (list(self.marks), list(self.marks.values()))
        ):
            self.marks[int(chain)] = int(seq)
            if kind == SOLD:
                sold += [
                    entry["bet"]
                    for entry in json.loads(payload)
                    if entry["bet_type"] == WIN.value and entry["race"] in self.pools
                ]
            elif kind == CANCELLED:
                cancelled.append(json.loads(payload)["bet"])
        try:
            moved = self._sold(store, sold, races) | self._cancelled(store, cancelled, races)
        except PariError as err:
            log.warning("the odds' pools disagree with the journal (%s): all read again", err)
            self._whole(store, races)
            return set(races)
        for race_id in opened:  # after the records: theirs are in the pool read whole
            self.pools[race_id] = stored_pool(store, races[race_id], WIN)
        return moved

    def _whole(self, store: Store, races: dict[str, Race]) -> None:
        self.marks = {int(r[0]): int(r[1]) for r in store.execute(_LAST_RECORDS)}
        self.pools = {race_id: stored_pool(store, race, WIN) for race_id, race in races.items()}
        self.rounds_whole += 1

    def _sold(self, store: Store, bets: list[str], races: dict[str, Race]) -> set[str]:
        """The new win bets of the races held, read grouped by shape (their rows were
        written with the records that name them: the snapshot has both)."""
        moved = set()
        if bets:
            for row in store.execute(
                f"SELECT {_SHAPE}, COUNT(*) AS times FROM bet WHERE id = ANY(?) GROUP BY {_SHAPE}",
                (bets,),
            ):
                self.pools[row["race_id"]].add(
                    restore(row, races[row["race_id"]]), times=int(row["times"])
                )
                moved.add(str(row["race_id"]))
        return moved

    def _cancelled(self, store: Store, bets: list[str], races: dict[str, Race]) -> set[str]:
        """Cancelled win bets of the races held leave their pool (their sale, committed
        before, is in it already: folded in this round or an earlier one)."""
        moved = set()
        if bets:
            for row in store.execute(
                f"SELECT {_SHAPE} FROM bet WHERE id = ANY(?) AND bet_type = ?", (bets, WIN.value)
            ):
                pool = self.pools.get(row["race_id"])
                if pool is not None:
                    pool.remove(restore(row, races[row["race_id"]]))
                    moved.add(str(row["race_id"]))
        return moved
