"""The terminal's composition root: every part built and wired here, explicitly.

``open_terminal`` builds the store, the signed server client, the outbox drain and its
worker, the ticket spool (tickets of answers that come late), the programme/odds feed, the
heartbeat and the printer, and recovers from whatever a
crash left (a ticket caught mid-print). The Qt application (``terminal.ui``) is built on top
of a ``Terminal``; the crash harness and the benchmarks use one without any screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

from catalogue import words_for
from drivers.printer.driver import TicketPrinter
from terminal.link.client import Credentials, ServerClient, ServerClock
from terminal.link.drain import Drain, DrainWorker
from terminal.link.feed import Feed
from terminal.link.heartbeat import Heartbeat
from terminal.operations import printing, shifts
from terminal.operations.desk import COUNTER, KIOSK, Desk, Printer
from terminal.operations.spool import TicketSpool
from terminal.steps import NO_STEPS, Steps
from terminal.store import Store, outbox


def _version() -> str:
    try:
        return metadata.version("guichet")
    except metadata.PackageNotFoundError:  # run from a source tree never installed
        return "unknown"


VERSION = _version()


@dataclass(frozen=True)
class TerminalSettings:
    store: Path
    server_url: str
    terminal_id: str
    secret: bytes = field(repr=False)
    printer_url: str = ""
    mode: str = COUNTER
    name: str = ""
    operator: str = ""
    timeout: float = 5.0
    language: str = "fr"  # what the terminal prints (and its screens' first language)
    printer_columns: int = 42


@dataclass
class Terminal:
    desk: Desk
    worker: DrainWorker
    feed: Feed
    heartbeat: Heartbeat
    spool: TicketSpool
    device: TicketPrinter | None = None  # the printer, for its status and the drawer
    owns_device: bool = False  # opened here (closed here), or handed in by the caller
    started: bool = False
    # the bill acceptor's state, for the supervision page: the kiosk's screens own the device
    bill_acceptor: Callable[[], str] = lambda: "none"

    def start(self) -> None:
        """Start the background workers (none runs on the caller's thread)."""
        self.started = True
        if self.desk.mode == KIOSK:
            shifts.keep_open(self.desk)
        if self.device is not None and self.owns_device:
            self.device.start(absent_ok=True)  # unplugged at boot: offline until it appears
        self.worker.start()
        self.spool.start()
        self.feed.start()
        self.heartbeat.start()

    def status(self) -> dict[str, Any]:
        """What the heartbeat reports and the screens show."""
        state = self.desk.drain.state
        return {
            "online": state.online,
            "queue_depth": outbox.depth(self.desk.store),
            "last_error": state.last_error,
            "clock_offset_ms": round(self.desk.client.clock.offset.total_seconds() * 1000),
            "odds_stream": self.feed.connected,
            "printer": self.printer_state(),
            "bill_acceptor": self.bill_acceptor(),
            "mode": self.desk.mode,
            "version": VERSION,
        }

    def printer_state(self) -> str:
        """From memory: the driver watches the paper between jobs."""
        if self.device is None:
            return "none"
        return self.device.last_status.value

    def can_sell(self) -> str:
        """Why this terminal cannot sell now ("" if it can): no paper, or no server."""
        if why := self.desk.printer_problem():
            return why
        if not self.desk.drain.state.online:
            return "offline"
        return ""

    def close(self) -> None:
        if self.started:
            self.heartbeat.stop()
            self.feed.stop()
            self.worker.stop()
            self.spool.stop()
        if self.device is not None and self.owns_device:
            self.device.close()
        self.desk.client.close()
        self.desk.store.close()


def open_terminal(
    settings: TerminalSettings,
    *,
    printer: Printer | None = None,
    steps: Steps = NO_STEPS,
    transport: httpx.BaseTransport | None = None,
    local_clock: Callable[[], datetime] | None = None,
) -> Terminal:
    """``local_clock`` is this machine's clock (tests pass the server's test clock)."""
    store = Store(settings.store)
    client = ServerClient(
        Credentials(settings.server_url, settings.terminal_id, settings.secret),
        ServerClock(local_clock),
        timeout=settings.timeout,
        transport=transport,
    )
    drain = Drain(store, client, steps)
    owns_device = printer is None
    if printer is None:
        printer = TicketPrinter("printer", settings.printer_url)
    device = printer if isinstance(printer, TicketPrinter) else None
    desk = Desk(store, client, drain, printer, settings.mode, settings.name or settings.terminal_id,
                settings.operator, steps, words_for(settings.language),
                settings.printer_columns)  # fmt: skip
    worker, spool = DrainWorker(drain), TicketSpool(desk)
    desk.wake = worker.wake
    drain.listeners.append(spool.on_late)
    terminal = Terminal(
        desk, worker, Feed(store, client), Heartbeat(client, dict, state=drain.state), spool
    )
    terminal.device, terminal.owns_device = device, owns_device
    if device is not None:
        desk.printer_problem = lambda: (
            "" if device.last_status.can_print else (device.last_status.value)
        )
    terminal.heartbeat.status = terminal.status
    printing.recover(desk)
    return terminal
