"""A Hypothesis state machine: sales queue, the outbox drains, answers get lost, the network
drops, the terminal crashes between the server's answer and its own record, and restarts.
After every step the records agree with the server's; at the end, exactly."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from drivers.printer.driver import TicketPrinter
from terminal.app import Terminal
from terminal.errors import Offline
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import open_shift
from terminal.store import outbox
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import new_account, start_terminal


class Crash(Exception):
    """The process dying at a step: nothing after it runs."""


class CrashAt:
    def __init__(self, name: str) -> None:
        self.name = name

    def reached(self, name: str) -> None:
        if name == self.name:
            raise Crash(name)


class NoCrash:
    def reached(self, name: str) -> None:
        return None


def outbox_machine(
    server: LiveServer, proxy: FaultProxy, printer: TicketPrinter, race: str
) -> type[RuleBasedStateMachine]:
    class Outbox(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.folder = tempfile.TemporaryDirectory()
            self.account = new_account(server)
            self.terminal = self._open()
            open_shift(self.terminal.desk)
            proxy.set("pass")

        def _open(self) -> Terminal:
            path = Path(self.folder.name) / "t.db"
            terminal = start_terminal(server, self.account, path, printer, url=proxy.url)
            terminal.feed.resync()
            return terminal

        @rule(runner=st.integers(1, 8), multiplier=st.integers(1, 3))
        def sell_offline(self, runner: int, multiplier: int) -> None:
            draft = Draft(race, "SIMPLE_GAGNANT", (runner,), multiplier=multiplier)
            sell(self.terminal.desk, draft, wait=False)

        @rule()
        def drain(self) -> None:
            proxy.set("pass")
            self.terminal.desk.drain.once()

        @rule(fault=st.sampled_from(["reset_response", "drop"]))
        def drain_through_a_fault(self, fault: str) -> None:
            if not outbox.depth(self.terminal.desk.store):
                return
            proxy.set(fault)
            with pytest.raises(Offline):
                self.terminal.desk.drain.once()
            proxy.set("pass")

        @rule(step=st.sampled_from(["drain.answered", "drain.recorded"]))
        def crash_while_draining(self, step: str) -> None:
            """Killed after the server answered, before or after the record; then restarted."""
            proxy.set("pass")
            drain = self.terminal.desk.drain
            drain.steps = CrashAt(step)
            with contextlib.suppress(Crash):
                drain.once()
            drain.steps = NoCrash()
            self.restart()

        @rule()
        def restart(self) -> None:
            self.terminal.close()
            self.terminal = self._open()

        @invariant()
        def the_server_has_nothing_we_do_not(self) -> None:
            local, server_side = self._records()
            assert set(server_side) <= set(local)
            for tid, (status, number) in local.items():
                if status == "ACCEPTED":
                    assert server_side[tid] == number
            sales = self.terminal.desk.store.all("SELECT ref FROM ledger WHERE kind = 'sale'")
            assert sorted(r[0] for r in sales) == sorted(local)

        def teardown(self) -> None:
            proxy.set("pass")
            self.terminal.desk.drain.until_empty()
            local, server_side = self._records()
            assert {t: n for t, (_, n) in local.items()} == server_side
            self.terminal.close()
            self.folder.cleanup()

        def _records(self) -> tuple[dict[str, tuple[str, Any]], dict[str, str]]:
            local = {
                r[0]: (r[1], r[2])
                for r in self.terminal.desk.store.all(
                    "SELECT transaction_id, status, ticket_number FROM bet"
                )
            }
            terminal_id = self.account.terminal_id
            rows = server.tote.call(
                lambda d: d.store.execute(
                    "SELECT id, ticket_number FROM bet WHERE terminal_id = ?", (terminal_id,)
                ).fetchall()
            ).result(timeout=10)
            return local, {r[0]: r[1] for r in rows}

    return Outbox


def test_the_outbox_under_lost_answers_crashes_and_restarts(
    live_server: LiveServer, open_race: str, proxy: FaultProxy, sim_printer: TicketPrinter
) -> None:
    machine = outbox_machine(live_server, proxy, sim_printer, open_race)
    machine.TestCase.settings = settings(
        max_examples=20,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    machine.TestCase().runTest()
