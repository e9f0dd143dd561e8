"""The odds leader's win pools kept incrementally (``backend.live_pools``) on a real
PostgreSQL: whatever the order in which two workers' sales and cancellations commit, and
whoever leads, the leader's pools and what it publishes equal a fresh aggregate of every bet.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.cancellation import cancel
from backend.live import LiveFeed
from backend.live_pools import WIN
from backend.odds import odds_of
from backend.programme import demo_programme, load_programme, parse_programme
from backend.races import advance, load_race
from backend.selling import many_writers
from backend.sold_bets import stored_pool
from backend.store import Store, open_store
from backend.terminals import create_terminal
from pari import Pool
from tests.servers import NOON

FIRST, SECOND = "2026-11-21/R1C1", "2026-11-21/R1C2"


def clock() -> datetime:
    return NOON + timedelta(minutes=1)


class Worker:
    """One worker's selling side: its own connection (so its own journal chain) and desk."""

    def __init__(self, url: str, terminal: str) -> None:
        self.store = open_store(url)
        self.desk = BetDesk(self.store, clock, many_writers())
        self.terminal = terminal

    def sell(self, race: str, *runners: int, bet_type: str = "SIMPLE_GAGNANT") -> list[str]:
        """One bet on each runner (a Couplé on pairs of them); their transaction ids."""
        wanted: list[tuple[int, ...]] = [(runner,) for runner in runners]
        if bet_type != "SIMPLE_GAGNANT":
            wanted = [runners]
        bets = [
            (self.terminal, BetRequest(str(uuid.uuid4()), race, bet_type, picked, multiplier=m))
            for m, picked in enumerate(wanted, start=1)
        ]
        outcomes = self.desk.accept_many(bets)
        assert all(isinstance(o, Receipt) for o in outcomes), outcomes
        return [request.transaction_id for _, request in bets]

    def cancel(self, transaction_id: str) -> None:
        cancel(self.desk, self.terminal, transaction_id, clock())


@pytest.fixture
def day(fresh_pg: str) -> Iterator[tuple[str, Worker, Worker]]:
    """The demo day, R1C1 open, two workers each with a terminal of its own."""
    store = open_store(fresh_pg, create=True)
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    load_programme(store, parse_programme(data), NOON)
    advance(store, FIRST, "open", NOON)
    first = Worker(fresh_pg, create_terminal(store, "till", NOON)[0])
    second = Worker(fresh_pg, create_terminal(store, "kiosk", NOON)[0])
    store.close()
    yield fresh_pg, first, second
    first.store.close()
    second.store.close()


def published(store: Store) -> dict[str, dict[str, Any]]:
    rows = store.execute("SELECT race_id, body FROM live_event WHERE kind = 'odds'")
    return {str(row[0]): json.loads(row[1]) for row in rows}


def figures(pool: Pool) -> tuple[int, int, dict[Any, int], dict[int, int]]:
    runners = {runner: stake for runner, stake in pool.runner_stakes().items() if stake}
    return pool.total, pool.bet_count, dict(pool.stakes()), runners


def assert_as_aggregated(feed: LiveFeed, url: str, races: set[str]) -> None:
    """The leader holds exactly the open races' win pools, each equal to one read whole from
    every bet, and has published each race's odds as computed from that whole pool."""
    store = open_store(url)
    try:
        assert set(feed.pools.pools) == races
        fresh = BetDesk(store, clock, many_writers())
        events = published(store)
        for race_id in races:
            whole = stored_pool(store, load_race(store, race_id), WIN)
            assert figures(feed.pools.pools[race_id]) == figures(whole), race_id
            expected = odds_of(fresh, race_id, clock())
            shown = events[race_id]
            assert shown["pool_total"] == expected["pool_total"], race_id
            assert shown["odds"] == expected["odds"], race_id
    finally:
        store.close()


def test_interleaved_sales_and_cancellations_fold_into_the_whole_pool(
    day: tuple[str, Worker, Worker],
) -> None:
    url, first, second = day
    leader = open_store(url)
    feed = LiveFeed(url, clock, lambda events: None)
    try:
        first.sell(FIRST, 1)  # each worker has its block of ticket numbers before the test
        second.sell(FIRST, 2)
        feed.compute(leader)
        assert feed.pools.rounds_whole == 1
        # the first worker's sale commits after the second's, which the leader reads first:
        # an id or a time taken at the insert would order them the other way
        with first.store.transaction():
            late = first.sell(FIRST, 3, 4, 5)
            second.sell(FIRST, 6, 7)
            second.sell(FIRST, 1, 2, bet_type="COUPLE_GAGNANT")  # another pool: not the win's
            feed.compute(leader)
            assert feed.pools.pools[FIRST].bet_count == 4  # 1, 2, 6, 7
        folded = second.sell(FIRST, 8)
        feed.compute(leader)
        assert_as_aggregated(feed, url, {FIRST})
        # cancelled: a bet folded before, one of the late ones, and a bet sold and cancelled
        # between two rounds (never in the pool: its sale and cancellation come together)
        second.cancel(folded[0])
        first.cancel(late[1])
        gone = first.sell(FIRST, 9)
        first.cancel(gone[0])
        advance(second.store, SECOND, "open", NOON)  # a race opened since: read whole
        second.sell(SECOND, 4, 4)
        feed.compute(leader)
        assert_as_aggregated(feed, url, {FIRST, SECOND})
        with second.store.transaction():  # sold at the second, cancelled before its commit
            held = second.sell(SECOND, 5, 6)
            feed.compute(leader)
            second.cancel(held[0])
        first.sell(SECOND, 5)
        feed.compute(leader)
        assert_as_aggregated(feed, url, {FIRST, SECOND})
        advance(first.store, FIRST, "close", clock())  # closed: its odds no longer kept
        feed.compute(leader)
        assert set(feed.pools.pools) == {SECOND}
        assert feed.pools.rounds_whole == 1  # every round after the first read what was new
    finally:
        leader.close()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.05)


def test_a_new_leader_reads_the_pools_whole_once_then_folds(
    day: tuple[str, Worker, Worker],
) -> None:
    """The leader's worker dies mid-day (its connection ends, the lock moves): the next one
    reads the open pools whole, then only what is new, and publishes what the whole day's
    bets give."""
    url, first, second = day
    feeds = [LiveFeed(url, clock, lambda events: None, interval=0.05, poll=0.05) for _ in "ab"]
    feeds[0].start()
    try:
        wait_until(lambda: feeds[0].leader, "the first feed leads")
        feeds[1].start()
        sold = first.sell(FIRST, 1, 2, 3) + second.sell(FIRST, 3, 4)
        first.cancel(sold[0])
        wait_until(lambda: count(feeds[0], FIRST) == 4, "the first leader folds the sales")
        feeds[0].stop()  # its connection closes: the lock is free
        wait_until(lambda: feeds[1].leader, "the second feed takes the lead")
        second.cancel(sold[3])
        first.sell(FIRST, 5, 6)
        wait_until(lambda: count(feeds[1], FIRST) == 5, "the new leader folds the rest")
        assert feeds[1].pools.rounds_whole == 1
        feeds[1].stop()
        assert_as_aggregated(feeds[1], url, {FIRST})
    finally:
        for feed in feeds:
            feed.stop()


def count(feed: LiveFeed, race_id: str) -> int:
    pool = dict(feed.pools.pools).get(race_id)
    return -1 if pool is None else pool.bet_count
