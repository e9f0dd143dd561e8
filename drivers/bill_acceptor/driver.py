"""The bill acceptor: polled every 200 ms (ccTalk part 1 recommends polling a bill validator
at least every second; more often keeps the escrow responsive), events turned into data:
a note held in escrow waits for the application to ``stack`` or ``return_bill`` it, and only
a stacked note is credit.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import dataclass

from drivers.bill_acceptor import cctalk
from drivers.bill_acceptor.cctalk import (
    BILL_VALIDATOR_ADDRESS,
    FAULTS,
    HOST_ADDRESS,
    BillStatus,
    Header,
    Message,
    RouteCode,
)
from drivers.device import Device
from drivers.errors import DeviceError, DeviceRefused, DeviceTimeout, FrameError
from drivers.events import DataEvent, ErrorEvent, StatusEvent
from drivers.port import LineSettings, Port


@dataclass(frozen=True)
class NoteEscrowed:
    """A note is held: the application must stack it (credit) or return it."""

    bill_type: int
    amount: int  # cents


@dataclass(frozen=True)
class NoteStacked:
    """A note is in the cash box: this, and only this, is credit."""

    bill_type: int
    amount: int  # cents


@dataclass(frozen=True)
class NoteReturned:
    """A note went back to the bettor (refused, inhibited, or returned from escrow)."""

    reason: str


class BillAcceptor(Device):
    settings = LineSettings(baudrate=9600, read_timeout=0.02)
    idle_interval = 0.2
    reply_timeout = 0.5
    retries = 2
    address = BILL_VALIDATOR_ADDRESS

    def __init__(self, name: str, url: str, **kwargs: object) -> None:
        super().__init__(name, url, **kwargs)  # type: ignore[arg-type]
        self.notes: dict[int, int] = {}  # bill type -> cents
        self._counter: int | None = None
        self._accepting: frozenset[int] | None = None  # None: master inhibit on
        self._wanted: bool | None = None  # what set_accepting last asked for

    # -- what the application calls -------------------------------------------------------

    def accept_notes(self, amounts: set[int] | None = None, timeout: float = 3.0) -> None:
        """Take notes of these amounts (cents; all known notes if None)."""
        self.call(lambda port: self._accept(port, amounts), timeout)

    def inhibit(self, timeout: float = 3.0) -> None:
        """Refuse every note (master inhibit): no money while the kiosk cannot sell."""
        self.call(self._inhibit, timeout)

    @property
    def accepting(self) -> bool:
        """Whether the acceptor itself has confirmed it takes notes (not merely been asked)."""
        return self._accepting is not None

    def set_accepting(self, accepting: bool) -> Future[None]:
        """Take all known notes, or none, without waiting for the line: returns at once.

        The wish is kept: made before the device is enabled, or while it is away, it is
        applied when the line is (back) up, so a kiosk that stopped selling while the cable
        was out does not find it taking notes again.
        """
        self._wanted = accepting
        if self._thread is None:  # not enabled yet: applied by on_connected when it is
            kept: Future[None] = Future()
            kept.set_result(None)
            return kept
        return self.post(self._apply_wish)

    def _apply_wish(self, port: Port) -> None:
        if self._wanted:
            self._accept(port, None)
        else:
            self._inhibit(port)

    def stack(self, timeout: float = 3.0) -> None:
        self.call(lambda port: self._route(port, RouteCode.STACK), timeout)

    def return_bill(self, timeout: float = 3.0) -> None:
        self.call(lambda port: self._route(port, RouteCode.RETURN), timeout)

    # -- ccTalk ---------------------------------------------------------------------------

    def transact(self, port: Port, header: int, data: bytes = b"") -> bytes:
        """One request and its reply's data, retried on garbled or missing replies."""
        request = cctalk.encode(Message(self.address, HOST_ADDRESS, header, data))
        problem: DeviceError = DeviceTimeout("no reply", device=self.name)
        for _ in range(1 + self.retries):
            port.discard_input()
            port.write(request)
            try:
                reply = self._reply(port, request)
            except (FrameError, DeviceTimeout) as exc:
                problem = exc
                continue
            if reply.header == Header.NAK:
                raise DeviceRefused(f"NAK to header {header}", device=self.name)
            return reply.data
        raise type(problem)(f"header {header}: {problem}", device=self.name)

    def _reply(self, port: Port, request: bytes) -> Message:
        deadline = time.monotonic() + self.reply_timeout
        received = b""
        while True:
            body = cctalk.strip_echo(request, received)
            if len(received) < len(request) and request.startswith(received):
                body = b""  # still reading back our own message
            size = cctalk.frame_length(body)
            if size is not None and len(body) >= size:
                reply = cctalk.decode(body[:size])
                if (reply.destination, reply.source) != (HOST_ADDRESS, self.address):
                    raise FrameError("a reply for another address")
                return reply
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeviceTimeout("no reply", device=self.name)
            received += port.read(64, timeout=min(left, 0.05))

    def probe(self, port: Port) -> str:
        self.transact(port, Header.SIMPLE_POLL)
        return "ok"

    def on_connected(self, port: Port) -> None:
        self.transact(port, Header.SIMPLE_POLL)
        category = self.transact(port, Header.REQUEST_EQUIPMENT_CATEGORY_ID)
        if category.decode("ascii", "replace") != "Bill Validator":
            raise FrameError(f"this is a {category!r}, not a bill validator", device=self.name)
        self.notes = self._read_notes(port)
        if self._wanted is not None:
            self._apply_wish(port)
        elif self._accepting is None:
            self._inhibit(port)
        else:
            self._accept(port, {self.notes[t] for t in self._accepting if t in self.notes})
        buffer = cctalk.parse_event_buffer(self.transact(port, Header.READ_BUFFERED_BILL_EVENTS))
        if self._counter is None:
            self._counter = buffer.counter
        else:  # back after a cut: report what happened meanwhile
            self._handle(buffer)

    def _read_notes(self, port: Port) -> dict[int, int]:
        scales: dict[str, tuple[int, int]] = {}
        notes: dict[int, int] = {}
        for bill_type in range(1, 17):
            bill = cctalk.parse_bill_id(
                self.transact(port, Header.REQUEST_BILL_ID, bytes([bill_type]))
            )
            if bill is None:
                continue
            if bill.country not in scales:
                raw = self.transact(
                    port, Header.REQUEST_COUNTRY_SCALING_FACTOR, bill.country.encode()
                )
                if len(raw) != 3:
                    raise FrameError("a scaling factor has 3 bytes", device=self.name)
                scales[bill.country] = (raw[0] + 256 * raw[1], raw[2])
            scaling, decimals = scales[bill.country]
            notes[bill_type] = cctalk.cents(bill.value, scaling, decimals)
        return notes

    def _accept(self, port: Port, amounts: set[int] | None) -> None:
        types = frozenset(t for t, a in self.notes.items() if amounts is None or a in amounts)
        mask = sum(1 << (t - 1) for t in types)
        self.transact(port, Header.MODIFY_INHIBIT_STATUS, bytes([mask & 0xFF, mask >> 8]))
        self.transact(port, Header.MODIFY_MASTER_INHIBIT_STATUS, b"\x01")
        self._accepting = types

    def _inhibit(self, port: Port) -> None:
        self.transact(port, Header.MODIFY_MASTER_INHIBIT_STATUS, b"\x00")
        self._accepting = None

    def _route(self, port: Port, route: RouteCode) -> None:
        answer = self.transact(port, Header.ROUTE_BILL, bytes([route]))
        if answer and answer[0] == cctalk.ROUTE_ESCROW_EMPTY:
            raise DeviceRefused("no note in escrow", device=self.name)
        if answer and answer[0] == cctalk.ROUTE_FAILED:
            raise DeviceRefused("the note could not be moved", device=self.name)

    def idle(self, port: Port) -> None:
        self._handle(
            cctalk.parse_event_buffer(self.transact(port, Header.READ_BUFFERED_BILL_EVENTS))
        )

    def _handle(self, buffer: cctalk.EventBuffer) -> None:
        events, lost = cctalk.new_events(self._counter, buffer)
        if buffer.counter == 0 and self._counter not in {None, 0}:
            self.emit(StatusEvent(self.name, "reset", "the acceptor restarted"))
        self._counter = buffer.counter
        if lost:
            self.emit(
                ErrorEvent(
                    self.name,
                    DeviceError(f"{lost} events were lost: count the cash box", device=self.name),
                )
            )
        for event in events:
            self._report(event)

    def _report(self, event: cctalk.BillEvent) -> None:
        amount = self.notes.get(event.result_a, 0)
        if event.is_escrow:
            self.emit(DataEvent(self.name, NoteEscrowed(event.result_a, amount)))
        elif event.is_credit:
            self.emit(DataEvent(self.name, NoteStacked(event.result_a, amount)))
        elif (status := event.status) in FAULTS:
            self.emit(ErrorEvent(self.name, DeviceError(_words(status), device=self.name)))
        elif status is not None and status not in {
            BillStatus.STACKER_OK,
            BillStatus.STACKER_INSERTED,
        }:
            self.emit(DataEvent(self.name, NoteReturned(_words(status))))


def _words(status: BillStatus | None) -> str:
    return "unknown event" if status is None else status.name.lower().replace("_", " ")
