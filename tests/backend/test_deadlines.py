"""Bets the event loop awaits from the tote (``Tote.sell``): answered together, one wake-up
of the loop a commit; failed past their deadline by the sweep while the tote is held, and
the tote then sells nothing in the name of a caller told to retry."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator

import pytest

from backend.api.deadlines import TOO_LATE, Deadlines
from backend.app import selling_for
from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.errors import ServerError
from backend.store import writers_at
from backend.tote import Tote
from tests.loops import run_apart

from .conftest import Clock

RACE = "2026-11-21/R1C1"


def bet() -> list[tuple[str, BetRequest]]:
    return [("T1", BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", (3,)))]


@pytest.fixture
def tote(demo_day: object, server_db: str, clock: Clock) -> Iterator[Tote]:
    running = Tote(server_db, clock, selling=selling_for(writers_at(server_db)))
    running.start()
    yield running
    running.stop()


def test_the_loops_bets_of_one_commit_are_settled_in_one_call(tote: Tote) -> None:
    async def sell() -> tuple[list[Receipt | ServerError], int, int]:
        loop = asyncio.get_running_loop()
        calls = 0
        threadsafe = loop.call_soon_threadsafe

        def counted(*args: object) -> asyncio.Handle:
            nonlocal calls
            calls += getattr(args[0], "__name__", "") == "_settle"  # the tote's, not others'
            return threadsafe(*args)  # type: ignore[arg-type]

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign,assignment]
        release = threading.Event()
        held = tote.call(lambda _: release.wait(timeout=10))
        before = tote.commits
        sold = [tote.sell(bet()) for _ in range(30)]
        release.set()
        await asyncio.wrap_future(held)
        outcomes = [(await s)[0] for s in sold]
        return outcomes, tote.commits - before, calls

    outcomes, commits, calls = run_apart(sell())
    assert all(isinstance(o, Receipt) for o in outcomes)
    assert commits == 1
    assert calls == 1  # thirty bets, one commit, one wake-up


def test_a_bet_past_its_deadline_is_told_so_and_not_sold_behind_its_back(
    tote: Tote,
) -> None:
    async def sell() -> tuple[BaseException | None, int]:
        deadlines = Deadlines(seconds=0.3, every=0.05)
        sweep = asyncio.create_task(deadlines.keep())
        release = threading.Event()
        entered = threading.Event()

        def hold(_: BetDesk) -> None:
            entered.set()
            release.wait(timeout=10)

        held = tote.call(hold)
        await asyncio.to_thread(entered.wait, 10)
        late = deadlines.watch(tote.sell(bet()))
        try:
            await late
        except ServerError as err:
            failure: BaseException | None = err
        else:
            failure = None
        release.set()
        await asyncio.wrap_future(held)
        # the tote, reaching it, sells nothing in the name of a caller who was told to retry
        answered = deadlines.watch(tote.sell(bet()))
        await answered
        sweep.cancel()
        return failure, tote.bets_committed

    failure, committed = run_apart(sell())
    assert isinstance(failure, ServerError)
    assert failure.detail == TOO_LATE
    assert committed == 1  # the bet sold after the hold, not the one given up on


def test_the_sweep_forgets_answered_bets_and_fails_only_the_overdue() -> None:
    async def watch() -> tuple[bool, bool, int]:
        deadlines = Deadlines(seconds=10)
        loop = asyncio.get_running_loop()
        answered, waiting = loop.create_future(), loop.create_future()
        answered.set_result([])
        deadlines.watch(answered)
        deadlines.watch(waiting)
        deadlines.sweep(loop.time())
        kept = len(deadlines._waiting)
        deadlines.sweep(float("inf"))
        return answered.exception() is None, isinstance(waiting.exception(), ServerError), kept

    assert run_apart(watch()) == (True, True, 1)
