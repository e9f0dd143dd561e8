"""An answer that comes after the sale stopped waiting for it: every accepted bet gets its
ticket, once; every refused or void one its money back, told once.

Through the real parts: the server (on loopback, or its own process stalled with SIGSTOP),
the terminal's store, its drain and spool threads, and the emulated printer over a pty.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from firmware_sim.printer.render import to_text
from scripts.stage import Stage, stage
from terminal.app import Terminal, open_terminal
from terminal.config import load_config
from terminal.operations.sell import Draft, Sale, enqueue, sell, submit
from terminal.operations.shifts import open_shift
from terminal.operations.spool import PRINTED, LateOutcome
from terminal.store import bets, ledger
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import Terminals

ROOT = Path(__file__).resolve().parents[2]


def until(what: Callable[[], object], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not what():
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.05)


def told_to(terminal: Terminal) -> list[LateOutcome]:
    told: list[LateOutcome] = []
    terminal.spool.listeners.append(told.append)
    return told


def ledger_moves(terminal: Terminal, tid: str) -> list[tuple[str, int]]:
    rows = terminal.desk.store.all(
        "SELECT kind, amount FROM ledger WHERE ref = ? ORDER BY id", (tid,)
    )
    return [(r[0], r[1]) for r in rows]


def test_a_bet_answered_after_its_sale_gave_up_prints_once_when_the_server_is_back(
    terminals: Terminals, open_race: str, printed: list[str], proxy: FaultProxy
) -> None:
    counter = terminals.open()
    told = told_to(counter)
    try:
        proxy.set("blackhole")  # the server takes the connection and says nothing
        sale = sell(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
        assert sale.status == "PENDING"
        assert sale.offline is not None
        assert printed == []

        proxy.set("pass")
        counter.start()
        until(lambda: told)
        assert [t.kind for t in told] == [PRINTED]
        (outcome,) = told
        assert outcome.transaction_id == sale.transaction_id
        assert outcome.ticket_number is not None
        assert len([t for t in printed if outcome.ticket_number in t]) == 1
        time.sleep(2.5)  # a spool round or two more: nothing prints again
        assert len(printed) == 1
        assert ledger_moves(counter, sale.transaction_id) == [("sale", 150)]
    finally:
        counter.close()


def test_a_bet_refused_after_its_sale_gave_up_is_told_with_its_money_back(
    terminals: Terminals,
    open_race: str,
    printed: list[str],
    proxy: FaultProxy,
    live_server: LiveServer,
) -> None:
    counter = terminals.open()
    told = told_to(counter)
    try:
        proxy.set("drop")
        sale = sell(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
        assert sale.status == "PENDING"
        with live_server.admin() as admin:
            admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
        proxy.set("pass")
        counter.start()
        until(lambda: told)
        assert [(t.kind, t.transaction_id, t.cost) for t in told] == [
            (bets.VOID, sale.transaction_id, 150)
        ]
        assert told[0].problem is not None
        assert told[0].problem.code == "betting_closed"
        assert ledger_moves(counter, sale.transaction_id) == [("sale", 150), ("refund", -150)]
        assert printed == []
    finally:
        counter.close()


def test_an_answer_while_the_sale_still_waits_is_the_sales_alone_to_tell(
    terminals: Terminals, open_race: str, printed: list[str]
) -> None:
    """The drain worker and the waiting sale race for the same answer: one ticket, told by
    the sale, none by the spool — many times over."""
    counter = terminals.open()
    told = told_to(counter)
    counter.start()
    try:
        sales = [
            sell(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (n % 8 + 1,))) for n in range(12)
        ]
        assert all(s.status == "ACCEPTED" and s.printed for s in sales)
        time.sleep(2.5)  # a spool round: it finds nothing owed
        assert told == []
        assert len(printed) == 12
    finally:
        counter.close()


# -- the server itself stalled: SIGSTOP, 25 s, SIGCONT --------------------------------------


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    with stage(tmp_path_factory.mktemp("stage")) as where:
        yield where


def open_staged(staged: Stage, mode: str, store: Path, told: list[LateOutcome]) -> Terminal:
    """A terminal as ``guichet-terminal`` opens it from the stage's configuration file, what
    its spool tells going to ``told`` from the start."""
    config = load_config(staged.configs[mode])
    settings = config.settings
    terminal = open_terminal(type(settings)(**{**settings.__dict__, "store": store}))
    terminal.spool.listeners.append(told.append)
    terminal.feed.resync()
    if mode == "counter":
        open_shift(terminal.desk, 0)
    terminal.start()
    until(lambda: terminal.printer_state() == "ok")
    return terminal


def first_open_race(terminal: Terminal) -> str:
    row = terminal.desk.store.one(
        "SELECT race_id FROM race WHERE status = 'OPEN' ORDER BY post_time, race_id"
    )
    assert row is not None
    return str(row[0])


def server_bets(staged: Stage, terminal: Terminal) -> list[str]:
    """The ids of the server's bets from this terminal, read from its database file."""
    terminal_id = terminal.desk.client.credentials.terminal_id
    with sqlite3.connect(f"file:{staged.folder / 'server.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT id FROM bet WHERE terminal_id = ?", (terminal_id,)).fetchall()
    return [str(r[0]) for r in rows]


def test_the_server_stalled_25_s_during_a_sale_then_the_ticket_prints_once(
    staged: Stage, tmp_path: Path
) -> None:
    tickets: list[str] = []
    staged.rig.on_ticket(lambda ticket: tickets.append(to_text(ticket)))
    told: list[LateOutcome] = []
    counter = open_staged(staged, "counter", tmp_path / "counter.db", told)
    try:
        race = first_open_race(counter)
        os.kill(staged.server.pid, signal.SIGSTOP)
        stopped = time.monotonic()
        try:
            acknowledged = enqueue(counter.desk, Draft(race, "SIMPLE_GAGNANT", (3,), multiplier=2))
            assert acknowledged.status == bets.PENDING  # paid and durable: said at once
            outcome: list[Sale] = []
            waiting = threading.Thread(
                target=lambda: outcome.append(submit(counter.desk, acknowledged.transaction_id))
            )
            waiting.start()
            waiting.join(30)
            assert outcome
            assert outcome[0].status == bets.PENDING
            assert outcome[0].offline
            time.sleep(max(0.0, 25 - (time.monotonic() - stopped)))
            assert tickets == []
            assert told == []
        finally:
            os.kill(staged.server.pid, signal.SIGCONT)
        until(lambda: told, 60)
        tid = acknowledged.transaction_id
        assert [(t.kind, t.transaction_id) for t in told] == [(PRINTED, tid)]
        number = told[0].ticket_number
        assert number is not None
        time.sleep(3)  # the drain's retries, answered now: none prints the ticket again
        assert len([t for t in tickets if number in t]) == 1, tickets
        assert len(tickets) == 1
        assert server_bets(staged, counter) == [tid]
        assert ledger_moves(counter, tid) == [("sale", 300)]
        assert ledger.balance(counter.desk.store, ledger.DRAWER) == 300
    finally:
        counter.close()


def test_a_terminal_killed_while_the_answer_is_owed_prints_the_ticket_once_it_restarts(
    staged: Stage, tmp_path: Path
) -> None:
    """The sale is queued and paid; the terminal dies (SIGKILL) before the server answers;
    restarted, it sends the bet again (same transaction id) and prints its ticket once."""
    tickets: list[str] = []
    staged.rig.on_ticket(lambda ticket: tickets.append(to_text(ticket)))
    store = tmp_path / "kiosk.db"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.terminal.late_child",
            str(staged.configs["kiosk"]),
            str(store),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    try:
        assert child.stdout.readline() == "ready\n", child.communicate(timeout=30)[1]
        os.kill(staged.server.pid, signal.SIGSTOP)
        try:
            child.stdin.write("sell\n")
            child.stdin.flush()
            said, errors = child.communicate(timeout=60)
        finally:
            os.kill(staged.server.pid, signal.SIGCONT)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL, errors
    tid = said.strip().splitlines()[-1]
    assert tickets == []

    told: list[LateOutcome] = []
    kiosk = open_staged(staged, "kiosk", store, told)
    try:
        until(lambda: told, 60)
        assert [(t.kind, t.transaction_id) for t in told] == [(PRINTED, tid)]
        time.sleep(3)
        assert len(tickets) == 1
        assert told[0].ticket_number is not None
        assert told[0].ticket_number in tickets[0]
        assert server_bets(staged, kiosk) == [tid]
        assert ledger_moves(kiosk, tid) == [("sale", -150)]
        language = kiosk.desk.store.one("SELECT language FROM bet WHERE transaction_id = ?", (tid,))
        assert language is not None
        assert language[0] == "en"
        assert "Ticket" in tickets[0]
        assert "Simple gagnant" not in tickets[0]
    finally:
        kiosk.close()
