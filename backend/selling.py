"""What depends on whether the server's process is the store's one writer or one of many.

On SQLite this process writes every bet: its pools in memory are the pools, it numbers
tickets inside each commit with no gap, and every change of a race came through
``BetDesk.changed`` already. On PostgreSQL other workers sell too: a pool is read from the
database when asked for (``stored_pool``: one race's odds asked of a worker; the worker that
publishes them keeps its own, ``backend.live_pools``), ticket numbers come in blocks reserved
ahead (``NumberBlock``), and a kept race is checked against the database under the share
lock. The composition root (``backend.app``) picks, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from backend.races import Race
from backend.sold_bets import sold_bets, stored_pool
from backend.store import Store
from backend.tickets import NumberBlock, reserve_ticket_numbers
from backend.transaction_ids import IdsInDatabase, IdsInMemory, TransactionIds
from pari import Bet, BetType, Pool


class TicketNumbering(Protocol):
    def prepare(self, store: Store, now: datetime, count: int) -> None:
        """Before the bets' transaction: make ``count`` numbers ready if they must be."""

    def take(self, store: Store, now: datetime, count: int) -> list[str]:
        """Inside the bets' transaction: ``count`` fresh ticket numbers of ``now``'s day."""
        ...


@dataclass(slots=True)
class NumbersInCommit:
    """One writer: the day's counter moves inside each commit, so numbers have no gap."""

    def prepare(self, store: Store, now: datetime, count: int) -> None:
        pass

    def take(self, store: Store, now: datetime, count: int) -> list[str]:
        return reserve_ticket_numbers(store, now, count)


@dataclass(slots=True)
class NumbersInBlocks:
    """Many writers: a block of numbers reserved ahead in a transaction of its own."""

    block: NumberBlock = field(default_factory=NumberBlock)

    def prepare(self, store: Store, now: datetime, count: int) -> None:
        self.block.reserve_ahead(store, now, count)

    def take(self, store: Store, now: datetime, count: int) -> list[str]:
        return self.block.take(now, count)


class PoolKeeping(Protocol):
    others_sell: bool  # another writer may change a race or a pool behind this process

    def pool(self, store: Store, race: Race, bet_type: BetType) -> Pool: ...

    def add(self, store: Store, sold: list[tuple[Race, Bet]]) -> set[str]:
        """Durable bets into the pools; the races whose win pool moved."""
        ...

    def remove(self, race: Race, bet: Bet) -> None: ...


@dataclass(slots=True)
class PoolsInMemory:
    """One writer: the pools, kept in memory and rebuilt from the database on first use."""

    others_sell = False
    _pools: dict[str, dict[BetType, Pool]] = field(default_factory=dict)

    def pool(self, store: Store, race: Race, bet_type: BetType) -> Pool:
        pools = self._pools.get(race.race_id)
        if pools is None:
            pools = self._pools[race.race_id] = _rebuild(store, race)
        return pools[bet_type]

    def add(self, store: Store, sold: list[tuple[Race, Bet]]) -> set[str]:
        """A race whose pools are not in memory yet is rebuilt from the database, which
        already holds these bets: they are not added again."""
        rebuilt = {race.race_id: race for race, _ in sold if race.race_id not in self._pools}
        for race_id, race in rebuilt.items():
            self._pools[race_id] = _rebuild(store, race)
        moved = set()
        for race, bet in sold:
            if race.race_id not in rebuilt:
                self._pools[race.race_id][bet.bet_type].add(bet)
            if bet.bet_type is BetType.SIMPLE_GAGNANT:
                moved.add(race.race_id)
        return moved

    def remove(self, race: Race, bet: Bet) -> None:
        pools = self._pools.get(race.race_id)
        if pools is not None:
            pools[bet.bet_type].remove(bet)


@dataclass(slots=True)
class PoolsInDatabase:
    """Many writers: a pool is read from the database when asked for (the odds published are
    computed by one process from pools it keeps, ``backend.live_pools``)."""

    others_sell = True

    def pool(self, store: Store, race: Race, bet_type: BetType) -> Pool:
        return stored_pool(store, race, bet_type)

    def add(self, store: Store, sold: list[tuple[Race, Bet]]) -> set[str]:
        return set()

    def remove(self, race: Race, bet: Bet) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Selling:
    """The strategies of one bet desk; a factory, since each desk keeps its own state."""

    numbering: TicketNumbering
    pools: PoolKeeping
    ids: TransactionIds  # the idempotency look-up (``backend.transaction_ids``)


def one_writer() -> Selling:
    return Selling(NumbersInCommit(), PoolsInMemory(), IdsInMemory())


def many_writers() -> Selling:
    return Selling(NumbersInBlocks(), PoolsInDatabase(), IdsInDatabase())


def _rebuild(store: Store, race: Race) -> dict[BetType, Pool]:
    pools = {t: Pool(race.rules[t]) for t in race.bet_types}
    for _, bet in sold_bets(store, race):
        pools[bet.bet_type].add(bet)
    return pools
