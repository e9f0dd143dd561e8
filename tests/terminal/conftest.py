"""A terminal core against a real server on loopback and the emulated printer over a pty."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drivers.printer.driver import TicketPrinter
from firmware_sim.printer.render import to_text
from firmware_sim.rig import Rig, RigOptions
from terminal.app import Terminal, TerminalSettings, open_terminal
from terminal.operations.desk import COUNTER, Desk
from terminal.operations.shifts import open_shift
from terminal.store import Store
from tests.netfaults import FaultProxy
from tests.servers import LiveServer


def one_value(store: Store, sql: str) -> Any:
    """The first column of the one row the test knows the query finds."""
    row = store.one(sql)
    assert row is not None, sql
    return row[0]


@dataclass(frozen=True)
class Account:
    terminal_id: str
    secret: bytes


def new_account(server: LiveServer, name: str = "Bar du Cheval Blanc") -> Account:
    with server.admin() as admin:
        answer = admin.post("/v1/admin/terminals", json={"name": name})
        answer.raise_for_status()
        body = answer.json()
    return Account(body["terminal_id"], bytes.fromhex(body["secret"]))


@pytest.fixture
def account(live_server: LiveServer) -> Account:
    return new_account(live_server)


@pytest.fixture
def sim_rig() -> Iterator[Rig]:
    with Rig(RigOptions(printer_tcp_port=None)) as rig:  # the pty only: no fixed port
        yield rig


@pytest.fixture
def printed(sim_rig: Rig) -> list[str]:
    """The text of every document the emulated printer cut, in order."""
    texts: list[str] = []
    sim_rig.on_ticket(lambda ticket: texts.append(to_text(ticket)))
    return texts


@pytest.fixture
def sim_printer(sim_rig: Rig) -> Iterator[TicketPrinter]:
    printer = TicketPrinter("printer", sim_rig.urls()["printer"], reconnect_interval=0.1)
    printer.start()
    printer.check_health()
    yield printer
    printer.close()


def start_terminal(
    server: LiveServer,
    account: Account,
    store: Path,
    printer: TicketPrinter,
    mode: str = COUNTER,
    url: str | None = None,
) -> Terminal:
    """A terminal as the app opens it, workers not started: the test drives each step."""
    settings = TerminalSettings(
        store=store,
        server_url=url or server.url,
        terminal_id=account.terminal_id,
        secret=account.secret,
        mode=mode,
        name="T-TEST",
        operator="Marie",
        timeout=2.0,
    )
    return open_terminal(settings, printer=printer, local_clock=server.clock)


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[FaultProxy]:
    """The network between terminal and server, faults on demand (``pass`` to begin)."""
    faults = FaultProxy(live_server.url)
    yield faults
    faults.close()


@dataclass
class Terminals:
    """Opens terminals the way the fixtures below do; the test may open several."""

    server: LiveServer
    account: Account
    folder: Path
    printer: TicketPrinter
    proxy: FaultProxy

    def open(self, mode: str = COUNTER, float_cents: int = 0) -> Terminal:
        """Through ``proxy``, today's programme loaded, a shift open."""
        terminal = start_terminal(
            self.server,
            self.account,
            self.folder / f"{mode}.db",
            self.printer,
            mode=mode,
            url=self.proxy.url,
        )
        terminal.feed.resync()
        open_shift(terminal.desk, float_cents)
        return terminal


@pytest.fixture
def terminals(
    live_server: LiveServer,
    open_race: str,
    account: Account,
    tmp_path: Path,
    sim_printer: TicketPrinter,
    proxy: FaultProxy,
) -> Terminals:
    return Terminals(live_server, account, tmp_path, sim_printer, proxy)


@pytest.fixture
def counter(terminals: Terminals) -> Iterator[Terminal]:
    """A counter terminal with a 50 € float."""
    terminal = terminals.open(COUNTER, 5000)
    yield terminal
    terminal.close()


@pytest.fixture
def desk(counter: Terminal) -> Desk:
    return counter.desk
