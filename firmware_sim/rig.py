"""A set of simulated devices behind their lines: what ``guichet-sim``, the tests and the demo
start. One place knows every device, its URL, its knobs and the commands it takes.

Commands (the control interface and the panel call :meth:`Rig.command`)::

    {"cmd": "devices"}                                   the URLs
    {"cmd": "swipe", "number": "...", "holder": "...", "expiry": "YYMM"}
    {"cmd": "swipe_raw", "hex": "02..."}                 any bytes, garbled frames included
    {"cmd": "scan", "code": "..."}
    {"cmd": "insert", "amount": 1000}                    a note, in cents
    {"cmd": "fault", "device": "printer", "knob": "paper_out", "value": true}
    {"cmd": "tickets"}                                   the printed tickets, as text
"""

from __future__ import annotations

import itertools
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from drivers.card_reader.iso7811 import PlayerCard
from drivers.errors import FrameError
from firmware_sim.bill_acceptor import AcceptorKnobs, BillAcceptorEmulator
from firmware_sim.emulator import Emulator
from firmware_sim.faults import LineFaults
from firmware_sim.printer import render
from firmware_sim.printer.document import Ticket
from firmware_sim.printer.model import PrinterKnobs, PrinterModel
from firmware_sim.pty_line import PtyLine
from firmware_sim.readers import CardReaderEmulator, ScannerEmulator
from firmware_sim.tcp_line import TcpLine


class CommandError(Exception):
    """A control command that cannot be carried out; the message says why."""


@dataclass
class RigOptions:
    folder: Path | None = None  # where the device links live (a temporary folder if None)
    out: Path | None = None  # where rendered tickets are written
    printer_baud: int = 0  # 0: unpaced; 38400 for a real printer's line
    printer_tcp_port: int | None = 9100  # None: no network interface
    serial_baud: int = 0  # pacing of the reader, scanner and acceptor lines


class Rig:
    def __init__(self, options: RigOptions | None = None) -> None:
        self.options = options or RigOptions()
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        if self.options.folder is None:
            self._temp = tempfile.TemporaryDirectory(prefix="guichet-sim-")
            self.folder = Path(self._temp.name)
        else:
            self.folder = self.options.folder
            self.folder.mkdir(parents=True, exist_ok=True)
        self.printer = PrinterModel()
        self.card_reader = CardReaderEmulator()
        self.scanner = ScannerEmulator()
        self.bill_acceptor = BillAcceptorEmulator()
        emulators: dict[str, tuple[Emulator, int]] = {
            "printer": (self.printer, self.options.printer_baud),
            "card_reader": (self.card_reader, self.options.serial_baud),
            "scanner": (self.scanner, self.options.serial_baud),
            "bill_acceptor": (self.bill_acceptor, self.options.serial_baud),
        }
        self.lines = {
            name: PtyLine(name, self.folder, emulator, LineFaults(baud))
            for name, (emulator, baud) in emulators.items()
        }
        self.card_reader.outbox = self.lines["card_reader"]
        self.scanner.outbox = self.lines["scanner"]
        self.printer_tcp = (
            TcpLine(self.printer, port=self.options.printer_tcp_port)
            if self.options.printer_tcp_port is not None
            else None
        )
        self.rendered: list[tuple[Path, Path]] = []
        self._numbers = itertools.count(1)
        self._listeners: list[Callable[[Ticket], None]] = []
        self._lock = threading.Lock()
        self.printer.on_ticket.append(self._printed)

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> Rig:
        for line in self.lines.values():
            line.start()
        if self.printer_tcp is not None:
            self.printer_tcp.start()
        return self

    def stop(self) -> None:
        for line in self.lines.values():
            line.stop()
        if self.printer_tcp is not None:
            self.printer_tcp.stop()
        if self._temp is not None:
            self._temp.cleanup()

    def __enter__(self) -> Rig:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def urls(self) -> dict[str, str]:
        urls = {name: line.url for name, line in self.lines.items()}
        if self.printer_tcp is not None:
            urls["printer_tcp"] = self.printer_tcp.url
        return urls

    def on_ticket(self, listener: Callable[[Ticket], None]) -> None:
        self._listeners.append(listener)

    def _printed(self, ticket: Ticket) -> None:
        if self.options.out is not None:
            with self._lock:
                stem = f"ticket-{next(self._numbers):04d}"
            self.rendered.append(render.save(ticket, self.options.out, stem))
        for listener in list(self._listeners):
            listener(ticket)

    # -- commands -------------------------------------------------------------------------

    def command(self, request: dict[str, Any]) -> dict[str, Any]:
        """Carry out one command; raises CommandError naming what was wrong."""
        name = request.get("cmd")
        handlers: dict[str, Callable[[], dict[str, Any]]] = {
            "devices": lambda: {"devices": self.urls()},
            "swipe": lambda: self._swipe(request),
            "swipe_raw": lambda: self._swipe_raw(request),
            "scan": lambda: self._scan(request),
            "insert": lambda: {"result": self.bill_acceptor.insert(_int(request, "amount"))},
            "fault": lambda: self._fault(request),
            "tickets": lambda: {"tickets": [render.to_text(t) for t in self.printer.tickets]},
        }
        handler = handlers.get(str(name))
        if handler is None:
            raise CommandError(f"unknown command {name!r}")
        return {"ok": True, **handler()}

    def _swipe(self, request: dict[str, Any]) -> dict[str, Any]:
        card = PlayerCard(
            number=_str(request, "number"),
            holder=str(request.get("holder", "")).upper(),
            expiry=str(request.get("expiry", "3012")),
        )
        try:
            frame = self.card_reader.swipe(card)
        except FrameError as exc:
            raise CommandError(f"this card cannot be written on a stripe: {exc}") from exc
        return {"frame": frame.hex()}

    def _swipe_raw(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            frame = bytes.fromhex(_str(request, "hex"))
        except ValueError as exc:
            raise CommandError("hex: not hexadecimal bytes") from exc
        self.card_reader.send_raw(frame)
        return {}

    def _scan(self, request: dict[str, Any]) -> dict[str, Any]:
        code = _str(request, "code")
        if not code.isascii() or not code.isprintable():
            raise CommandError("code: printable ASCII only")
        self.scanner.scan(code)
        return {}

    def _fault(self, request: dict[str, Any]) -> dict[str, Any]:
        device, knob, value = _str(request, "device"), _str(request, "knob"), request.get("value")
        line = self.lines.get(device)
        if line is None:
            raise CommandError(f"device: one of {', '.join(self.lines)}")
        if knob == "unplugged":
            if value:
                line.unplug()
                if device == "printer" and self.printer_tcp is not None:
                    self.printer_tcp.unplug()
            else:
                line.plug()
                if device == "printer" and self.printer_tcp is not None:
                    self.printer_tcp.plug()
            return {}
        if knob in {"baud", "garble_rate"}:
            _set(line.faults, knob, value)
            return {}
        targets: dict[str, PrinterKnobs | AcceptorKnobs] = {
            "printer": self.printer.knobs,
            "bill_acceptor": self.bill_acceptor.knobs,
        }
        target = targets.get(device)
        if target is None or knob not in {f.name for f in fields(target)}:
            known = ["unplugged", "baud", "garble_rate"]
            if target is not None:
                known += [f.name for f in fields(target)]
            raise CommandError(f"knob: {device} has {', '.join(known)}")
        _set(target, knob, value)
        return {}


def _set(target: object, knob: str, value: object) -> None:
    current = getattr(target, knob)
    if isinstance(current, bool) or (current is None and isinstance(value, bool)):
        if not isinstance(value, bool):
            raise CommandError(f"{knob}: true or false")
    elif knob == "garble_rate":
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise CommandError("garble_rate: a number from 0 to 1")
        value = float(value)
    elif not (
        value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
    ):
        raise CommandError(f"{knob}: a whole number >= 0")
    setattr(target, knob, value)


def _str(request: dict[str, Any], key: str) -> str:
    value = request.get(key)
    if not isinstance(value, str) or not value:
        raise CommandError(f"{key}: a non-empty string is required")
    return value


def _int(request: dict[str, Any], key: str) -> int:
    value = request.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise CommandError(f"{key}: a positive whole number is required")
    return value
