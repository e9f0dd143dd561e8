"""The terminal's composition root: every part built and wired here, explicitly.

``open_terminal`` builds the store, the signed server client, the outbox drain and its
worker, the ticket spool (tickets of answers that come late), the programme/odds feed, the
heartbeat and the devices (every kind the configuration gives a URL for: ``terminal.devices``),
and recovers from whatever a crash left (a ticket caught mid-print). The Qt application
(``terminal.ui``) is built on top of a ``Terminal``; the crash harness and the benchmarks use
one without any screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

from catalogue import words_for
from drivers.device import Device
from drivers.printer.driver import TicketPrinter
from terminal.devices import Devices
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
    devices: Mapping[str, str] = field(default_factory=dict)  # kind → URL ([devices])
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
    devices: Devices = field(default_factory=lambda: Devices([]))
    started: bool = False

    @property
    def printer(self) -> TicketPrinter | None:
        """The ticket printer's driver, for its status and the drawer (None: not a device)."""
        return self.devices.get("printer", TicketPrinter)

    def start(self) -> None:
        """Start the devices and the background workers (none runs on the caller's thread)."""
        self.started = True
        if self.desk.mode == KIOSK:
            shifts.keep_open(self.desk)
        self.devices.start()
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
            **self.devices.states(),  # printer, scanner, bill_acceptor, card_reader, …
            "mode": self.desk.mode,
            "version": VERSION,
        }

    def printer_state(self) -> str:
        """From memory: the driver watches the paper between jobs."""
        return self.devices.states()["printer"]

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
        self.devices.close()
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
    """``printer``: one the caller opened (and closes), in place of the configured one;
    ``local_clock`` is this machine's clock (tests pass the server's test clock)."""
    store = Store(settings.store)
    client = ServerClient(
        Credentials(settings.server_url, settings.terminal_id, settings.secret),
        ServerClock(local_clock),
        timeout=settings.timeout,
        transport=transport,
    )
    drain = Drain(store, client, steps)
    handed: dict[str, Device] = {"printer": printer} if isinstance(printer, Device) else {}
    urls = {**settings.devices, **({"printer": ""} if printer is not None else {})}
    devices = Devices.open(urls, settings.mode, handed=handed)
    device = devices.get("printer", TicketPrinter)
    if printer is None:
        # the configuration names a printer (it must): without one, nothing prints
        printer = device if device is not None else TicketPrinter("printer", "")
    desk = Desk(
        store,
        client,
        drain,
        printer,
        settings.mode,
        settings.name or settings.terminal_id,
        settings.operator,
        steps,
        words_for(settings.language),
        settings.printer_columns,
    )
    worker, spool = DrainWorker(drain), TicketSpool(desk)
    desk.wake = worker.wake
    drain.listeners.append(spool.on_late)
    terminal = Terminal(
        desk,
        worker,
        Feed(store, client),
        Heartbeat(client, dict, state=drain.state),
        spool,
        devices,
    )
    if device is not None:
        desk.printer_problem = lambda: (
            "" if device.last_status.can_print else (device.last_status.value)
        )
    terminal.heartbeat.status = terminal.status
    printing.recover(desk)
    return terminal
