"""A pool (masse): every stake of one bet type on one race, accounted as bets arrive.

Stakes are kept per *shape* (see ``pari.bet``), so adding or removing a bet is one dictionary
update whatever its number of combinations; settlement later counts each shape's combinations
per paying group. A shape holds the stake of each of its combinations, or of the whole line
for a line (a Multi en N), which settlement spreads over the line's combinations.
Single-runner pools also keep the stake on each runner, which is all the approximate odds
need.
"""

from __future__ import annotations

from collections.abc import ItemsView

from pari.bet import Bet, ShapeKey
from pari.bet_types import BetType, spec_of
from pari.errors import PoolError
from pari.money import Cents
from pari.rules import PoolRules


class Pool:
    __slots__ = ("_by_runner", "_stakes", "bet_count", "bet_type", "rules", "total")

    def __init__(self, rules: PoolRules) -> None:
        self.rules = rules
        self.bet_type: BetType = rules.bet_type
        self.total: Cents = 0
        self.bet_count = 0
        self._stakes: dict[ShapeKey, Cents] = {}
        self._by_runner: dict[int, Cents] | None = {} if spec_of(self.bet_type).picks == 1 else None

    def add(self, bet: Bet, times: int = 1) -> None:
        """Add ``bet`` (``times`` identical bets: a pool rebuilt from grouped records)."""
        if bet.bet_type is not self.bet_type:
            raise PoolError(f"a {bet.bet_type} bet cannot go into the {self.bet_type} pool")
        if times < 1:
            raise PoolError(f"a bet is added at least once, not {times} times")
        stake = bet.stake_per_unit * times
        stakes = self._stakes
        stakes[bet.shape] = stakes.get(bet.shape, 0) + stake
        self.total += bet.cost * times
        self.bet_count += times
        by_runner = self._by_runner
        if by_runner is not None:
            for runner in bet.base or bet.others:
                by_runner[runner] = by_runner.get(runner, 0) + stake

    def remove(self, bet: Bet) -> None:
        """Take a cancelled bet out; refuse if the pool does not hold that much on its shape."""
        if bet.bet_type is not self.bet_type:
            raise PoolError(f"a {bet.bet_type} bet is not in the {self.bet_type} pool")
        stake = bet.stake_per_unit
        held = self._stakes.get(bet.shape, 0)
        if held < stake:
            raise PoolError(f"the {self.bet_type} pool holds no such bet: {bet.describe()}")
        if held == stake:
            del self._stakes[bet.shape]
        else:
            self._stakes[bet.shape] = held - stake
        self.total -= bet.cost
        self.bet_count -= 1
        if self._by_runner is not None:
            for runner in bet.base or bet.others:
                self._by_runner[runner] -= stake

    def stakes(self) -> ItemsView[ShapeKey, Cents]:
        """Stake per combination (per line, for a line) of every shape held."""
        return self._stakes.items()

    def stake_on_runner(self, runner: int) -> Cents:
        if self._by_runner is None:
            raise PoolError(f"{self.bet_type} is not a single-runner pool")
        return self._by_runner.get(runner, 0)

    def runner_stakes(self) -> dict[int, Cents]:
        if self._by_runner is None:
            raise PoolError(f"{self.bet_type} is not a single-runner pool")
        return self._by_runner
