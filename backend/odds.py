"""Approximate odds as the server publishes them: per open race, from the live win pool.

Computed on the tote's thread (which owns the pools), published as plain JSON-ready dicts
with a version that only grows, so a terminal can tell a fresh board from a stale one.

As the PMU shows them: no odd below the pool's minimum dividend (a winner is paid at least
that), and none at all while the race's win pool is below the operator's threshold
(``min_pool``, in cents; ``--odds-min-pool``): one early bet would otherwise show 0.80.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from backend.betting import BetDesk
from backend.errors import ServerError
from backend.races import RaceStatus, race_view
from backend.store import Store
from pari import BetType, approximate_odds

_versions = itertools.count(1)


def odds_of(desk: BetDesk, race_id: str, now: datetime, min_pool: int = 0) -> dict[str, Any]:
    race = desk.race(race_id)
    if BetType.SIMPLE_GAGNANT not in race.bet_types:
        raise ServerError(f"race {race_id} has no SIMPLE_GAGNANT pool", code="no_win_pool")
    pool = desk.pool(race_id, BetType.SIMPLE_GAGNANT)
    floor = pool.rules.min_dividend
    odds: dict[int, Decimal | None] = {
        runner: None if value is None or pool.total < min_pool else max(value, floor)
        for runner, value in approximate_odds(pool, race.field).items()
    }
    return {
        "race_id": race_id,
        "version": next(_versions),
        "at": now.isoformat(),
        "open": race.takes_bets(now),
        "pool_total": pool.total,
        "odds": {
            str(runner): None if value is None else str(value) for runner, value in odds.items()
        },
        "scratched": sorted(race.field.scratched),
    }


def open_races(store: Store) -> list[str]:
    rows = store.execute("SELECT id FROM race WHERE status = ?", (RaceStatus.OPEN.value,))
    return [row[0] for row in rows]


def changed_odds(
    desk: BetDesk,
    now: datetime,
    everything: bool = False,
    min_pool: int = 0,
    due: Callable[[str], bool] = lambda _: True,
) -> list[dict[str, Any]]:
    """Odds of the races whose win pool moved since the last call (or of every open race).
    A race without a win pool has none to show — a PMU race may sell no Simple gagnant, or
    nothing at all here — and is passed over, not left to fail the round for every race (as
    ``backend.live`` does on PostgreSQL). A race that moved but is not ``due`` (published
    too recently: ``OddsPace``) waits for a later call."""
    if everything:
        races = open_races(desk.store)
        desk.odds_changed.clear()
    else:
        races = sorted(r for r in desk.odds_changed if due(r))
        desk.odds_changed.difference_update(races)
    return [
        odds_of(desk, race_id, now, min_pool)
        for race_id in races
        if BetType.SIMPLE_GAGNANT in desk.race(race_id).bet_types
    ]


def changed_races(desk: BetDesk, now: datetime) -> list[dict[str, Any]]:
    """The races that changed since the last call, as terminals show them (``race_view``),
    each with a version from the same counter as the odds."""
    races = sorted(desk.races_changed)
    desk.races_changed.clear()
    views = []
    for race_id in races:
        try:
            view = race_view(desk.store, race_id, now)
        except ServerError:
            continue  # a race that is not there (a bad id in an admin call) has nothing to say
        views.append({**view, "version": next(_versions)})
    return views


class OddsPace:
    """When each race's odds may be published again: at most once every ``interval`` per
    race, and at once when it is due. SQLite's publisher looks every ``TICK`` seconds, so a
    bet on a quiet race shows within a tick, where a round every ``interval`` for every race
    made each bet wait half an interval on average before its odds even started out (issue
    28: most of the delay from a bet to its odds at the subscribers, during a load). (Tried
    on PostgreSQL's leader too, its round — a snapshot and four queries — then five times a
    second: one worker spent 575 µs a bet in make bench, 432 µs the run before; the leader
    keeps its round an interval.)"""

    TICK = 0.1  # seconds between two looks for odds due

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self.clock = interval, clock
        self._last: dict[str, float] = {}

    def due(self, race_id: str) -> bool:
        return self.clock() - self._last.get(race_id, -self.interval) >= self.interval

    def published(self, race_ids: Iterable[str]) -> None:
        at = self.clock()
        for race_id in race_ids:
            self._last[race_id] = at
