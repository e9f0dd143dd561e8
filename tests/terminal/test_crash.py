"""SIGKILL at every step of a sale, a cancellation and a payout, and at random moments.

The terminal core runs in a child process (``crash_child.py``) against the real server on
loopback and the emulated printer over TCP. After each kill, the next run recovers as the app
does at start-up; then the records are checked against the server's:

- no accepted bet lost, none doubled: the server's bets of this terminal are exactly the
  local ones it accepted, with the same ticket numbers;
- no payout twice, none unrecorded: the server's payouts are exactly the local PAID ones;
- no printed ticket without an accepted bet: every ticket number on paper is accepted;
- no money unaccounted for: each bet has one sale entry, one refund if it was refused or
  cancelled; each payout one entry; the drawer is the float plus what the server says.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from firmware_sim.printer.render import to_text
from firmware_sim.rig import Rig, RigOptions
from terminal.steps import CANCEL, PAYOUT, SALE
from terminal.store import Store, journal
from tests.servers import LiveServer
from tests.terminal.conftest import Account, new_account
from tests.terminal.test_operations import settle

ROOT = Path(__file__).resolve().parents[2]
RANDOM_KILLS = int(os.environ.get("GUICHET_CRASH_RANDOM", "12"))
TICKET = re.compile(r"(?<!\d)(26\d{12})(?!\d)")


@dataclass
class Harness:
    server: LiveServer
    account: Account
    store: Path
    rig: Rig
    printed: list[str] = field(default_factory=list)
    kills: int = 0
    runs: int = 0

    def run(
        self, action: str, *args: str, kill_at: str = "", kill_after: float | None = None
    ) -> dict[str, Any] | None:
        """One child run; its JSON result, or None if it was killed."""
        command = [
            sys.executable,
            "-m",
            "tests.terminal.crash_child",
            "--store",
            str(self.store),
            "--server",
            self.server.url,
            "--terminal",
            self.account.terminal_id,
            "--secret",
            self.account.secret.hex(),
            "--printer",
            self.rig.urls()["printer_tcp"],
            "--now",
            self.server.clock().isoformat(),
            "--kill-at",
            kill_at,
            action,
            *args,
        ]
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.runs += 1
        if kill_after is not None:
            try:
                child.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        if child.returncode == -signal.SIGKILL:
            self.kills += 1
            return None
        assert child.returncode == 0, f"the terminal core failed: {action} {args}"
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result

    def server_rows(self, sql: str) -> list[tuple[Any, ...]]:
        terminal_id = self.account.terminal_id
        rows = self.server.tote.call(lambda d: d.store.execute(sql, (terminal_id,)).fetchall())
        return [tuple(r) for r in rows.result(timeout=10)]

    def check(self, *, settled: bool) -> int:
        """The invariants; ``settled`` once a recovery run has drained everything."""
        store = Store(self.store)
        try:
            bets = {r["transaction_id"]: r for r in store.all("SELECT * FROM bet")}
            ours = dict(self.server_rows("SELECT id, ticket_number FROM bet WHERE terminal_id = ?"))
            cancelled = {
                r[0]
                for r in self.server_rows(
                    "SELECT id FROM bet WHERE terminal_id = ? AND status = 'CANCELLED'"
                )
            }
            assert set(ours) <= set(bets), "the server has a bet this terminal does not know"
            for tid, number in ours.items():
                if settled or bets[tid]["status"] != "PENDING":
                    assert bets[tid]["ticket_number"] == number
            accepted = {t for t, b in bets.items() if b["status"] in {"ACCEPTED", "CANCELLED"}}
            assert accepted <= set(ours), "a bet is ACCEPTED here that the server never had"
            on_paper = {n for text in self.printed for n in TICKET.findall(text)}
            assert on_paper <= set(ours.values()), "a ticket printed for a bet never accepted"

            payouts = dict(
                self.server_rows(
                    "SELECT transaction_id, amount_cents FROM payout WHERE terminal_id = ?"
                )
            )
            local_paid = {
                row["transaction_id"]: row["amount"]
                for row in store.all(
                    "SELECT transaction_id, amount FROM payout WHERE state = 'PAID'"
                )
            }
            assert set(local_paid) <= set(payouts)
            ledger = [tuple(r) for r in store.all("SELECT kind, ref, amount FROM ledger")]
            assert len(ledger) == len({(k, r) for k, r, _ in ledger}), "money moved twice"
            sales = {r: a for k, r, a in ledger if k == "sale"}
            assert set(sales) == set(bets), "a bet without its payment, or a payment without bet"
            if settled:
                assert all(b["status"] != "PENDING" for b in bets.values())
                assert local_paid == payouts, "a payout the server made is not recorded here"
                assert cancelled == {t for t, b in bets.items() if b["status"] == "CANCELLED"}
                refunded = {r for k, r, _ in ledger if k in {"refund", "cancel"}}
                assert refunded == {
                    t for t, b in bets.items() if b["status"] in {"VOID", "REFUSED", "CANCELLED"}
                }
                float_ = sum(a for k, _, a in ledger if k == "float")
                server_cost = dict(
                    self.server_rows(
                        "SELECT id, cost FROM bet WHERE terminal_id = ? AND status != 'CANCELLED'"
                    )
                )
                drawer = sum(a for _, _, a in ledger)
                assert drawer == float_ + sum(server_cost.values()) - sum(payouts.values())
            assert journal.verify(store.conn) is None
            return len(bets) + len(payouts) + len(on_paper)
        finally:
            store.close()


@pytest.fixture
def harness(live_server: LiveServer, open_race: str, tmp_path: Path) -> Iterator[Harness]:
    with live_server.admin() as admin:
        admin.post("/v1/admin/races/2026-11-21/R1C2/open").raise_for_status()
    with Rig(RigOptions(printer_tcp_port=0)) as rig:
        harness = Harness(live_server, new_account(live_server), tmp_path / "t.db", rig)
        rig.on_ticket(lambda ticket: harness.printed.append(to_text(ticket)))
        yield harness


def test_sigkill_at_every_step_and_at_random_leaves_nothing_lost_or_doubled(
    harness: Harness, live_server: LiveServer, open_race: str
) -> None:
    other = "2026-11-21/R1C2"
    checked = 0
    # winners to pay later, sold before any kill
    winners = [harness.run("sell", open_race, "4") for _ in PAYOUT]
    assert all(w is not None and w["status"] == "ACCEPTED" for w in winners), winners
    for step in SALE:
        assert harness.run("sell", other, "3", kill_at=step) is None, f"not killed at {step}"
        checked += harness.check(settled=False)
    for step in CANCEL:
        sold = harness.run("sell", other, "5")
        assert sold is not None
        assert sold["status"] == "ACCEPTED", sold
        assert harness.run("cancel", sold["transaction_id"], kill_at=step) is None, step
        checked += harness.check(settled=False)
    rng = random.Random(2026)
    for _ in range(RANDOM_KILLS):
        harness.run("sell", other, str(rng.randint(1, 8)), kill_after=rng.uniform(0.3, 1.5))
        checked += harness.check(settled=False)

    settle(live_server, open_race, [[4], [7], [2]])
    for step, sold in zip(PAYOUT, winners, strict=True):
        assert sold is not None
        assert harness.run("pay", sold["barcode"], kill_at=step) is None, f"not killed at {step}"
        checked += harness.check(settled=False)
        again = harness.run("pay", sold["barcode"])  # the clerk tries again after the restart
        assert again is not None
        assert again.get("status") == "PAID" or again.get("error") == "already_paid", again

    harness.run("recover")
    checked += harness.check(settled=True)
    deterministic = len(SALE) + len(CANCEL) + len(PAYOUT)
    assert harness.kills >= deterministic
    print(
        f"crash harness: {harness.kills} kills ({deterministic} at named steps) in "
        f"{harness.runs} runs, {checked} records checked"
    )
