"""A terminal disabled at the console sells nothing more, at any worker, from the disable's
commit on (issue 26, item 6).

A worker verifies signatures with its own copy of the secrets; another worker's copy went
on accepting the disabled terminal's bets for up to 5 s. Now the bet's own transaction
checks the terminal (exact, whatever a copy says), and every worker is told at the commit
(PostgreSQL's LISTEN/NOTIFY), which keeps the copies fresh.
"""

from __future__ import annotations

import queue
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from backend.fleet import disable_terminal
from backend.operators import create_operator
from backend.secrets_feed import SecretsFeed
from backend.store import is_url, open_store
from backend.terminals import create_terminal
from scripts.loopback import Clock
from tests.servers import NOON, LiveServer, running_server
from wire.signing import TerminalAuth

from .test_api import assert_problem, bet
from .test_workers import load_day

RACE = "2026-11-21/R1C1"
PASSWORD = "correct horse battery staple"


def bets_of(server: LiveServer, terminal_id: str) -> tuple[int, int]:
    """The bets and the recorded refusals of a terminal, as the database has them."""

    def count(desk: Any) -> tuple[int, int]:
        store = desk.store
        bets = store.execute("SELECT COUNT(*) FROM bet WHERE terminal_id = ?", (terminal_id,))
        refusals = store.execute(
            "SELECT COUNT(*) FROM refusal WHERE terminal_id = ?", (terminal_id,)
        )
        return int(bets.fetchone()[0]), int(refusals.fetchone()[0])

    found: tuple[int, int] = server.tote.call(count).result(timeout=30)
    return found


def test_a_bet_committed_after_the_disable_is_refused_whatever_the_copy_says(
    server_db: str, live_server: LiveServer, open_race: str
) -> None:
    """The terminal disabled after its request's signature was verified (at another worker,
    or while its request waited for the tote): its bet is refused in its own transaction,
    as its signature would be, and this worker's copy of its secret is dropped."""
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
        terminal.post("/v1/bets", json=bet(open_race)).raise_for_status()
        secrets = live_server.app.state.context.secrets
        stale = secrets[signer.terminal_id]
        live_server.tote.call(
            lambda desk: disable_terminal(desk.store, signer.terminal_id, NOON)
        ).result(timeout=30)
        if is_url(server_db):  # this worker is told, too: wait for it, then go stale again
            deadline = time.monotonic() + 30
            while signer.terminal_id in secrets:
                assert time.monotonic() < deadline, "the disable was not heard"
                time.sleep(0.01)
        secrets[signer.terminal_id] = stale  # the copy still says it may sign
        one = terminal.post("/v1/bets", json=bet(open_race))
        assert signer.terminal_id not in secrets  # dropped by the refusal
        secrets[signer.terminal_id] = stale
        batch = terminal.post("/v1/bets/batch", json={"bets": [bet(open_race), bet(open_race)]})
        after = terminal.post("/v1/heartbeat", json={"status": {}})
    assert "is disabled" in assert_problem(one, 401, "terminal_disabled")["detail"]
    assert_problem(batch, 401, "terminal_disabled")  # the request as a whole, not each bet
    assert_problem(after, 401, "bad_signature")
    assert bets_of(live_server, signer.terminal_id) == (1, 0)  # nothing taken, nothing kept


def login(browser: httpx.Client) -> None:
    """Nadia, of supervision, on the console at ``browser``'s worker."""
    form = browser.get("/console/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    signed_in = browser.post(
        "/console/login", data={"csrf": token.group(1), "name": "nadia", "password": PASSWORD}
    )
    assert signed_in.status_code in {200, 303}, signed_in.text


def disable_at_console(browser: httpx.Client, terminal_id: str) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/console/terminals").text)
    assert token is not None
    done = browser.post(
        f"/console/terminals/{terminal_id}/disable",
        data={"csrf": token.group(1), "confirmed": "yes"},
    )
    assert done.status_code == 303, done.text


@pytest.fixture
def two_workers(fresh_pg: str, clock: Clock) -> Iterator[tuple[LiveServer, LiveServer]]:
    with running_server(fresh_pg, clock) as first, running_server(fresh_pg, clock) as second:
        first.tote.call(
            lambda desk: create_operator(desk.store, "nadia", "supervisor", PASSWORD, NOON)
        ).result(timeout=30)
        load_day(first, RACE)
        yield first, second


def test_a_terminal_disabled_at_one_worker_sells_nothing_more_at_the_other(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    """Disabled at worker A's console; a bet signed by it at worker B right after the answer
    is refused (it sold 21 more there in the 5 s before, issue 26); repeated on terminals
    whose secret B had read."""
    first, second = two_workers
    with httpx.Client(base_url=first.url, timeout=10) as browser:
        login(browser)
        for round_ in range(5):
            with first.terminal(f"Bar {round_}") as at_first:
                signer = first.signer(at_first)
            with httpx.Client(
                base_url=second.url, auth=TerminalAuth(signer, second.clock), timeout=10
            ) as at_second:
                at_second.post("/v1/bets", json=bet(RACE)).raise_for_status()  # B has it
                disable_at_console(browser, signer.terminal_id)
                one = at_second.post("/v1/bets", json=bet(RACE))
                batch = at_second.post("/v1/bets/batch", json={"bets": [bet(RACE)]})
            for answer in (one, batch):
                assert answer.status_code == 401, answer.text
                assert answer.json()["code"] in {"terminal_disabled", "bad_signature"}
            assert bets_of(second, signer.terminal_id) == (1, 0)


def test_every_worker_is_told_of_a_registration_and_a_disable_at_its_commit(
    fresh_pg: str,
) -> None:
    """What each worker's secrets feed hears: the whole copy first, then each terminal
    registered or disabled anywhere, as its transaction commits (no rereading needed)."""
    told: queue.Queue[tuple[str, object]] = queue.Queue()
    feed = SecretsFeed(
        fresh_pg,
        lambda found: told.put(("all", found)),
        lambda terminal_id: told.put(("drop", terminal_id)),
        every=3600,
        poll=0.05,
    )
    store = open_store(fresh_pg, create=True)
    try:
        feed.start()
        assert told.get(timeout=30) == ("all", {})
        terminal_id, secret = create_terminal(store, "Kiosque 7", NOON)
        assert told.get(timeout=30) == ("drop", terminal_id)
        disable_terminal(store, terminal_id, NOON)
        assert told.get(timeout=30) == ("drop", terminal_id)
        assert told.empty()
    finally:
        feed.stop()
        store.close()
    assert secret
