"""Several workers on one PostgreSQL database: what one worker knows, every worker knows.

Two servers in this process share a throwaway database, each with its own tote, nonces and
live feed, as two ``serve --workers 2`` processes would (that command is tested at the end,
with a real SIGKILL of the worker that computes the odds).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from backend.app import utc_now
from backend.live import LEADER_LOCK
from backend.operators import create_operator
from backend.programme import demo_programme
from scripts.loopback import Clock
from tests.backend.console.conftest import token_in
from tests.servers import NOON, LiveServer, running_server
from tests.worker_servers import SellingServer, until
from wire.signing import TerminalAuth

from .test_api import assert_problem, bet
from .test_odds import read_events, wait_for
from .test_race_to_payout import pay, settle_race


@pytest.fixture
def two_workers(fresh_pg: str, clock: Clock) -> Iterator[tuple[LiveServer, LiveServer]]:
    with running_server(fresh_pg, clock) as first, running_server(fresh_pg, clock) as second:
        yield first, second


def load_day(server: LiveServer, *races: str) -> None:
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    with server.admin() as admin:
        admin.post("/v1/admin/programme", json=data).raise_for_status()
        for race in races:
            admin.post(f"/v1/admin/races/{race}/open").raise_for_status()


def test_a_nonce_used_on_one_worker_is_refused_on_the_other(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = two_workers
    load_day(first, "2026-11-21/R1C1")
    with first.terminal() as terminal:
        signer = first.signer(terminal)
    body = json.dumps(bet("2026-11-21/R1C1")).encode()
    headers = signer.headers("POST", "/v1/bets", body, first.clock())
    with httpx.Client(timeout=10) as client:
        assert client.post(f"{first.url}/v1/bets", content=body, headers=headers).is_success
        replayed = client.post(f"{second.url}/v1/bets", content=body, headers=headers)
    assert_problem(replayed, 401, "replayed_nonce")


def test_a_bet_on_one_worker_moves_the_odds_on_the_other(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = two_workers
    race = "2026-11-21/R1C1"
    load_day(first, race)
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with second.terminal("board") as board, first.terminal("till") as till:
        reader = threading.Thread(target=read_events, args=(board, found, stop), daemon=True)
        reader.start()
        assert found.get(timeout=15).get("status") == 200
        till.post("/v1/bets", json=bet(race, runners=[3], multiplier=2)).raise_for_status()
        till.post("/v1/bets", json=bet(race, runners=[5], multiplier=6)).raise_for_status()
        moved = wait_for(found, lambda o: o.get("race_id") == race and o["pool_total"] == 1200)
        stop.set()
        till.post("/v1/bets", json=bet(race, runners=[1])).raise_for_status()
        reader.join(timeout=20)
    # the same figures as one process computes them (test_odds): the pool is the database's
    assert (moved["odds"]["3"], moved["odds"]["5"], moved["odds"]["1"]) == ("3.30", "1.10", None)


def test_one_bet_sent_to_both_workers_at_once_is_taken_once(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    """A terminal that timed out and retried on another worker while its first request was
    still in flight: both answers are the same receipt, and there is one bet."""
    first, second = two_workers
    race = "2026-11-21/R1C1"
    load_day(first, race)
    with first.terminal() as one:
        signer = first.signer(one)
    clients = [
        httpx.Client(base_url=s.url, auth=TerminalAuth(signer, s.clock), timeout=10)
        for s in (first, second)
    ]
    try:
        for _ in range(20):
            body = bet(race, runners=[4])
            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(lambda c, b=body: c.post("/v1/bets", json=b), clients))
            assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
            assert answers[0].json() == answers[1].json()
    finally:
        for client in clients:
            client.close()
    official = settle_race(first, [[4], [1], [2]], race)
    assert official["bets_settled"] == 20


def test_a_ticket_paid_at_two_workers_at_once_is_paid_once(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = two_workers
    race = "2026-11-21/R1C1"
    load_day(first, race)
    with first.terminal("seller") as seller:
        ticket = seller.post("/v1/bets", json=bet(race, runners=[3])).json()
        seller.post("/v1/bets", json=bet(race, runners=[6], multiplier=9)).raise_for_status()
    settle_race(second, [[3], [6], [1]], race)
    tills = [server.terminal(f"till {i}") for i, server in enumerate((first, second) * 3)]
    try:
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda c: pay(c, ticket["barcode"]), tills * 4))
    finally:
        for till in tills:
            till.close()
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 1, [a.text for a in answers if a.status_code != 409]
    assert set(statuses) == {200, 409}


Outcome = tuple[float, float, str, int, str]  # sent, answered, transaction, status, code


def sell(till: httpx.Client, race: str, outcomes: list[Outcome], done: threading.Event) -> None:
    """Sell one bet after another until ``done``, noting when each was sent and answered."""
    while not done.is_set():
        body = bet(race, runners=[1 + len(outcomes) % 8])
        sent = time.monotonic()
        answer = till.post("/v1/bets", json=body)
        code = answer.json().get("code", "") if answer.status_code >= 400 else ""
        outcomes.append((sent, time.monotonic(), body["transaction_id"], answer.status_code, code))


def test_the_betting_stop_holds_across_workers(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    """Bets pour into both workers while one of them closes the race; repeated on five
    races. No bet sent after the close was answered is accepted; every bet acknowledged is
    in the database exactly once and in the official result's pool."""
    first, second = two_workers
    races = [f"2026-11-21/R1C{n}" for n in range(1, 6)]
    load_day(first, *races)
    servers = (first, second, first, second)
    tills = [server.terminal(f"till {i}") for i, server in enumerate(servers)]
    try:
        for round_, race in enumerate(races):
            outcomes: list[Outcome] = []
            done = threading.Event()
            sellers = [
                threading.Thread(target=sell, args=(till, race, outcomes, done)) for till in tills
            ]
            for seller in sellers:
                seller.start()
            time.sleep(0.3)  # bets flowing into both workers
            with servers[round_ % 2].admin() as admin:
                admin.post(f"/v1/admin/races/{race}/close").raise_for_status()
            closed = time.monotonic()
            time.sleep(0.2)
            done.set()
            for seller in sellers:
                seller.join(timeout=30)
            accepted = {tid for _, _, tid, status, _ in outcomes if status == 200}
            after = [o for o in outcomes if o[0] > closed]
            assert after, "bets were still being sent after the close"
            assert all((status, code) == (409, "betting_closed") for *_, status, code in after)
            assert {status for *_, status, _ in outcomes} <= {200, 409}
            assert any(abs(o[1] - closed) < 0.1 for o in outcomes), "none in the last 100 ms"
            summary = settle_race(first, [[1], [2], [3]], race, close=False)
            assert summary["pools"]["SIMPLE_GAGNANT"]["total"] == 150 * len(accepted)
            assert summary["bets_settled"] == len(accepted)
    finally:
        for till in tills:
            till.close()


def leader(url: str) -> int | None:
    """The process id of the worker that holds the odds leader's lock, if any."""
    with psycopg.connect(url, connect_timeout=10, autocommit=True) as store:
        row = store.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s",
            (LEADER_LOCK >> 32, LEADER_LOCK & 0xFFFFFFFF),
        ).fetchone()
    return None if row is None else int(str(row[0]).rsplit(" ", 1)[1])


def test_serve_with_two_workers_survives_the_death_of_the_one_computing_odds(
    two_worker_server: SellingServer,
) -> None:
    server, signer, race = (
        two_worker_server.server,
        two_worker_server.signer,
        two_worker_server.race,
    )
    fresh_pg, url = server.database, server.url
    first = until(lambda: leader(fresh_pg))
    os.kill(first, signal.SIGKILL)
    killed = time.monotonic()
    second = until(lambda: (pid := leader(fresh_pg)) not in (None, first) and pid)
    takeover = time.monotonic() - killed
    print(f"the odds worker {first} killed; worker {second} computes them {takeover:.2f} s later")
    with httpx.Client(base_url=url, auth=TerminalAuth(signer, utc_now), timeout=10) as till:
        body = {
            "transaction_id": str(uuid.uuid4()),
            "race_id": race,
            "bet_type": "SIMPLE_GAGNANT",
            "runners": [2],
            "multiplier": 4,
        }
        assert till.post("/v1/bets", json=body).json()["status"] == "ACCEPTED"

        def shown() -> bool:  # each request on a new connection: either worker answers
            with httpx.Client(base_url=url, auth=TerminalAuth(signer, utc_now)) as fresh:
                races = fresh.get("/v1/odds", timeout=10).json()["races"]
            return any(r["race_id"] == race and r["pool_total"] == 600 for r in races)

        for _ in range(6):  # answered by both workers, whichever the kernel picks
            until(shown)
    assert takeover < 15


def test_a_terminal_disabled_at_one_workers_console_is_refused_by_the_other(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = two_workers
    first.tote.call(
        lambda desk: create_operator(
            desk.store, "nadia", "supervisor", "correct horse battery staple", NOON
        )
    ).result(timeout=30)
    with first.terminal("Bar de la Poste") as at_first:
        signer = first.signer(at_first)
        with httpx.Client(
            base_url=second.url, auth=TerminalAuth(signer, second.clock), timeout=10
        ) as at_second:
            assert at_second.post("/v1/heartbeat", json={"status": {}}).status_code == 200
            with httpx.Client(base_url=first.url, timeout=10) as browser:
                form = browser.get("/console/login").text
                token = token_in(form)
                browser.post(
                    "/console/login",
                    data={
                        "csrf": token,
                        "name": "nadia",
                        "password": "correct horse battery staple",
                    },
                )
                token = token_in(browser.get("/console/terminals").text)
                done = browser.post(
                    f"/console/terminals/{signer.terminal_id}/disable",
                    data={"csrf": token, "confirmed": "yes"},
                )
                assert done.status_code == 303, done.text
            assert at_first.post("/v1/heartbeat", json={"status": {}}).status_code == 401
            deadline = time.monotonic() + 10  # every worker is told at the commit
            while at_second.post("/v1/heartbeat", json={"status": {}}).status_code == 200:
                assert time.monotonic() < deadline, "still accepted by the other worker"
                time.sleep(0.2)
