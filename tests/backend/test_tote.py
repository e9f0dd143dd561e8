"""The tote's group commit, deterministically: bets that wait together commit together."""

from __future__ import annotations

import threading
import uuid

from backend.app import selling_for
from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.store import writers_at
from backend.tote import Tote

from .conftest import Clock

RACE = "2026-11-21/R1C1"


def test_bets_waiting_behind_a_commit_share_the_next_one(
    demo_day: object, server_db: str, clock: Clock
) -> None:
    tote = Tote(server_db, clock, max_batch=1000, selling=selling_for(writers_at(server_db)))
    tote.start()
    try:
        busy = threading.Event()
        release = threading.Event()

        def hold(_: BetDesk) -> None:
            busy.set()
            assert release.wait(timeout=10)

        held = tote.call(hold)
        assert busy.wait(timeout=10)
        before = tote.commits
        jobs = [
            tote.bets([("T1", BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", (r % 8 + 1,)))])
            for r in range(40)
        ]
        release.set()
        held.result(timeout=10)
        outcomes = [job.result(timeout=10)[0] for job in jobs]
        assert all(isinstance(o, Receipt) for o in outcomes)
        assert tote.commits - before == 1  # forty bets, one commit
        assert tote.bets_committed == 40
    finally:
        tote.stop()


def test_a_batch_limit_splits_the_gathering(demo_day: object, server_db: str, clock: Clock) -> None:
    tote = Tote(server_db, clock, max_batch=10, selling=selling_for(writers_at(server_db)))
    tote.start()
    try:
        release = threading.Event()
        held = tote.call(lambda _: release.wait(timeout=10))
        jobs = [
            tote.bets([("T1", BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", (3,)))])
            for _ in range(25)
        ]
        release.set()
        held.result(timeout=10)
        for job in jobs:
            job.result(timeout=10)
        assert tote.commits == 3  # 10 + 10 + 5
    finally:
        tote.stop()
